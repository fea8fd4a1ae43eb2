/** Injected faults: each kind, `times`, `pathPrefix`, clearing, and rule validation. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Simulator } from '../src/index';
import { avery, getWithToken, json, passwordGrant, postJson, signIn, start } from './helpers';

describe('faults', () => {
  let sim: Simulator;
  let token: string;
  const tokens = () => postJson(`${sim.apiBase}/tokens`, passwordGrant(avery));
  const devices = () => getWithToken(`${sim.apiBase}/domains/~/users/~/devices`, token);

  beforeAll(async () => {
    sim = await start();
    token = (await signIn(sim, avery)).access_token;
  });
  afterEach(() => sim.setFault(null));
  afterAll(() => sim.close());

  it('status: answers that status with {code, message}', async () => {
    sim.setFault({ fault: { kind: 'status', status: 503 } });
    const response = await devices();
    expect(response.status).toBe(503);
    expect((await json(response))['code']).toBe(503);
  });

  it('rate-limit: answers 429 with Retry-After', async () => {
    sim.setFault({ fault: { kind: 'rate-limit', retryAfterSeconds: 7 } });
    const response = await tokens();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await json(response)).toEqual({ code: 429, message: 'Too Many Requests' });
  });

  it('html: answers an HTML page with status 200', async () => {
    sim.setFault({ fault: { kind: 'html' } });
    const response = await tokens();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('malformed-json: answers application/json that does not parse', async () => {
    sim.setFault({ fault: { kind: 'malformed-json' } });
    const response = await tokens();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect((): unknown => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('delay: then serves the request normally', async () => {
    sim.setFault({ fault: { kind: 'delay', ms: 20 } });
    const response = await devices();
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveLength(3);
  });

  it('times: hits only that many matching requests, then clears itself', async () => {
    sim.setFault({ fault: { kind: 'status', status: 500 }, times: 2 });
    expect((await devices()).status).toBe(500);
    expect((await devices()).status).toBe(500);
    expect((await devices()).status).toBe(200);
    expect((await devices()).status).toBe(200);
  });

  it('pathPrefix: hits only paths under it, and those do not use up `times`', async () => {
    sim.setFault({ fault: { kind: 'status', status: 502 }, pathPrefix: '/tokens', times: 1 });
    expect((await devices()).status).toBe(200);
    expect((await tokens()).status).toBe(502);
    expect((await tokens()).status).toBe(200);
  });

  it('method: hits only requests with that method under the path, and the others do not use up `times`', async () => {
    sim.setFault({ fault: { kind: 'status', status: 502 }, pathPrefix: '/tokens', method: 'POST', times: 1 });
    expect((await fetch(`${sim.apiBase}/tokens`)).status).not.toBe(502);
    expect((await tokens()).status).toBe(502);
    expect((await tokens()).status).toBe(200);
  });

  it('counts faulted requests in requestCount() and leaves /_sim/ alone', async () => {
    sim.setFault({ fault: { kind: 'status', status: 500 } });
    const before = sim.requestCount();
    await devices();
    expect(sim.requestCount()).toBe(before + 1);
    expect((await fetch(`${sim.origin}/_sim/health`)).status).toBe(200);
    expect(sim.requestCount()).toBe(before + 1);
  });

  it('setFault(null) clears the rule', async () => {
    sim.setFault({ fault: { kind: 'status', status: 500 } });
    sim.setFault(null);
    expect((await devices()).status).toBe(200);
  });

  it.each([
    { fault: { kind: 'status', status: 200 } },
    { fault: { kind: 'delay', ms: -1 } },
    { fault: { kind: 'explode' } },
    { fault: { kind: 'html' }, times: 0 },
    { fault: { kind: 'html' }, pathPrefix: 'tokens' },
    { fault: { kind: 'html' }, method: 'post' },
  ])('refuses the invalid rule %j', (rule) => {
    expect(() => sim.setFault(rule as never)).toThrow();
  });
});

describe('a delay fault at shutdown', () => {
  it('holds the request until close(), which ends it instead of waiting', async () => {
    const sim = await start();
    sim.setFault({ fault: { kind: 'delay', ms: 120_000 } });
    const pending = postJson(`${sim.apiBase}/tokens`, passwordGrant(avery));
    // Wait (without a deadline) until the request has reached the simulator.
    while (sim.requestCount() === 0) await sleep(5);
    await sim.close();
    await expect(pending).rejects.toThrow();
  });
});
