/**
 * Why a call did not go through, from the Worker's reason code, in the extension's own words: one scripted call
 * life of the simulator per code (busy, declined, no answer), the popup's text checked per language.
 */
import { MessageType } from '@voipcom/shared';
import { DEMO_USERS, type CallScript } from '../simulator/src/index';
import { launchExtensionBrowser, type ExtensionBrowser } from './support/extension-browser';
import { startE2eStack, type E2eStack } from './support/local-stack';
import { sendFromPopup, waitForCalls } from './support/page-dialing';

jest.setTimeout(180_000);

const { avery } = DEMO_USERS;

type Language = 'en' | 'es' | 'fr';

/** Each reason code, the call life that leads to it, and the popup's words for it in each language. */
const CASES: { code: string; script: CallScript; words: Record<Language, string> }[] = [
  {
    code: 'busy',
    script: { ringYouMs: 0, you: 'answer', ringThemMs: 0, them: 'busy' },
    words: { en: 'The number you called is busy.', es: 'El número al que llamó está ocupado.', fr: 'Le numéro appelé est occupé.' },
  },
  {
    code: 'declined',
    script: { ringYouMs: 0, you: 'answer', ringThemMs: 0, them: 'decline' },
    words: { en: 'The call was declined.', es: 'Rechazaron la llamada.', fr: 'L’appel a été refusé.' },
  },
  {
    code: 'no_answer',
    script: { ringYouMs: 0, you: 'answer', ringThemMs: 3_000, them: 'no-answer' },
    words: { en: 'Nobody answered.', es: 'Nadie contestó.', fr: 'Personne n’a répondu.' },
  },
];

let stack: E2eStack;

beforeAll(async () => {
  stack = await startE2eStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe.each(['en'] as const)('in %s', (language) => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchExtensionBrowser({ lang: language });
    const state = await sendFromPopup(browser, { type: MessageType.SignIn, username: avery.username, password: avery.password });
    expect(state.status).toBe('signed-in');
  });

  afterAll(async () => {
    await browser?.close();
  });

  test.each(CASES.map((testCase) => [testCase.code, testCase] as const))('%s', async (_code, testCase) => {
    stack.simulator.clearCalls();
    stack.simulator.controlNextCall(testCase.script);
    const dialled = (await browser.sendMessage({ type: MessageType.Dial, destination: '+13105550142', source: 'popup' })) as {
      ok: boolean;
    };
    expect(dialled.ok).toBe(true);
    await waitForCalls(stack, 1);
    const popup = await browser.openPopup();
    await popup.locator('.call-state').filter({ hasText: testCase.words[language] }).waitFor({ timeout: 30_000 });
    await popup.close();
  });
});
