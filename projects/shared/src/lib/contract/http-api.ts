/** The Worker's HTTP API: request and response bodies, shared by the Worker and the extension. */
// zod/mini (CONVENTIONS.md "Zod"): functions instead of methods, so a bundle keeps only what it uses.
import * as z from 'zod/mini';
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

export const ErrorCodeSchema = z.enum(
  Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]],
);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({ code: ErrorCodeSchema, message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export { COUNTRY_CODE_PATTERN, E164_PATTERN, PASSCODE_PATTERN };

/** A phone number in E.164 (E164_PATTERN). */
export const E164Schema = z.string().check(z.regex(E164_PATTERN, 'The number must be in E.164 form, e.g. +12125550100.'));

/** ISO 3166-1 alpha-2 country, upper case, as the detector and the settings use it. */
export const CountryCodeSchema = z.string().check(z.regex(COUNTRY_CODE_PATTERN));

/** A NetSapiens MFA passcode (PASSCODE_PATTERN). */
export const PasscodeSchema = z.string().check(z.regex(PASSCODE_PATTERN, 'The passcode is 4 to 10 digits.'));

/** Largest request body the Worker reads, in bytes. */
export const MAX_REQUEST_BYTES = 4096;

export const SignInRequestSchema = z.strictObject({
  username: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
  passcode: z.optional(PasscodeSchema),
});
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

export const SessionUserSchema = z.object({
  uid: z.string().check(z.minLength(1), z.maxLength(256)),
  user: z.string().check(z.minLength(1), z.maxLength(128)),
  domain: z.string().check(z.minLength(1), z.maxLength(128)),
  displayName: z.string().check(z.maxLength(256)),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** Session ids are 256 random bits in base64url (43 characters). */
export const SessionIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/));

export const SignInResponseSchema = z.object({
  session: SessionIdSchema,
  user: SessionUserSchema,
});
export type SignInResponse = z.infer<typeof SignInResponseSchema>;

export const SessionStatusResponseSchema = z.object({
  user: SessionUserSchema,
  /** ISO 8601: when the session ends unless it is used again. */
  expiresAt: z.iso.datetime(),
});
export type SessionStatusResponse = z.infer<typeof SessionStatusResponseSchema>;

export const PlaceCallRequestSchema = z.strictObject({
  /** Only E.164: the extension reads the number with the user's default country before it sends it. */
  destination: E164Schema,
  /** The device that rings first; absent or blank rings the user. */
  origination: z.optional(z.string().check(z.maxLength(128))),
});
export type PlaceCallRequest = z.infer<typeof PlaceCallRequestSchema>;

/**
 * The Worker's handle on a call it placed: opaque to the extension, unguessable, and good only for the session
 * that placed it (GET and DELETE /v1/calls/{callId}).
 */
export const CallIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{22,512}$/));

export const PlaceCallResponseSchema = z.object({
  callId: CallIdSchema,
  /** The number dialled, in E.164. */
  destination: E164Schema,
});
export type PlaceCallResponse = z.infer<typeof PlaceCallResponseSchema>;

export const DeviceSchema = z.object({
  id: z.string().check(z.minLength(1)),
  label: z.string(),
  /** Registered with the PBX now (NetSapiens `device-sip-registration-state`): it can ring. */
  online: z.boolean(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const DevicesResponseSchema = z.object({ devices: z.array(DeviceSchema) });
export type DevicesResponse = z.infer<typeof DevicesResponseSchema>;

/**
 * Where a call is: `ringing_you` (your phone rings), `ringing_them` (you answered; the number you dialled rings),
 * `connected` (both answered), `ended` (it was connected or ringing and is gone), `failed` (it did not happen).
 */
export const CallStateSchema = z.enum(['ringing_you', 'ringing_them', 'connected', 'ended', 'failed']);
export type CallState = z.infer<typeof CallStateSchema>;

/** GET /v1/calls/{callId}: read from the PBX on demand, kept nowhere. */
export const CallStatusResponseSchema = z.object({
  callId: CallIdSchema,
  destination: E164Schema,
  state: CallStateSchema,
  /** ISO 8601, once connected: when both sides had answered. */
  answeredAt: z.optional(z.iso.datetime()),
  /** For `failed`: what happened, in words a user understands. */
  message: z.optional(z.string().check(z.maxLength(300))),
});
export type CallStatusResponse = z.infer<typeof CallStatusResponseSchema>;

/** POST /v1/numbers/describe: a number the user is about to confirm, read by the Worker without dialling it. */
export const DescribeNumberRequestSchema = z.strictObject({ number: E164Schema });
export type DescribeNumberRequest = z.infer<typeof DescribeNumberRequestSchema>;

/** Why the Worker would not dial a number: the error code POST /v1/calls would answer. */
export const NumberRefusalSchema = z.enum(['invalid_number', 'number_not_allowed']);
export type NumberRefusal = z.infer<typeof NumberRefusalSchema>;

/** What the Worker knows about a number (libphonenumber-js "max" metadata and its refused classes); nothing stored. */
export const NumberDescriptionSchema = z.object({
  /** The number as the Worker would dial it (E.164). */
  number: E164Schema,
  /** ISO 3166-1 alpha-2; null for numbers of no country (+881 satellite, +800 …) and for invalid ones. */
  country: z.nullable(CountryCodeSchema),
  /** libphonenumber-js getType() (`MOBILE`, `PERSONAL_NUMBER` …); null when unknown or invalid. */
  type: z.nullable(z.string().check(z.regex(/^[A-Z_]{1,32}$/))),
  /** Whether POST /v1/calls would place it now (before rate limits and the origination check). */
  dialable: z.boolean(),
  refusal: z.nullable(NumberRefusalSchema),
});
export type NumberDescription = z.infer<typeof NumberDescriptionSchema>;

/** A whole number of things, 0 or more. */
export const CountSchema = z.int().check(z.nonnegative());

export const PolicyVersionSchema = z.object({
  /** ISO date (YYYY-MM-DD) the version takes effect. */
  effective: z.iso.date(),
  url: z.url(),
});

export const PolicyResponseSchema = z.object({
  current: PolicyVersionSchema,
  upcoming: z.nullable(
    z.extend(PolicyVersionSchema, {
      summary: z.string().check(z.minLength(1), z.maxLength(500)),
      /** ISO date the change was announced from: at least 14 days before `effective`, as the policy promises. */
      announced: z.iso.date(),
    }),
  ),
});
export type PolicyResponse = z.infer<typeof PolicyResponseSchema>;

/** A NetSapiens user id as the admin API takes it. */
export const UidSchema = z.string().check(z.minLength(1), z.maxLength(256));

export const PurgeRequestSchema = z.strictObject({ uid: UidSchema });
export type PurgeRequest = z.infer<typeof PurgeRequestSchema>;

export const PurgeResponseSchema = z.object({
  uid: z.string(),
  sessionsDeleted: CountSchema,
  auditRecordsDeleted: CountSchema,
});
export type PurgeResponse = z.infer<typeof PurgeResponseSchema>;

/** POST /v1/admin/audit-records: Voipcom staff read one account's archived dials (Cloudflare Access only). */
export const AuditRecordsRequestSchema = z.strictObject({
  uid: UidSchema,
  /** First and last UTC day to read, at most 31 days apart; default: the 7 days up to today. */
  from: z.optional(z.iso.date()),
  to: z.optional(z.iso.date()),
});
export type AuditRecordsRequest = z.infer<typeof AuditRecordsRequestSchema>;

/** One dial as the policy describes it: destination, time, whether it was placed, any error message. */
export const AuditedDialSchema = z.object({
  at: z.iso.datetime(),
  destination: z.string(),
  placed: z.boolean(),
  error: z.nullable(z.string()),
});

export const AuditRecordsResponseSchema = z.object({
  uid: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** Oldest first. */
  dials: z.array(AuditedDialSchema),
  /** Records whose account key is gone (purged) or does not open: counted, never shown. */
  unreadable: CountSchema,
});
export type AuditRecordsResponse = z.infer<typeof AuditRecordsResponseSchema>;

/** Paths of the Worker's API. */
export const API_PATHS = {
  session: '/v1/session',
  calls: '/v1/calls',
  devices: '/v1/devices',
  describeNumber: '/v1/numbers/describe',
  policy: '/v1/policy',
  purge: '/v1/admin/purge',
  auditRecords: '/v1/admin/audit-records',
} as const;
