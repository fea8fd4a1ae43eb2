import { TestBed } from '@angular/core/testing';
import { SESSION_ID, setUpBackground, USER } from '../testing/background-test-bed';
import { WorkerClient } from './worker-client';

describe('WorkerClient', () => {
  let env: ReturnType<typeof setUpBackground>;
  let client: WorkerClient;

  beforeEach(() => {
    env = setUpBackground();
    client = TestBed.inject(WorkerClient);
  });

  it('sends the session id as a bearer token to the configured Worker and validates the answer', async () => {
    env.worker.reply('GET /v1/session', 200, { user: USER, expiresAt: '2026-12-01T00:00:00Z' });
    const result = await client.sessionStatus(SESSION_ID);
    expect(result).toEqual({ ok: true, data: { user: USER, expiresAt: '2026-12-01T00:00:00Z' } });
    expect(env.worker.requests[0]?.authorization).toBe(`Bearer ${SESSION_ID}`);
  });

  it('answers "offline" without a request when the browser is offline', async () => {
    env.network.online = false;
    const result = await client.policy();
    expect(result).toEqual({ ok: false, error: jasmine.objectContaining({ code: 'offline' }) });
    expect(env.worker.requests).toEqual([]);
  });

  it('maps a network failure to "worker_unreachable"', async () => {
    env.worker.unreachable = true;
    const result = await client.policy();
    expect(result).toEqual({ ok: false, error: jasmine.objectContaining({ code: 'worker_unreachable' }) });
  });

  it('passes on the Worker error code and message, with Retry-After for rate limits', async () => {
    env.worker.error('POST /v1/session', 429, 'rate_limited', 'Too many sign-ins.', { 'Retry-After': '42' });
    const result = await client.signIn({ username: 'u', password: 'p' });
    expect(result).toEqual({ ok: false, error: { code: 'rate_limited', message: 'Too many sign-ins.', retryAfter: 42 } });
  });

  it('refuses an answer that does not match the contract', async () => {
    env.worker.reply('POST /v1/calls', 200, { callId: 'call-0123456789abcdefghij', destination: 'not a number' });
    const result = await client.placeCall(SESSION_ID, { destination: '+12125550123' });
    expect(result).toEqual({ ok: false, error: jasmine.objectContaining({ code: 'upstream_error' }) });
  });

  it('treats a 5xx without the error body as the Worker being unreachable', async () => {
    env.worker.reply('GET /v1/devices', 502, '<html>Bad gateway</html>');
    const result = await client.devices(SESSION_ID);
    expect(result).toEqual({ ok: false, error: jasmine.objectContaining({ code: 'worker_unreachable' }) });
  });
});
