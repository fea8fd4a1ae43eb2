import { err, ok, type Result } from './result';

function half(n: number): Result<number, string> {
  return n % 2 === 0 ? ok(n / 2) : err(`${n} is odd`);
}

describe('Result', () => {
  it('carries the data on success and the error on failure, told apart by ok', () => {
    expect(half(4)).toEqual({ ok: true, data: 2 });
    expect(half(3)).toEqual({ ok: false, error: '3 is odd' });
    const answer = half(8);
    expect(answer.ok ? answer.data : -1).toBe(4);
  });
});
