/** GET /v1/first-leg in workerd against the simulator's answer rules and registrations: each warning, the active rule only, errors, and nothing kept. */
import { ErrorBodySchema, FirstLegResponseSchema, type FirstLegWarning } from '@voipcom/shared';
import { DEMO_USERS } from '../../simulator/src/index';
import { startHarness, type Harness } from './harness';
import { captureWorkerLogs, LOG_FLUSH_VARS, type WorkerLogs } from './privacy/support/worker-logs';

jest.setTimeout(60_000);

const { avery } = DEMO_USERS;
let h: Harness;
let session: string;
let logs: WorkerLogs;

beforeAll(async () => {
  logs = captureWorkerLogs();
  h = await startHarness({ vars: LOG_FLUSH_VARS, countKvOps: true });
  session = await h.signIn();
}, 120_000);
afterAll(async () => {
  logs?.restore();
  await h?.close();
});
beforeEach(() => {
  h.simulator.setFault(null);
  h.simulator.resetAnswerRules();
  for (const device of avery.devices) h.simulator.setDeviceRegistered(device.device, device.registered);
});

async function warnings(device?: string): Promise<FirstLegWarning[]> {
  const response = await h.fetch(`/v1/first-leg${device === undefined ? '' : `?device=${encodeURIComponent(device)}`}`, { session });
  expect(response.status).toBe(200);
  return FirstLegResponseSchema.parse(await response.json()).warnings;
}

describe('GET /v1/first-leg: the warnings', () => {
  test('no rule and phones online: none, for all phones and for an online phone (the inactive rule’s do-not-disturb is not read)', async () => {
    expect(await warnings()).toEqual([]);
    expect(await warnings('1001a')).toEqual([]);
    expect(await warnings('')).toEqual([]);
  });

  test('the chosen phone offline: phone_offline with its id and label', async () => {
    expect(await warnings('1001c')).toEqual([{ code: 'phone_offline', device: '1001c', label: 'SNAPmobile iOS (1001c)' }]);
  });

  test('no phone chosen and none online: no_phone_online; one comes online: none', async () => {
    h.simulator.setDeviceRegistered('1001a', false);
    h.simulator.setDeviceRegistered('1001b', false);
    expect(await warnings()).toEqual([{ code: 'no_phone_online' }]);
    h.simulator.setDeviceRegistered('1001c', true);
    expect(await warnings()).toEqual([]);
  });

  test('do-not-disturb on: dnd first, then the phone', async () => {
    h.simulator.setAnswerRule(avery.uid, { dnd: true });
    expect(await warnings()).toEqual([{ code: 'dnd' }]);
    expect(await warnings('1001c')).toEqual([{ code: 'dnd' }, { code: 'phone_offline', device: '1001c', label: 'SNAPmobile iOS (1001c)' }]);
  });

  test('forward-always: forwarded, with the target as the PBX names it', async () => {
    h.simulator.setAnswerRule(avery.uid, { forwardAlways: 'vmail_1001' });
    expect(await warnings()).toEqual([{ code: 'forwarded', to: 'vmail_1001' }]);
    h.simulator.setAnswerRule(avery.uid, { forwardAlways: '18005551234', dnd: true });
    expect(await warnings('1001a')).toEqual([{ code: 'dnd' }, { code: 'forwarded', to: '18005551234' }]);
  });

  test('simultaneous ring is no warning: the user’s phones still ring', async () => {
    h.simulator.setAnswerRule(avery.uid, { simultaneousRing: ['<OwnDevices>', '14805550123'] });
    expect(await warnings('1001a')).toEqual([]);
  });
});

describe('GET /v1/first-leg: errors', () => {
  test('a device that is not the user’s, or an unknown query field: 400; no session: 401', async () => {
    for (const path of ['/v1/first-leg?device=1002a', '/v1/first-leg?phone=1001a']) {
      const response = await h.fetch(path, { session });
      expect([response.status, ErrorBodySchema.parse(await response.json()).error.code]).toEqual([400, 'invalid_request']);
    }
    expect((await h.fetch('/v1/first-leg')).status).toBe(401);
  });

  test('the PBX failing to answer the rules: 502, as any PBX error', async () => {
    h.simulator.setFault({ fault: { kind: 'status', status: 500 }, pathPrefix: '/domains/~/users/~/answerrules', times: 1 });
    const response = await h.fetch('/v1/first-leg', { session });
    expect([response.status, ErrorBodySchema.parse(await response.json()).error.code]).toEqual([502, 'upstream_error']);
  });
});

describe('GET /v1/first-leg: read on the fly, kept nowhere', () => {
  test('no KV write, no audit point, and nothing logged that names the user, while the answer did carry a warning', async () => {
    h.simulator.setAnswerRule(avery.uid, { dnd: true, forwardAlways: 'vmail_1001' });
    h.clearAuditPoints();
    await logs.flush(h);
    const linesBefore = logs.lines().length;
    h.resetKvOps();
    expect(await warnings('1001c')).toHaveLength(3);
    expect(h.kvOps('SESSIONS')).toEqual({ reads: 1, writes: 0, deletes: 0, lists: 0 });
    expect(h.kvOps('AUDIT_ARCHIVE')).toEqual({ reads: 0, writes: 0, deletes: 0, lists: 0 });
    const printed = (await logs.flush(h)).slice(linesBefore).join('\n');
    for (const word of [avery.uid, avery.user, avery.domain, 'vmail_1001', '1001c', 'SNAPmobile']) expect(printed).not.toContain(word);
    expect(h.auditPoints()).toEqual([]);
  });
});
