/** The hand-written message checks accept and refuse exactly what the shared zod contract does. */
import { PageSettingsChangedMessageSchema, PageSettingsReplySchema, GetSelectedNumberMessageSchema, MessageType } from '@voipcom/shared';
import { isGetSelectedNumber, parsePageSettingsChanged, parsePageSettingsReply } from './content-messages';
import { numberingPlanLine } from '../../../shared/src/lib/phone/numbering-plans';

const settings = { interceptTelLinks: true, highlightNumbers: false, defaultCountry: 'GB', numberingPlan: numberingPlanLine('GB') };
const settingsValues: unknown[] = [
  settings,
  { ...settings, extra: 1 },
  { ...settings, defaultCountry: 'gb' },
  { ...settings, defaultCountry: 'GBR' },
  { ...settings, interceptTelLinks: 'yes' },
  { interceptTelLinks: true, highlightNumbers: true },
  { ...settings, numberingPlan: '' },
  { ...settings, numberingPlan: undefined },
  { ...settings, numberingPlan: 44 },
  { ...settings, numberingPlan: numberingPlanLine('FR') },
  { ...settings, numberingPlan: `${numberingPlanLine('GB')}\n${numberingPlanLine('FR')}` },
  { ...settings, numberingPlan: `GB 44 ${'0'.repeat(3000)}` },
  null,
  [],
  'config',
];
const replies: unknown[] = [
  ...settingsValues.map((data) => ({ ok: true, data })),
  { ok: false, error: { code: 'offline', message: 'Offline' } },
  { ok: false, data: settings },
  { ok: 'true', data: settings },
  { data: settings },
  undefined,
];
const changes: unknown[] = [
  ...settingsValues.map((value) => ({ type: MessageType.PageSettingsChanged, settings: value })),
  { type: MessageType.PageSettingsChanged, settings: settings, extra: true },
  { type: MessageType.GetPageSettings, settings: settings },
  { settings: settings },
  42,
];

describe('content-messages', () => {
  it("reads the default country with the contract's pattern: two upper-case letters, nothing else", () => {
    for (const defaultCountry of ['GB', 'gb', 'GBR', 'G', '', ' GB', 'G1']) {
      const reply = { ok: true, data: { ...settings, defaultCountry } };
      const parsed = PageSettingsReplySchema.safeParse(reply);
      expect(parsePageSettingsReply(reply)?.defaultCountry)
        .withContext(defaultCountry)
        .toEqual(parsed.success && parsed.data.ok ? parsed.data.data.defaultCountry : undefined);
    }
    expect(parsePageSettingsReply({ ok: true, data: settings })?.defaultCountry).toBe('GB');
  });

  it('parses settings replies exactly like PageSettingsReplySchema', () => {
    for (const reply of replies) {
      const parsed = PageSettingsReplySchema.safeParse(reply);
      const expected = parsed.success && parsed.data.ok ? parsed.data.data : undefined;
      expect(parsePageSettingsReply(reply)).withContext(JSON.stringify(reply)).toEqual(expected);
    }
  });

  it('parses settings changes exactly like PageSettingsChangedMessageSchema', () => {
    for (const change of changes) {
      const parsed = PageSettingsChangedMessageSchema.safeParse(change);
      expect(parsePageSettingsChanged(change))
        .withContext(JSON.stringify(change))
        .toEqual(parsed.success ? parsed.data.settings : undefined);
    }
  });

  it('recognises GetSelectedNumber exactly like GetSelectedNumberMessageSchema', () => {
    const messages: unknown[] = [
      { type: MessageType.GetSelectedNumber },
      { type: MessageType.GetSelectedNumber, text: 'x' },
      { type: MessageType.GetPageSettings },
      null,
    ];
    for (const message of messages) {
      expect(isGetSelectedNumber(message))
        .withContext(JSON.stringify(message))
        .toBe(GetSelectedNumberMessageSchema.safeParse(message).success);
    }
  });
});
