import { problemText } from './problem-text';

describe('problemText', () => {
  it('tells how long to wait when rate limited', () => {
    expect(problemText({ code: 'rate_limited', message: 'x', retryAfter: 1 })).toBe('Too many attempts. Try again in 1 second.');
    expect(problemText({ code: 'rate_limited', message: 'x', retryAfter: 90 })).toBe('Too many attempts. Try again in 2 minutes.');
  });

  it('uses the fixed sentence for an expired session', () => {
    expect(problemText({ code: 'session_expired', message: 'whatever the Worker said' })).toBe('Your session expired, sign in again.');
  });

  it('keeps the PBX’s own message for PBX errors', () => {
    expect(problemText({ code: 'upstream_error', message: 'Device busy.' })).toContain('Device busy.');
  });
});
