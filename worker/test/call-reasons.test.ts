/** Reason codes: every failed or ended call status and every refused dial carries one, from the simulator's scripted call lives. */
import {
  CallStatusResponseSchema,
  ErrorBodySchema,
  PlaceCallResponseSchema,
  type CallReason,
  type CallState,
  type CallStatusResponse,
} from '@voipcom/shared';
import { DEMO_USERS, type CallScript } from '../../simulator/src/index';
import { openCallId, sealCallId } from './call-ids';
import { startHarness, type Harness } from './harness';

jest.setTimeout(60_000);

const { avery } = DEMO_USERS;
/** Older than the Worker's setup grace (3 s), within its window for calls that never rang (60 s). */
const AFTER_SETUP_MS = 10_000;
/** Past that window. */
const LONG_AGO_MS = 120_000;

let h: Harness;
let session: string;
beforeAll(async () => {
  h = await startHarness();
  session = await h.signIn();
}, 120_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.simulator.setFault(null);
  h.simulator.clearCalls();
  h.simulator.resetAnswerRules();
  for (const device of avery.devices) h.simulator.setDeviceRegistered(device.device, device.registered);
});

async function dial(script: CallScript, body: Record<string, string> = {}): Promise<{ callId: string; pbxCallId: string }> {
  h.simulator.controlNextCall(script);
  const response = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination: '+14805550123', ...body } });
  expect(response.status).toBe(202);
  const { callId } = PlaceCallResponseSchema.parse(await response.json());
  return { callId, pbxCallId: h.simulator.calls().at(-1)!.request['call-id'] };
}

/** The same call's callId as if it had been dialled `ms` earlier. */
function dialledEarlier(callId: string, ms: number): string {
  const { kid, contents } = openCallId(h.sessionKeys, session, callId);
  return sealCallId(h.sessionKeys, kid, session, { ...contents, t: contents.t - ms });
}

async function status(callId: string, seen?: CallState): Promise<CallStatusResponse> {
  const response = await h.fetch(`/v1/calls/${callId}${seen === undefined ? '' : `?seen=${seen}`}`, { session });
  expect(response.status).toBe(200);
  return CallStatusResponseSchema.parse(await response.json());
}

const outcome = (reading: CallStatusResponse): [CallState, CallReason | undefined] => [reading.state, reading.reason];

describe('GET /v1/calls/{callId}: a reason with every failed or ended call, none before', () => {
  test('live states carry no reason', async () => {
    const { callId, pbxCallId } = await dial({ ringYouMs: null });
    expect(await status(callId)).not.toHaveProperty('reason');
    h.simulator.controlCall(pbxCallId, { ringYouMs: 0, ringThemMs: null });
    expect(outcome(await status(callId))).toEqual(['ringing_them', undefined]);
    h.simulator.controlCall(pbxCallId, { ringThemMs: 0 });
    expect(outcome(await status(callId))).toEqual(['connected', undefined]);
  });

  test('busy: the far end listed busy', async () => {
    const { callId } = await dial({ ringYouMs: 0, ringThemMs: 0, them: 'busy', busyMs: null });
    expect(outcome(await status(callId))).toEqual(['failed', 'busy']);
  });

  test('declined: the far end listed declined', async () => {
    const { callId } = await dial({ ringYouMs: 0, ringThemMs: 0, them: 'decline', busyMs: null });
    expect(outcome(await status(callId))).toEqual(['failed', 'declined']);
  });

  test('no_answer: the far end rang out after the client saw it ringing', async () => {
    const { callId } = await dial({ ringYouMs: 0, ringThemMs: 0, them: 'no-answer' });
    expect(outcome(await status(dialledEarlier(callId, AFTER_SETUP_MS), 'ringing_them'))).toEqual(['failed', 'no_answer']);
  });

  test('completed: gone after the client saw it connected', async () => {
    const { callId } = await dial({ ringYouMs: 0, ringThemMs: 0, talkMs: 0 });
    expect(outcome(await status(dialledEarlier(callId, LONG_AGO_MS), 'connected'))).toEqual(['ended', 'completed']);
  });

  test('own_phone_no_answer: your phone rang out, or you declined it', async () => {
    for (const you of ['no-answer', 'decline'] as const) {
      const { callId } = await dial({ you, ringYouMs: 0 });
      expect(outcome(await status(dialledEarlier(callId, AFTER_SETUP_MS), 'ringing_you'))).toEqual(['failed', 'own_phone_no_answer']);
    }
  });

  test('own_phone_offline: the chosen phone is not registered, so nothing rang', async () => {
    const { callId } = await dial({}, { origination: '1001c' });
    expect(h.simulator.calls().at(-1)?.end).toBe('not-rung');
    expect(outcome(await status(dialledEarlier(callId, AFTER_SETUP_MS), 'ringing_you'))).toEqual(['failed', 'own_phone_offline']);
  });

  test('own_phone_dnd: do-not-disturb on, so nothing rang', async () => {
    h.simulator.setAnswerRule(avery.uid, { dnd: true });
    const { callId } = await dial({});
    expect(h.simulator.calls().at(-1)?.end).toBe('dnd');
    expect(outcome(await status(dialledEarlier(callId, AFTER_SETUP_MS), 'ringing_you'))).toEqual(['failed', 'own_phone_dnd']);
  });

  test('ended: gone, and the client said nothing it saw', async () => {
    const { callId } = await dial({ ringYouMs: 0, ringThemMs: 0, talkMs: 0 });
    expect(outcome(await status(dialledEarlier(callId, LONG_AGO_MS)))).toEqual(['ended', 'ended']);
  });

  test('seen must be a call state: anything else is 400', async () => {
    const { callId } = await dial({ ringYouMs: null });
    for (const query of ['?seen=ringing', '?seen=', '?other=1']) {
      const response = await h.fetch(`/v1/calls/${callId}${query}`, { session });
      expect([response.status, ErrorBodySchema.parse(await response.json()).error.code]).toEqual([400, 'invalid_request']);
    }
  });
});

describe('POST /v1/calls: a reason with every refusal', () => {
  test('service_refused: a class Click-to-Dial never calls, with the class named', async () => {
    const response = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination: '+19005550123' } });
    expect(response.status).toBe(403);
    expect(ErrorBodySchema.parse(await response.json()).error).toMatchObject({
      code: 'number_not_allowed',
      reason: 'service_refused',
      refusal: { code: 'class_not_allowed', numberClass: 'premium_rate', by: 'service' },
    });
  });

  test('pbx_refused: the PBX refuses to place the call', async () => {
    h.simulator.setFault({ fault: { kind: 'status', status: 500 }, pathPrefix: '/domains/~/users/~/calls', times: 1 });
    const response = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination: '+14805550123' } });
    expect(response.status).toBe(502);
    expect(ErrorBodySchema.parse(await response.json()).error).toMatchObject({ code: 'upstream_error', reason: 'pbx_refused' });
  });

  test('limit_reached: too many dials', async () => {
    await h.reconfigure({ rateLimits: { DIAL_LIMITER: { limit: 1, period: 60 } } });
    try {
      const fresh = await h.signIn();
      const codes: [number, unknown][] = [];
      for (let i = 0; i < 2; i++) {
        const response = await h.fetch('/v1/calls', { method: 'POST', session: fresh, json: { destination: '+14805550123' } });
        codes.push([response.status, response.status === 202 ? undefined : ErrorBodySchema.parse(await response.json()).error.reason]);
      }
      expect(codes).toEqual([
        [202, undefined],
        [429, 'limit_reached'],
      ]);
    } finally {
      await h.reconfigure({ rateLimits: {} });
    }
  });
});
