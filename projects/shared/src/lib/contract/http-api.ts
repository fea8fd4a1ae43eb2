/** The Worker's HTTP API: request and response bodies, shared by the Worker and the extension. */
// zod/mini (CONVENTIONS.md "Zod"): functions instead of methods, so a bundle keeps only what it uses.
import * as z from 'zod/mini';
import { isoDate, isoDateTime } from './iso-dates';
import { pure } from './pure';
import { COUNTRY_CODE_PATTERN, E164_PATTERN, PASSCODE_PATTERN } from './patterns';

/** Every error code the Worker answers with, and the HTTP status that goes with it. */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_number: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  mfa_required: 401,
  session_expired: 401,
  forbidden: 403,
  number_not_allowed: 403,
  not_found: 404,
  /** GET/DELETE /v1/calls/{callId}: no call of this session has that id (also a forged or foreign id). */
  call_not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  /** The admin API is switched off: Cloudflare Access is not configured for it. */
  admin_not_configured: 503,
  /** A fault of the platform (KV, a rate-limit binding): nothing was done; retry after Retry-After seconds. */
  service_unavailable: 503,
  upstream_timeout: 504,
} as const;

export const ErrorCodeSchema = /* @__PURE__ */ pure(() =>
  z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export { COUNTRY_CODE_PATTERN, E164_PATTERN, PASSCODE_PATTERN };

/** A phone number in E.164 (E164_PATTERN). */
export const E164Schema = /* @__PURE__ */ pure(() =>
  z.string().check(z.regex(E164_PATTERN, 'The number must be in E.164 form, e.g. +12125550100.')),
);

/** ISO 3166-1 alpha-2 country, upper case, as the detector and the settings use it. */
export const CountryCodeSchema = /* @__PURE__ */ pure(() => z.string().check(z.regex(COUNTRY_CODE_PATTERN)));

/**
 * Why a call did not happen or is over, one code per case, for the extension to say in its own words (the
 * error's or status's English `message` is for logs only). Answered by POST /v1/calls in `error.reason` (refusals)
 * and by GET /v1/calls/{callId} in `reason` (every `failed` or `ended` call):
 * - `completed`: both sides had answered, then the call ended (either side hung up). State `ended`.
 * - `ended`: the call is over and the PBX says no more (e.g. the client sent no `seen` state). State `ended`.
 * - `busy`: the number dialled was busy. State `failed`.
 * - `no_answer`: the number dialled rang and nobody answered. State `failed`.
 * - `declined`: the number dialled refused the call. State `failed`.
 * - `own_phone_offline`: your phone (the one chosen, or every phone of yours) is not online, so it never rang. State `failed`.
 * - `own_phone_no_answer`: your phone rang and was not answered (or you declined it). State `failed`.
 * - `own_phone_dnd`: do-not-disturb is on, so your phone never rang. State `failed`.
 * - `pbx_refused`: the phone system refused to place the call (POST /v1/calls 502 `upstream_error`).
 * - `org_refused`: your organisation's destination rules refuse the number (POST /v1/calls 403
 *   `number_not_allowed`, with `error.refusal` saying which rule).
 * - `service_refused`: Click-to-Dial never calls this class of number (POST /v1/calls 403 `number_not_allowed`,
 *   `error.refusal.by` = `service`).
 * - `limit_reached`: too many calls in a short time (POST /v1/calls 429 `rate_limited`).
 */
export const CallReasonSchema = /* @__PURE__ */ pure(() =>
  z.enum([
    'completed',
    'ended',
    'busy',
    'no_answer',
    'declined',
    'own_phone_offline',
    'own_phone_no_answer',
    'own_phone_dnd',
    'pbx_refused',
    'org_refused',
    'service_refused',
    'limit_reached',
  ]),
);
export type CallReason = z.infer<typeof CallReasonSchema>;

/**
 * Number classes as organisation rules (and refusals) name them: libphonenumber-js `getType()` in lower case.
 * US and Canadian numbers are mostly `fixed_line_or_mobile` (getType cannot tell): an organisation rule refusing
 * `mobile` refuses such a number only when it refuses `fixed_line` too.
 */
export const NumberClassSchema = /* @__PURE__ */ pure(() =>
  z.enum([
    'premium_rate',
    'toll_free',
    'shared_cost',
    'voip',
    'personal_number',
    'pager',
    'uan',
    'voicemail',
    'mobile',
    'fixed_line',
    // The international networks' calling codes (+870, +881, +882 …), refused by the service (BLOCKED_NUMBER_TYPES).
    'international_network',
  ]),
);
export type NumberClass = z.infer<typeof NumberClassSchema>;

/**
 * Which destination rule refuses a number (403 `number_not_allowed`, in `error.refusal`; and, before any dial,
 * POST /v1/numbers/describe's `refusal`), one vocabulary for both:
 * - `country_not_allowed`: the organisation allows only some countries; `country` is the number's (ISO 3166-1
 *   alpha-2, e.g. `CU`: "Your organisation does not allow calls to Cuba"), absent for a number of no country (an
 *   international network such as +882: "...does not allow calls outside its countries").
 * - `class_not_allowed`: the number's class is refused, by the organisation (`by: "organisation"`) or by
 *   Click-to-Dial itself for everyone (`by: "service"`, e.g. premium rate).
 * - `do_not_call`: the number is on the organisation's do-not-call list (or starts with a prefix on it).
 */
export const NumberRefusalSchema = /* @__PURE__ */ pure(() =>
  z.discriminatedUnion('code', [
    z.object({ code: z.literal('country_not_allowed'), country: z.optional(CountryCodeSchema) }),
    z.object({ code: z.literal('class_not_allowed'), numberClass: NumberClassSchema, by: z.enum(['organisation', 'service']) }),
    z.object({ code: z.literal('do_not_call') }),
  ]),
);
export type NumberRefusal = z.infer<typeof NumberRefusalSchema>;

/**
 * Every Worker error. `reason` and `refusal` come only with POST /v1/calls: `reason` with a refusal, a limit or a
 * PBX error (CallReasonSchema), `refusal` with 403 `number_not_allowed` from a destination rule. Clients show
 * their own text by `code`, `reason` and `refusal`; `message` is English for logs.
 */
export const ErrorBodySchema = /* @__PURE__ */ pure(() =>
  z.object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string(),
      reason: z.optional(CallReasonSchema),
      refusal: z.optional(NumberRefusalSchema),
    }),
  }),
);
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** A NetSapiens MFA passcode (PASSCODE_PATTERN). */
export const PasscodeSchema = /* @__PURE__ */ pure(() => z.string().check(z.regex(PASSCODE_PATTERN, 'The passcode is 4 to 10 digits.')));

/** Largest request body the Worker reads, in bytes. */
export const MAX_REQUEST_BYTES = 4096;

export const SignInRequestSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({
    username: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
    password: z.string().check(z.minLength(1), z.maxLength(256)),
    passcode: z.optional(PasscodeSchema),
  }),
);
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

export const SessionUserSchema = /* @__PURE__ */ pure(() =>
  z.object({
    uid: z.string().check(z.minLength(1), z.maxLength(256)),
    user: z.string().check(z.minLength(1), z.maxLength(128)),
    domain: z.string().check(z.minLength(1), z.maxLength(128)),
    displayName: z.string().check(z.maxLength(256)),
  }),
);
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** Session ids are 256 random bits in base64url (43 characters). */
export const SessionIdSchema = /* @__PURE__ */ pure(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)));

export const SignInResponseSchema = /* @__PURE__ */ pure(() =>
  z.object({
    session: SessionIdSchema,
    user: SessionUserSchema,
  }),
);
export type SignInResponse = z.infer<typeof SignInResponseSchema>;

export const SessionStatusResponseSchema = /* @__PURE__ */ pure(() =>
  z.object({
    user: SessionUserSchema,
    /** ISO 8601: when the session ends unless it is used again. */
    expiresAt: isoDateTime(),
  }),
);
export type SessionStatusResponse = z.infer<typeof SessionStatusResponseSchema>;

export const PlaceCallRequestSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({
    /** Only E.164: the extension reads the number with the user's default country before it sends it. */
    destination: E164Schema,
    /** The device that rings first; absent or blank rings the user. */
    origination: z.optional(z.string().check(z.maxLength(128))),
  }),
);
export type PlaceCallRequest = z.infer<typeof PlaceCallRequestSchema>;

/**
 * The Worker's handle on a call it placed: opaque to the extension, unguessable, and good only for the session
 * that placed it (GET and DELETE /v1/calls/{callId}).
 */
export const CallIdSchema = /* @__PURE__ */ pure(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{22,512}$/)));

export const PlaceCallResponseSchema = /* @__PURE__ */ pure(() =>
  z.object({
    callId: CallIdSchema,
    /** The number dialled, in E.164. */
    destination: E164Schema,
  }),
);
export type PlaceCallResponse = z.infer<typeof PlaceCallResponseSchema>;

export const DeviceSchema = /* @__PURE__ */ pure(() =>
  z.object({
    id: z.string().check(z.minLength(1)),
    label: z.string(),
    /** Registered with the PBX now (NetSapiens `device-sip-registration-state`): it can ring. */
    online: z.boolean(),
  }),
);
export type Device = z.infer<typeof DeviceSchema>;

export const DevicesResponseSchema = /* @__PURE__ */ pure(() => z.object({ devices: z.array(DeviceSchema) }));
export type DevicesResponse = z.infer<typeof DevicesResponseSchema>;

/**
 * Where a call is: `ringing_you` (your phone rings), `ringing_them` (you answered; the number you dialled rings),
 * `connected` (both answered), `ended` (it was connected or ringing and is gone), `failed` (it did not happen).
 */
export const CallStateSchema = /* @__PURE__ */ pure(() => z.enum(['ringing_you', 'ringing_them', 'connected', 'ended', 'failed']));
export type CallState = z.infer<typeof CallStateSchema>;

/**
 * GET /v1/calls/{callId}?seen=<CallState>: read from the PBX on demand, kept nowhere. `seen` (optional) is the last
 * state the client saw for this call: the Worker keeps nothing, so once the PBX no longer lists the call, it is
 * what tells `completed` (seen `connected`) from `no_answer` (seen `ringing_them`) and `own_phone_no_answer` (seen
 * `ringing_you`). Without it such a call is `ended` with reason `ended`.
 */
export const CallStatusQuerySchema = /* @__PURE__ */ pure(() => z.strictObject({ seen: z.optional(CallStateSchema) }));
export type CallStatusQuery = z.infer<typeof CallStatusQuerySchema>;

export const CallStatusResponseSchema = /* @__PURE__ */ pure(() =>
  z.object({
    callId: CallIdSchema,
    destination: E164Schema,
    state: CallStateSchema,
    /** ISO 8601, once connected: when both sides had answered. */
    answeredAt: z.optional(isoDateTime()),
    /** For `failed` and `ended` (always there in those states, never in others): why, as a code (CallReasonSchema). */
    reason: z.optional(CallReasonSchema),
    /** For `failed`: what happened, in English, for logs (the extension shows its own text for `reason`). */
    message: z.optional(z.string().check(z.maxLength(300))),
  }),
);
export type CallStatusResponse = z.infer<typeof CallStatusResponseSchema>;

/** POST /v1/numbers/describe: a number the user is about to confirm, read by the Worker without dialling it. */
export const DescribeNumberRequestSchema = /* @__PURE__ */ pure(() => z.strictObject({ number: E164Schema }));
export type DescribeNumberRequest = z.infer<typeof DescribeNumberRequestSchema>;

/**
 * What the Worker knows about a number (libphonenumber-js "max" metadata) and whether it would dial it, judged by
 * the one function the dial uses (the service's refused classes, then the organisation's rules); nothing stored.
 */
export const NumberDescriptionSchema = /* @__PURE__ */ pure(() =>
  z.object({
    /** The number as the Worker would dial it (E.164). */
    number: E164Schema,
    /** ISO 3166-1 alpha-2; null for numbers of no country (+881 satellite, +800 …) and for invalid ones. */
    country: z.nullable(CountryCodeSchema),
    /** libphonenumber-js getType() (`MOBILE`, `PERSONAL_NUMBER` …); null when unknown or invalid. */
    type: z.nullable(z.string().check(z.regex(/^[A-Z_]{1,32}$/))),
    /** A number that can be dialled at all; false: POST /v1/calls would answer 400 `invalid_number`. */
    valid: z.boolean(),
    /** Whether POST /v1/calls would place it now (before rate limits and the origination check): valid and not refused. */
    dialable: z.boolean(),
    /** The rule that refuses it: what POST /v1/calls would answer in `error.refusal` (403 `number_not_allowed`); null when none does. */
    refusal: z.nullable(NumberRefusalSchema),
  }),
);
export type NumberDescription = z.infer<typeof NumberDescriptionSchema>;

/**
 * GET /v1/first-leg?device=<device id>: will the user's phone ring if they dial now? `device` is the phone chosen
 * to ring first (absent or blank: all the user's phones, as POST /v1/calls `origination`). Read from the PBX at
 * each request (the active answer rule and the phones' registration), stored nowhere, not audited. 400
 * `invalid_request` when `device` is not one of the user's; 401; 502/504 when the PBX cannot be read (the
 * extension then shows no warning). A warning never blocks a call.
 */
export const FirstLegQuerySchema = /* @__PURE__ */ pure(() => z.strictObject({ device: z.optional(z.string().check(z.maxLength(128))) }));
export type FirstLegQuery = z.infer<typeof FirstLegQuerySchema>;

/**
 * One reason the first leg would not reach the user:
 * - `dnd`: do-not-disturb is on in the active answer rule: no phone of the user rings.
 * - `forwarded`: the active answer rule forwards every call; the first leg goes to `to`, exactly as the PBX names
 *   the target (e.g. `18005551234`, `vmail_1001`, `user_1002`), at most 128 characters.
 * - `phone_offline`: the chosen phone (`device` id, `label` as GET /v1/devices names it) is not registered.
 * - `no_phone_online`: no phone was chosen and none of the user's phones is registered.
 */
export const FirstLegWarningSchema = /* @__PURE__ */ pure(() =>
  z.discriminatedUnion('code', [
    z.object({ code: z.literal('dnd') }),
    z.object({ code: z.literal('forwarded'), to: z.string().check(z.minLength(1), z.maxLength(128)) }),
    z.object({ code: z.literal('phone_offline'), device: z.string().check(z.minLength(1)), label: z.string() }),
    z.object({ code: z.literal('no_phone_online') }),
  ]),
);
export type FirstLegWarning = z.infer<typeof FirstLegWarningSchema>;

/**
 * 200 answer of GET /v1/first-leg: every warning that applies, most telling first (dnd, forwarded, then the
 * phones); empty when the phone should ring.
 */
export const FirstLegResponseSchema = /* @__PURE__ */ pure(() => z.object({ warnings: z.array(FirstLegWarningSchema) }));
export type FirstLegResponse = z.infer<typeof FirstLegResponseSchema>;

/** A do-not-call entry: a whole E.164 number or a prefix of one ("+" and 1 to 15 digits). */
export const DoNotCallEntrySchema = /* @__PURE__ */ pure(() =>
  z.string().check(z.regex(/^\+[1-9]\d{0,14}$/, 'Each do-not-call entry is + and 1 to 15 digits.')),
);

/** Longest do-not-call list an organisation may keep (read at every dial). */
export const MAX_DO_NOT_CALL_ENTRIES = 500;

/**
 * An organisation's destination rules (per NetSapiens domain), enforced by POST /v1/calls on top of the service's
 * own refused classes. Every list empty: no rules (and nothing stored).
 * - `allowedCountries`: only numbers of these countries may be dialled; empty: every country.
 * - `refusedClasses`: number classes refused beyond the service's defaults.
 * - `doNotCall`: numbers, or prefixes, never to call.
 */
export const OrgRulesSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({
    allowedCountries: z.array(CountryCodeSchema).check(z.maxLength(250)),
    refusedClasses: z.array(NumberClassSchema).check(z.maxLength(10)),
    doNotCall: z.array(DoNotCallEntrySchema).check(z.maxLength(MAX_DO_NOT_CALL_ENTRIES)),
  }),
);
export type OrgRules = z.infer<typeof OrgRulesSchema>;

/** A NetSapiens domain (an organisation) as the admin API takes it; stored and compared in lower case. */
export const OrgDomainSchema = /* @__PURE__ */ pure(() =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(128), z.regex(/^[^\s/]+$/)),
);

/**
 * The rules of one organisation: GET /v1/org-rules (the signed-in user's own domain, read-only, for the popup's
 * settings), GET /v1/admin/org-rules?domain=… and PUT /v1/admin/org-rules (staff, Cloudflare Access).
 * `updatedAt`: ISO 8601 of the last change, null when none is set. `domain` in lower case.
 */
export const OrgRulesResponseSchema = /* @__PURE__ */ pure(() =>
  z.object({
    domain: z.string(),
    rules: OrgRulesSchema,
    updatedAt: z.nullable(isoDateTime()),
  }),
);
export type OrgRulesResponse = z.infer<typeof OrgRulesResponseSchema>;

/** PUT /v1/admin/org-rules: replaces an organisation's rules; all lists empty removes them. Answer: OrgRulesResponse. */
export const SetOrgRulesRequestSchema = /* @__PURE__ */ pure(() => z.strictObject({ domain: OrgDomainSchema, rules: OrgRulesSchema }));
export type SetOrgRulesRequest = z.infer<typeof SetOrgRulesRequestSchema>;

/** A whole number of things, 0 or more. */
export const CountSchema = /* @__PURE__ */ pure(() => z.int().check(z.nonnegative()));

export const PolicyVersionSchema = /* @__PURE__ */ pure(() =>
  z.object({
    /** ISO date (YYYY-MM-DD) the version takes effect. */
    effective: isoDate(),
    url: z.url(),
  }),
);

export const PolicyResponseSchema = /* @__PURE__ */ pure(() =>
  z.object({
    current: PolicyVersionSchema,
    // The version's fields spread in rather than z.extend(), which would cost the background's bundle 0.8 KB.
    upcoming: z.nullable(
      z.object({
        ...PolicyVersionSchema.shape,
        summary: z.string().check(z.minLength(1), z.maxLength(500)),
        /** ISO date the change was announced from: at least 14 days before `effective`, as the policy promises. */
        announced: isoDate(),
      }),
    ),
  }),
);
export type PolicyResponse = z.infer<typeof PolicyResponseSchema>;

/** A NetSapiens user id as the admin API takes it. */
export const UidSchema = /* @__PURE__ */ pure(() => z.string().check(z.minLength(1), z.maxLength(256)));

export const PurgeRequestSchema = /* @__PURE__ */ pure(() => z.strictObject({ uid: UidSchema }));
export type PurgeRequest = z.infer<typeof PurgeRequestSchema>;

export const PurgeResponseSchema = /* @__PURE__ */ pure(() =>
  z.object({
    uid: z.string(),
    sessionsDeleted: CountSchema,
    auditRecordsDeleted: CountSchema,
  }),
);
export type PurgeResponse = z.infer<typeof PurgeResponseSchema>;

/** POST /v1/admin/audit-records: Voipcom staff read one account's archived dials (Cloudflare Access only). */
export const AuditRecordsRequestSchema = /* @__PURE__ */ pure(() =>
  z.strictObject({
    uid: UidSchema,
    /** First and last UTC day to read, at most 31 days apart; default: the 7 days up to today. */
    from: z.optional(isoDate()),
    to: z.optional(isoDate()),
  }),
);
export type AuditRecordsRequest = z.infer<typeof AuditRecordsRequestSchema>;

/** One dial as the policy describes it: destination, time, whether it was placed, any error (its code). */
export const AuditedDialSchema = /* @__PURE__ */ pure(() =>
  z.object({
    at: isoDateTime(),
    destination: z.string(),
    placed: z.boolean(),
    error: z.nullable(z.string()),
  }),
);

export const AuditRecordsResponseSchema = /* @__PURE__ */ pure(() =>
  z.object({
    uid: z.string(),
    from: isoDate(),
    to: isoDate(),
    /** Oldest first. */
    dials: z.array(AuditedDialSchema),
    /** Records whose account key is gone (purged) or does not open: counted, never shown. */
    unreadable: CountSchema,
  }),
);
export type AuditRecordsResponse = z.infer<typeof AuditRecordsResponseSchema>;

/** Paths of the Worker's API. */
export const API_PATHS = {
  session: '/v1/session',
  calls: '/v1/calls',
  devices: '/v1/devices',
  describeNumber: '/v1/numbers/describe',
  policy: '/v1/policy',
  firstLeg: '/v1/first-leg',
  orgRules: '/v1/org-rules',
  adminOrgRules: '/v1/admin/org-rules',
  purge: '/v1/admin/purge',
  auditRecords: '/v1/admin/audit-records',
} as const;
