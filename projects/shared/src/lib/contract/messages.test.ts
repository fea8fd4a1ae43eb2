/** RuntimeMessageSchema is built from MESSAGES: each row is a strict message of its own type, and nothing else passes. */
import { MESSAGES, MessageType, RuntimeMessageSchema } from './messages';

describe('MESSAGES and the schema built from it', () => {
  const token = 'a'.repeat(32);

  it('declares a row for every message the background answers, each from the extension pages or a content script', () => {
    const sent = [MessageType.PageSettingsChanged, MessageType.GetSelectedNumber]; // the background's own, to tabs
    const answered = Object.values(MessageType).filter((type) => !sent.includes(type as (typeof sent)[number]));
    expect(Object.keys(MESSAGES).sort()).toEqual([...answered].sort());
    const fromContent = Object.entries(MESSAGES)
      .filter(([, row]) => row.from === 'content')
      .map(([type]) => type);
    expect(fromContent.sort()).toEqual([MessageType.AskToDial, MessageType.GetPageSettings, MessageType.ReportSelection].sort());
  });

  it('accepts each message with its declared fields and refuses extra fields, missing fields and unknown types', () => {
    const valid = [
      { type: MessageType.GetState },
      { type: MessageType.SignIn, username: '1001@acme', password: 'secret' },
      { type: MessageType.Dial, destination: '+12125550123', source: 'popup', extension: '234' },
      { type: MessageType.AskToDial, number: '+12125550123', source: 'highlight' },
      { type: MessageType.ConfirmDial, token },
      { type: MessageType.ReportSelection, number: null },
      { type: MessageType.UpdateSettings, settings: { highlightNumbers: false } },
    ];
    for (const message of valid) expect(RuntimeMessageSchema.safeParse(message).success).toBe(true);
    const invalid = [
      { type: MessageType.GetState, extra: 1 },
      { type: MessageType.ConfirmDial, token, number: '+12125550123' },
      { type: MessageType.ConfirmDial },
      { type: MessageType.Dial, destination: '+12125550123', source: 'tel-link' },
      { type: MessageType.AskToDial, number: '+12125550123', source: 'popup' },
      { type: MessageType.PageSettingsChanged, settings: {} },
      { type: 'state/steal' },
      { token },
    ];
    for (const message of invalid) expect({ message, ok: RuntimeMessageSchema.safeParse(message).success }).toEqual({ message, ok: false });
  });
});
