/** A slow, failing or lying PBX during a dial from the extension: a clear error for the user, and the session still works. */
import { DialReplySchema, MessageType, StateReplySchema } from '@voipcom/shared';
import { DEMO_USERS, type Fault } from '../../simulator/src/index';
import { launchExtensionBrowser, type ExtensionBrowser } from '../support/extension-browser';
import { signIn } from '../support/extension-state';
import { startE2eStack, type E2eStack } from '../support/local-stack';

jest.setTimeout(120_000);

const NS_TIMEOUT_MS = 1000;
const avery = DEMO_USERS.avery;
let stack: E2eStack;
let browser: ExtensionBrowser;

beforeAll(async () => {
  stack = await startE2eStack({ NS_TIMEOUT_MS: String(NS_TIMEOUT_MS) });
  browser = await launchExtensionBrowser();
  await signIn(browser, avery);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

// Four faults and a good dial after each stay within the Worker's 10 dials a minute per session.
const FAULTS: [string, Fault, string][] = [
  ['slow (beyond NS_TIMEOUT_MS)', { kind: 'delay', ms: NS_TIMEOUT_MS * 3 }, 'upstream_timeout'],
  ['failing (500)', { kind: 'status', status: 500 }, 'upstream_error'],
  ['lying (an HTML page)', { kind: 'html' }, 'upstream_error'],
  ['lying (malformed JSON)', { kind: 'malformed-json' }, 'upstream_error'],
];

test.each(FAULTS)('a %s PBX: the Dial reply and the popup name the problem, and the next dial goes through', async (_name, fault, code) => {
  // Only the dial (POST): the status polls of the previous test's call go to the same path and must not use it up.
  stack.simulator.setFault({ fault, pathPrefix: '/domains/~/users/~/calls', method: 'POST', times: 1 });
  const failed = DialReplySchema.parse(await browser.sendMessage({ type: MessageType.Dial, destination: '+14805550190', source: 'popup' }));
  expect(failed.ok ? 'placed' : failed.error.code).toBe(code);

  const popup = await browser.openPopup();
  await popup.getByText('Your phone system didn’t complete the request.').waitFor();
  await popup.close();
  const state = StateReplySchema.parse(await browser.sendMessage({ type: MessageType.GetState }));
  expect(state.ok && state.data.status).toBe('signed-in');
  expect(state.ok && state.data.lastDial).toMatchObject({ placed: false, error: { code } });

  stack.simulator.setFault(null);
  const next = DialReplySchema.parse(await browser.sendMessage({ type: MessageType.Dial, destination: '+14805550191', source: 'popup' }));
  expect(next.ok && next.data).toMatchObject({ placed: true, destination: '+14805550191' });
});

test('nothing on the way logged an error or a CSP violation', () => {
  expect(browser.problems).toEqual([]);
});
