/** Runtime messages between the popup, the content script and the background service worker. */
// A namespace import: `import { z }` defeats tree shaking and pulls every zod locale into each bundle.
import * as z from 'zod';
import { DeviceSchema, ErrorCodeSchema, SessionUserSchema } from './http-api';

export const MessageType = {
  /** popup → background: the state to show; also re-checks the session with the Worker. */
  GetState: 'state/get',
  SignIn: 'session/sign-in',
  SignOut: 'session/sign-out',
  ListDevices: 'devices/list',
  /** popup or content script → background: place a call. */
  Dial: 'call/dial',
  UpdateSettings: 'settings/update',
  DismissPolicyNotice: 'policy/dismiss',
  /** content script → background: whether to intercept tel: links and highlight numbers here. */
  GetContentConfig: 'content/get-config',
  /** background → content scripts: the content config changed (sign-in, sign-out, settings). */
  ContentConfigChanged: 'content/config-changed',
  /** background → content script of the active tab (dial-selection shortcut): the number in the selection. */
  GetSelectedNumber: 'content/get-selected-number',
} as const;

/** Where a dial request came from. */
export const DialSourceSchema = z.enum(['popup', 'tel-link', 'highlight', 'context-menu', 'shortcut']);
export type DialSource = z.infer<typeof DialSourceSchema>;

/** Dial sources a content script may use; every other message from a content script is refused. */
export const CONTENT_SCRIPT_DIAL_SOURCES: readonly DialSource[] = ['tel-link', 'highlight'];

export const SettingsSchema = z.object({
  /** ISO 3166-1 alpha-2 country for numbers written without +. */
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
  highlightNumbers: z.boolean(),
  /** Host names where the content script stays quiet. */
  pausedSites: z.array(z.string().min(1).max(253)).max(500),
  /** Device that rings first; null rings the user. */
  originationDeviceId: z.string().max(128).nullable(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  defaultCountry: 'US',
  highlightNumbers: true,
  pausedSites: [],
  originationDeviceId: null,
};

export const SignInMessageSchema = z.strictObject({
  type: z.literal(MessageType.SignIn),
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(256),
  passcode: z.string().max(10).optional(),
});

export const DialMessageSchema = z.strictObject({
  type: z.literal(MessageType.Dial),
  destination: z.string().min(1).max(64),
  source: DialSourceSchema,
});

export const RuntimeMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal(MessageType.GetState) }),
  SignInMessageSchema,
  z.strictObject({ type: z.literal(MessageType.SignOut) }),
  z.strictObject({ type: z.literal(MessageType.ListDevices) }),
  DialMessageSchema,
  z.strictObject({ type: z.literal(MessageType.UpdateSettings), settings: SettingsSchema.partial() }),
  z.strictObject({ type: z.literal(MessageType.DismissPolicyNotice), effective: z.iso.date() }),
  z.strictObject({ type: z.literal(MessageType.GetContentConfig), hostname: z.string().max(253) }),
]);
export type RuntimeMessage = z.infer<typeof RuntimeMessageSchema>;

/** What a content script needs to know; deliberately nothing about the user. */
export const ContentConfigSchema = z.object({
  /** Signed in and not paused here: intercept tel: links. */
  interceptTelLinks: z.boolean(),
  /** Also highlight numbers in the page text. */
  highlightNumbers: z.boolean(),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/),
});
export type ContentConfig = z.infer<typeof ContentConfigSchema>;

export const ContentConfigChangedMessageSchema = z.strictObject({
  type: z.literal(MessageType.ContentConfigChanged),
  config: ContentConfigSchema,
});

export const GetSelectedNumberMessageSchema = z.strictObject({ type: z.literal(MessageType.GetSelectedNumber) });

/**
 * The answer to GetSelectedNumber: only the dialable number (E.164) found in the selection, never the selected
 * text. A frame without a selection or without a number in it does not answer (its listener returns false), so
 * the frame that holds the selection answers; no answer at all means "no number".
 */
export const SelectedNumberReplySchema = z.strictObject({ number: z.string().regex(/^\+\d{6,15}$/) });
export type SelectedNumberReply = z.infer<typeof SelectedNumberReplySchema>;

export const MessageErrorSchema = z.object({
  /** A Worker error code, or one of the extension's own (offline, worker unreachable, no number). */
  code: z.union([ErrorCodeSchema, z.enum(['offline', 'worker_unreachable', 'no_number', 'forbidden_sender'])]),
  message: z.string(),
  /** Seconds to wait, for rate_limited. */
  retryAfter: z.number().int().nonnegative().optional(),
});
export type MessageError = z.infer<typeof MessageErrorSchema>;

export const DialOutcomeSchema = z.object({
  destination: z.string(),
  placed: z.boolean(),
  /** epoch milliseconds */
  at: z.number(),
  error: MessageErrorSchema.optional(),
});
export type DialOutcome = z.infer<typeof DialOutcomeSchema>;

export const PolicyNoticeSchema = z.object({
  effective: z.iso.date(),
  summary: z.string(),
  url: z.url(),
});
export type PolicyNotice = z.infer<typeof PolicyNoticeSchema>;

export const ExtensionStateSchema = z.object({
  status: z.enum(['signed-out', 'signed-in']),
  user: SessionUserSchema.nullable(),
  settings: SettingsSchema,
  /** The last dial, kept in the service worker's memory only. */
  lastDial: DialOutcomeSchema.nullable(),
  /** An announced policy change the user has not dismissed. */
  policyNotice: PolicyNoticeSchema.nullable(),
  /** Why the user was signed out or what last went wrong, for the popup to show. */
  problem: MessageErrorSchema.nullable(),
});
export type ExtensionState = z.infer<typeof ExtensionStateSchema>;

/** Every reply from the background: ok with a payload, or an error to show. */
export const replySchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: MessageErrorSchema }),
  ]);

export const DevicesReplySchema = replySchema(z.array(DeviceSchema));
export const StateReplySchema = replySchema(ExtensionStateSchema);
export const DialReplySchema = replySchema(DialOutcomeSchema);
export const ContentConfigReplySchema = replySchema(ContentConfigSchema);

/** The reply schema of each message the background answers. */
export const REPLY_SCHEMAS = {
  [MessageType.GetState]: StateReplySchema,
  [MessageType.SignIn]: StateReplySchema,
  [MessageType.SignOut]: StateReplySchema,
  [MessageType.ListDevices]: DevicesReplySchema,
  [MessageType.Dial]: DialReplySchema,
  [MessageType.UpdateSettings]: StateReplySchema,
  [MessageType.DismissPolicyNotice]: StateReplySchema,
  [MessageType.GetContentConfig]: ContentConfigReplySchema,
} as const;
