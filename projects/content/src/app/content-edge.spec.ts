/** The content script's messages, written without zod, are ones the contract declares a content script may send. */
import { MESSAGES, RuntimeMessageSchema } from '@voipcom/shared';
import { chromeEdge } from './content-edge';

describe('chromeEdge', () => {
  const global = globalThis as unknown as { chrome: unknown };
  let saved: unknown;
  let sent: unknown[];

  beforeEach(() => {
    saved = global.chrome;
    sent = [];
    global.chrome = {
      runtime: {
        sendMessage: (message: unknown) => {
          sent.push(message);
          return Promise.resolve(undefined);
        },
      },
    };
  });

  afterEach(() => {
    global.chrome = saved;
  });

  it('sends only messages the contract declares from a content script, each valid as declared', async () => {
    const edge = chromeEdge();
    await edge.getSettings();
    edge.askToDial('+12125550123', 'tel-link');
    edge.askToDial('+12125550123', 'highlight', '234');
    edge.reportSelection('+12125550123');
    edge.reportSelection(null);
    expect(sent.length).toBe(5);
    for (const message of sent) {
      const parsed = RuntimeMessageSchema.safeParse(message);
      expect(parsed.success).withContext(JSON.stringify(message)).toBeTrue();
      if (parsed.success) expect(MESSAGES[parsed.data.type].from).withContext(parsed.data.type).toBe('content');
    }
  });
});
