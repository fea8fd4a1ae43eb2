/** Runtime messages between the popup, the content script and the background service worker. */
// zod/mini (CONVENTIONS.md "Zod"): functions instead of methods, so a bundle keeps only what it uses.
import * as z from 'zod/mini';
import { isoDate } from './iso-dates';
import { pure } from './pure';
import {
  CallIdSchema,
  CallReasonSchema,
  CallStateSchema,
  CountSchema,
  CountryCodeSchema,
  DeviceSchema,
  E164Schema,
  ErrorCodeSchema,
  FirstLegWarningSchema,
  NumberDescriptionSchema,
  NumberRefusalSchema,
  OrgRulesSchema,
  PasscodeSchema,
  SessionUserSchema,
  SignInRequestSchema,
} from './http-api';
import { ManagedPolicySchema } from './managed-policy';
import { isNumberingPlanOf } from './patterns';
import { MessageType, POPUP_STATE_KEY } from './message-type';
import { EXTENSION_PATTERN } from '../phone/phone-extension';
import type { Result } from '../result/result';

export { MessageType, POPUP_STATE_KEY };

/** Where a number a page offered came from: a content script may only ask to dial these, and never dial. */
export const PageDialSourceSchema = /* @__PURE__ */ pure(() => z.enum(['tel-link', 'highlight']));
export type PageDialSource = z.infer<typeof PageDialSourceSchema>;

/** Every number from a page is confirmed in the window: a content script's ask, the right-click item, the shortcut. */
export const ConfirmSourceSchema = /* @__PURE__ */ pure(() => z.enum(['tel-link', 'highlight', 'context-menu', 'shortcut']));
export type ConfirmSource = z.infer<typeof ConfirmSourceSchema>;

export const SettingsSchema = /* @__PURE__ */ pure(() =>
  z.object({
    /** ISO 3166-1 alpha-2 country for numbers written without +. */
    defaultCountry: CountryCodeSchema,
    highlightNumbers: z.boolean(),
    /** Host names where the content script stays quiet. */
    pausedSites: z.array(z.string().check(z.minLength(1), z.maxLength(253))).check(z.maxLength(500)),
    /** Device that rings first; null rings the user. */
    originationDeviceId: z.nullable(z.string().check(z.maxLength(128))),
  }),
);
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  defaultCountry: 'US',
  highlightNumbers: true,
  pausedSites: [],
  originationDeviceId: null,
};

/** Digits to dial once the call is answered ("ext. 234"): shown to the user, never sent to the Worker. */
export const PhoneExtensionSchema = /* @__PURE__ */ pure(() => z.string().check(z.regex(EXTENSION_PATTERN)));

/** The confirmation's handle: 128 random bits in hex, known only to the background and its window. */
export const ConfirmationTokenSchema = /* @__PURE__ */ pure(() => z.string().check(z.regex(/^[0-9a-f]{32}$/)));

/** What a content script needs to know; deliberately nothing about the user. */
export const PageSettingsSchema = /* @__PURE__ */ pure(() =>
  z
    .object({
      /** Signed in and not paused here: intercept tel: links. */
      interceptTelLinks: z.boolean(),
      /** Also highlight numbers in the page text. */
      highlightNumbers: z.boolean(),
      defaultCountry: CountryCodeSchema,
      /** The default country's numbering-plan line, so the content script need not carry every region's (issue 25). */
      numberingPlan: z.string(),
    })
    .check(
      z.refine((settings) => isNumberingPlanOf(settings.numberingPlan, settings.defaultCountry), {
        message: "Not the default country's numbering plan",
      }),
    ),
);
export type PageSettings = z.infer<typeof PageSettingsSchema>;

export const PageSettingsChangedMessageSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({
    type: z.literal(MessageType.PageSettingsChanged),
    settings: PageSettingsSchema,
  }),
);

export const GetSelectedNumberMessageSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({ type: z.literal(MessageType.GetSelectedNumber) }),
);

/**
 * The answer to GetSelectedNumber: only the dialable number (E.164) found in the selection, never the selected
 * text. Only the focused frame answers, and only when its selection is visible and holds a number (every other
 * listener returns false); no answer at all means "no number".
 */
export const SelectedNumberReplySchema = /* @__PURE__ */ pure(() =>
  z.strictObject({ number: E164Schema, extension: z.optional(PhoneExtensionSchema) }),
);
export type SelectedNumberReply = z.infer<typeof SelectedNumberReplySchema>;

export const MessageErrorSchema = /* @__PURE__ */ pure(() =>
  z.object({
    /** A Worker error code, or one of the extension's own (offline, worker unreachable, no number). */
    code: z.union([ErrorCodeSchema, z.enum(['offline', 'worker_unreachable', 'no_number', 'forbidden_sender', 'confirmation_expired'])]),
    /** For logs and developers only: the extension shows its own text per code (and detail), in the user's language. */
    message: z.string(),
    /** Seconds to wait, for rate_limited. */
    retryAfter: z.optional(CountSchema),
    /** Which destination rule refused the number (POST /v1/calls 403 number_not_allowed), for the extension's own words. */
    refusal: z.optional(NumberRefusalSchema),
    /** Which of the extension's own cases of the code it is, when one code covers several (each has its text). */
    detail: z.optional(z.enum(['paused_here', 'site_off', 'no_background', 'bad_answer'])),
  }),
);
export type MessageError = z.infer<typeof MessageErrorSchema>;

export const DialOutcomeSchema = /* @__PURE__ */ pure(() =>
  z.object({
    destination: z.string(),
    placed: z.boolean(),
    /** epoch milliseconds */
    at: z.number(),
    error: z.optional(MessageErrorSchema),
  }),
);
export type DialOutcome = z.infer<typeof DialOutcomeSchema>;

/**
 * The call the background follows (the last one placed), kept in chrome.storage.session so a restarted service
 * worker picks it up again. Read from the Worker on every poll; `ended` and `failed` are final.
 */
export const CallProgressSchema = /* @__PURE__ */ pure(() =>
  z.object({
    callId: CallIdSchema,
    destination: E164Schema,
    state: CallStateSchema,
    /** epoch milliseconds the dial was placed */
    startedAt: z.number(),
    /** epoch milliseconds both sides had answered, once connected */
    answeredAt: z.optional(z.number()),
    /** epoch milliseconds the call ended or failed */
    endedAt: z.optional(z.number()),
    /** What happened, for logs and developers (the Worker's words or the background's); the popup shows its own text. */
    message: z.optional(z.string().check(z.maxLength(300))),
    /** The background's own reason to stop: it gave up following a very long call, or lost track of the call. */
    reason: z.optional(z.enum(['stopped_following', 'lost_track'])),
    /** The Worker's reason code for a failed or ended call (the popup has one text per code). */
    reasonCode: z.optional(CallReasonSchema),
    /** Digits to dial once connected (the number's extension): the popup says "Then dial …". */
    extension: z.optional(PhoneExtensionSchema),
  }),
);
export type CallProgress = z.infer<typeof CallProgressSchema>;

export const PolicyNoticeSchema = /* @__PURE__ */ pure(() =>
  z.object({
    effective: isoDate(),
    summary: z.string(),
    url: z.url(),
  }),
);
export type PolicyNotice = z.infer<typeof PolicyNoticeSchema>;

export const ExtensionStateSchema = /* @__PURE__ */ pure(() =>
  z.object({
    status: z.enum(['signed-out', 'signed-in']),
    user: z.nullable(SessionUserSchema),
    settings: SettingsSchema,
    /** The last dial, kept in the service worker's memory only. */
    lastDial: z.nullable(DialOutcomeSchema),
    /** An announced policy change the user has not dismissed. */
    policyNotice: z.nullable(PolicyNoticeSchema),
    /**
     * The privacy policy in force, as the Worker's GET /v1/policy names it (POLICY_URL); absent until the Worker
     * answered since the service worker started (offline: no sign-in is possible either, and the link comes back with
     * the first answer).
     */
    policyUrl: z.optional(z.url()),
    /** Why the user was signed out or what last went wrong, for the popup to show. */
    problem: z.nullable(MessageErrorSchema),
    /** The call being followed, or the outcome of the last one until the next dial. */
    call: z.nullable(CallProgressSchema),
    /** What the organisation's administrator set (it wins over `settings`, which already apply it). */
    managed: ManagedPolicySchema,
    /** The user's phones as the Worker last listed them in this browsing session (empty until then). */
    devices: z.array(DeviceSchema),
  }),
);
export type ExtensionState = z.infer<typeof ExtensionStateSchema>;

/** What the confirmation window shows: the number as it will be dialled and where the user clicked it. */
export const PendingDialSchema = /* @__PURE__ */ pure(() =>
  z.object({
    number: E164Schema,
    source: ConfirmSourceSchema,
    /** The top-level site of the tab the number was clicked in (canonical, site-list.ts), so the user knows who offered it. */
    site: z.string().check(z.maxLength(253)),
    /** The site of the frame that offered it, when that is not the tab's (an ad frame); null otherwise. */
    frameSite: z.nullable(z.string().check(z.maxLength(253))),
    /** The user's default country: a number of another country is an international call. */
    defaultCountry: CountryCodeSchema,
    /** The number's extension, shown (to dial once connected), not dialled. */
    extension: z.optional(PhoneExtensionSchema),
  }),
);
export type PendingDial = z.infer<typeof PendingDialSchema>;

/** Every reply from the background: a `Result` (result/result.ts), ok with a payload or an error to show. */
export const replySchema = <T extends z.ZodMiniType>(data: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: MessageErrorSchema })]);

export const DevicesReplySchema = /* @__PURE__ */ pure(() => replySchema(z.array(DeviceSchema)));
export const StateReplySchema = /* @__PURE__ */ pure(() => replySchema(ExtensionStateSchema));
export const DialReplySchema = /* @__PURE__ */ pure(() => replySchema(DialOutcomeSchema));
export const PageSettingsReplySchema = /* @__PURE__ */ pure(() => replySchema(PageSettingsSchema));
export const PendingDialReplySchema = /* @__PURE__ */ pure(() => replySchema(PendingDialSchema));
/** The Worker's reading of the pending number (POST /v1/numbers/describe), or why it could not be asked. */
export const NumberDescriptionReplySchema = /* @__PURE__ */ pure(() => replySchema(NumberDescriptionSchema));
/** The first-leg warnings for the phone chosen to ring first (GET /v1/first-leg), or why they could not be read. */
export const FirstLegReplySchema = /* @__PURE__ */ pure(() => replySchema(z.array(FirstLegWarningSchema)));
/** The signed-in user's organisation's destination rules (GET /v1/org-rules). */
export const OrgRulesReplySchema = /* @__PURE__ */ pure(() => replySchema(OrgRulesSchema));
export const CallReplySchema = /* @__PURE__ */ pure(() => replySchema(z.nullable(CallProgressSchema)));
/** Replies that carry nothing but success or an error. */
export const AckReplySchema = /* @__PURE__ */ pure(() => replySchema(z.null()));

/** Who may send a message: the extension's own pages (popup, confirmation window) or a content script (a page's). */
export type Asker = 'page' | 'content';

/** One message as declared in MESSAGES: who may send it, its fields beside `type`, and (as a type) its reply's schema. */
export interface MessageDeclaration<S extends z.core.$ZodLooseShape, R extends z.ZodMiniType> {
  from: Asker;
  fields: S;
  /** Never set: the reply's schema as a type, so the background's bundle keeps no reply schema. */
  reply?: R;
}

/** Names a reply's schema as a type only: `replies<typeof StateReplySchema>`, an instantiation expression. */
const replies = <R extends z.ZodMiniType>(schema?: R): R | undefined => schema;

/** One row of MESSAGES: who may send it, the reply (a type: `replies<typeof XReplySchema>`) and its fields. */
function answered<R extends z.ZodMiniType, S extends z.core.$ZodLooseShape = Record<never, never>>(
  from: Asker,
  _reply: (schema?: R) => R | undefined,
  fields = {} as S,
): MessageDeclaration<S, R> {
  return { from, fields };
}

const token = { token: ConfirmationTokenSchema };

/**
 * Every runtime message the background answers, declared once: who may send it, its fields (a strict object with
 * `type`), its reply. The background's schema (RuntimeMessageSchema), its sender policy and its handler table, and
 * the popup's client are derived from it. Content scripts may only ask for their page settings, ask to dial a
 * number the user clicked (never dial) and report their selection: a page can make its script send anything it can.
 */
export const MESSAGES = /* @__PURE__ */ pure(() => ({
  [MessageType.GetState]: answered('page', replies<typeof StateReplySchema>),
  [MessageType.RefreshState]: answered('page', replies<typeof StateReplySchema>),
  [MessageType.SignIn]: answered('page', replies<typeof StateReplySchema>, {
    username: SignInRequestSchema.shape.username,
    password: SignInRequestSchema.shape.password,
    passcode: z.optional(PasscodeSchema),
  }),
  [MessageType.SignOut]: answered('page', replies<typeof StateReplySchema>),
  [MessageType.ListDevices]: answered('page', replies<typeof DevicesReplySchema>),
  // Only the popup dials directly (a number from a page is confirmed first: AskToDial, then ConfirmDial).
  [MessageType.Dial]: answered('page', replies<typeof DialReplySchema>, {
    destination: E164Schema,
    source: z.literal('popup'),
    extension: z.optional(PhoneExtensionSchema),
  }),
  [MessageType.AskToDial]: answered('content', replies<typeof AckReplySchema>, {
    /** Already E.164: the content script reads the number with the user's default country. */
    number: E164Schema,
    source: PageDialSourceSchema,
    /** The extension written after the number or in the tel: URI's ";ext=". */
    extension: z.optional(PhoneExtensionSchema),
  }),
  [MessageType.GetPendingDial]: answered('page', replies<typeof PendingDialReplySchema>, token),
  [MessageType.DescribePendingDial]: answered('page', replies<typeof NumberDescriptionReplySchema>, token),
  [MessageType.ConfirmDial]: answered('page', replies<typeof DialReplySchema>, token),
  [MessageType.CancelDial]: answered('page', replies<typeof AckReplySchema>, token),
  /** The first number in the frame's selection, or null when it holds none. */
  [MessageType.ReportSelection]: answered('content', replies<typeof AckReplySchema>, { number: z.nullable(E164Schema) }),
  [MessageType.GetFirstLeg]: answered('page', replies<typeof FirstLegReplySchema>),
  [MessageType.GetOrgRules]: answered('page', replies<typeof OrgRulesReplySchema>),
  [MessageType.GetCall]: answered('page', replies<typeof CallReplySchema>),
  [MessageType.EndCall]: answered('page', replies<typeof CallReplySchema>),
  [MessageType.UpdateSettings]: answered('page', replies<typeof StateReplySchema>, { settings: z.partial(SettingsSchema) }),
  [MessageType.DismissPolicyNotice]: answered('page', replies<typeof StateReplySchema>, { effective: isoDate() }),
  /** No host name: the background judges the whole tab by its top-level site (sender.tab.url). */
  [MessageType.GetPageSettings]: answered('content', replies<typeof PageSettingsReplySchema>),
}));
type Messages = typeof MESSAGES;

/** The messages the background answers. */
export type AnsweredMessageType = keyof Messages;
/** The message of type `K`, as MESSAGES declares it. */
export type MessageOf<K extends AnsweredMessageType> = z.core.$InferObjectOutput<
  Messages[K]['fields'] & { type: z.ZodMiniLiteral<K> },
  Record<never, never>
>;
export type RuntimeMessage = { [K in AnsweredMessageType]: MessageOf<K> }[AnsweredMessageType];
/** The reply the background gives to a message of type `K`. */
export type ReplyTo<K extends AnsweredMessageType> = Result<
  Extract<z.infer<NonNullable<Messages[K]['reply']>>, { ok: true }>['data'],
  MessageError
>;

/** Every message the background answers, each a strict object (no field beyond its declaration). */
export const RuntimeMessageSchema = /* @__PURE__ */ pure(
  () =>
    // Built from the table, so TypeScript cannot follow: RuntimeMessage is the type the table declares.
    z.discriminatedUnion(
      'type',
      Object.entries(MESSAGES).map(([type, { fields }]) => z.strictObject({ type: z.literal(type), ...fields })) as never,
    ) as unknown as z.ZodMiniType<RuntimeMessage>,
);
