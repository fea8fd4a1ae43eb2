/** A slow, failing or lying PBX during a dial: a clear error code, an audit row saying the call was not placed, and the session survives. */
import { ErrorBodySchema, PlaceCallResponseSchema, SignInResponseSchema } from '@voipcom/shared';
import { DEMO_USERS, type Fault } from '../../../simulator/src/index';
import { openPoint, pseudonymOf } from '../audit-vault';
import { startHarness, type Harness } from '../harness';
import { captureWorkerLogs, LOG_FLUSH_VARS, type WorkerLogs } from './support/worker-logs';

jest.setTimeout(60_000);

const NS_TIMEOUT_MS = 400;
const avery = DEMO_USERS.avery;
let h: Harness;
let session: string;
let logs: WorkerLogs;

beforeAll(async () => {
  logs = captureWorkerLogs();
  h = await startHarness({ vars: { NS_TIMEOUT_MS: String(NS_TIMEOUT_MS), ...LOG_FLUSH_VARS } });
  const response = await h.fetch('/v1/session', { method: 'POST', json: { username: avery.username, password: avery.password } });
  expect(response.status).toBe(201);
  session = SignInResponseSchema.parse(await response.json()).session;
}, 120_000);
afterAll(async () => {
  logs?.restore();
  await h?.close();
});

/** Name, fault, status, wire code, and the audit code the row keeps (worker/src/http/failure.ts; never the English message). */
const FAULTS: [string, Fault, number, string, string][] = [
  ['slow (beyond NS_TIMEOUT_MS)', { kind: 'delay', ms: NS_TIMEOUT_MS * 4 }, 504, 'upstream_timeout', 'pbx_timeout'],
  ['failing (500)', { kind: 'status', status: 500 }, 502, 'upstream_error', 'pbx_failing:500'],
  ['failing (503)', { kind: 'status', status: 503 }, 502, 'upstream_error', 'pbx_failing:503'],
  ['lying (an HTML page with 200)', { kind: 'html' }, 502, 'upstream_error', 'pbx_answer_unreadable'],
  ['lying (malformed JSON with 200)', { kind: 'malformed-json' }, 502, 'upstream_error', 'pbx_answer_unreadable'],
];

test.each(FAULTS)(
  '[policy: dial events record whether the call was placed and any error message] a %s PBX: clear error, audit row, session kept',
  async (_name, fault, status, code, auditCode) => {
    h.clearAuditPoints();
    const callsBefore = h.simulator.calls().length;
    h.simulator.setFault({ fault, pathPrefix: '/domains/~/users/~/calls', times: 1 });
    const failed = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination: '+14805550177' } });
    expect(failed.status).toBe(status);
    const error = ErrorBodySchema.parse(await failed.json()).error;
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(0);

    const [point] = await h.waitForAuditPoints(1);
    const kv = await h.kv('AUDIT_ARCHIVE');
    expect(await openPoint(kv, h.auditKeys, point)).toMatchObject({
      pseudonym: pseudonymOf(h.auditKeys, avery.uid),
      destination: '+14805550177',
      placed: false,
      error: auditCode,
    });

    // Nothing lost: the same session places the next call.
    h.simulator.setFault(null);
    const next = await h.fetch('/v1/calls', { method: 'POST', session, json: { destination: '+14805550178' } });
    expect(next.status).toBe(202);
    expect(PlaceCallResponseSchema.parse(await next.json()).destination).toBe('+14805550178');
    expect(h.simulator.calls().length).toBeGreaterThan(callsBefore);
    const points = await h.waitForAuditPoints(2);
    expect((await openPoint(kv, h.auditKeys, points[1]))?.placed).toBe(true);
  },
);

test('a PBX that does not answer is logged with why (the transport error kept as the cause), never with the session id or credentials', async () => {
  h.simulator.setFault({ fault: { kind: 'delay', ms: NS_TIMEOUT_MS * 4 }, pathPrefix: '/domains/~/users/~/devices', times: 1 });
  const timedOut = await h.fetch('/v1/devices', { session });
  expect(timedOut.status).toBe(504);
  h.simulator.setFault(null);
  const lines = await logs.flush(h);
  const line = lines.find((printed) => printed.includes('"event":"failed:pbx_timeout"'));
  expect(line).toBeDefined();
  // The cause's name and message: the abort of the bounded request.
  expect(line).toMatch(/TimeoutError|AbortError/);
  for (const secret of [session, avery.password]) expect(lines.join('\n')).not.toContain(secret);
});
