/** The hand-written message checks accept and refuse exactly what the shared zod contract does. */
import {
  ContentConfigChangedMessageSchema,
  ContentConfigReplySchema,
  GetSelectedNumberMessageSchema,
  MessageType,
} from '@voipcom/shared';
import {
  CONTENT_CONFIG_CHANGED,
  ASK_TO_DIAL,
  GET_CONTENT_CONFIG,
  GET_SELECTED_NUMBER,
  isGetSelectedNumber,
  REPORT_SELECTION,
  parseContentConfigChanged,
  parseContentConfigReply,
} from './content-config';

const config = { interceptTelLinks: true, highlightNumbers: false, defaultCountry: 'GB' };
const configs: unknown[] = [
  config,
  { ...config, extra: 1 },
  { ...config, defaultCountry: 'gb' },
  { ...config, defaultCountry: 'GBR' },
  { ...config, interceptTelLinks: 'yes' },
  { interceptTelLinks: true, highlightNumbers: true },
  null,
  [],
  'config',
];
const replies: unknown[] = [
  ...configs.map((data) => ({ ok: true, data })),
  { ok: false, error: { code: 'offline', message: 'Offline' } },
  { ok: false, data: config },
  { ok: 'true', data: config },
  { data: config },
  undefined,
];
const changes: unknown[] = [
  ...configs.map((value) => ({ type: MessageType.ContentConfigChanged, config: value })),
  { type: MessageType.ContentConfigChanged, config, extra: true },
  { type: MessageType.GetContentConfig, config },
  { config },
  42,
];

describe('content-config', () => {
  it('uses the contract message types', () => {
    expect([GET_CONTENT_CONFIG, CONTENT_CONFIG_CHANGED, GET_SELECTED_NUMBER, ASK_TO_DIAL, REPORT_SELECTION]).toEqual([
      MessageType.GetContentConfig,
      MessageType.ContentConfigChanged,
      MessageType.GetSelectedNumber,
      MessageType.AskToDial,
      MessageType.ReportSelection,
    ]);
  });

  it('parses config replies exactly like ContentConfigReplySchema', () => {
    for (const reply of replies) {
      const parsed = ContentConfigReplySchema.safeParse(reply);
      const expected = parsed.success && parsed.data.ok ? parsed.data.data : undefined;
      expect(parseContentConfigReply(reply)).withContext(JSON.stringify(reply)).toEqual(expected);
    }
  });

  it('parses config changes exactly like ContentConfigChangedMessageSchema', () => {
    for (const change of changes) {
      const parsed = ContentConfigChangedMessageSchema.safeParse(change);
      expect(parseContentConfigChanged(change))
        .withContext(JSON.stringify(change))
        .toEqual(parsed.success ? parsed.data.config : undefined);
    }
  });

  it('recognises GetSelectedNumber exactly like GetSelectedNumberMessageSchema', () => {
    const messages: unknown[] = [
      { type: MessageType.GetSelectedNumber },
      { type: MessageType.GetSelectedNumber, text: 'x' },
      { type: MessageType.GetContentConfig },
      null,
    ];
    for (const message of messages) {
      expect(isGetSelectedNumber(message))
        .withContext(JSON.stringify(message))
        .toBe(GetSelectedNumberMessageSchema.safeParse(message).success);
    }
  });
});
