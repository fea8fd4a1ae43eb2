/** Zod schemas mirroring the request schemas of spec/netsapiens-api-v2.subset.json (AuthRequest, AuthRequestMFA, CallRequest, path parameters). */
import * as z from 'zod/mini';

const YesNo = z.enum(['yes', 'no']);

const ClientCredentials = {
  client_id: z.string(),
  client_secret: z.string(),
};

/** AuthRequest with grant_type password. */
const PasswordGrantSchema = z.object({
  grant_type: z.literal('password'),
  ...ClientCredentials,
  username: z.string(),
  password: z.string(),
});

/** The refresh grant: the spec's AuthRequest lists username/password as required, but NetSapiens' refresh takes only the refresh_token. */
const RefreshGrantSchema = z.object({
  grant_type: z.literal('refresh_token'),
  ...ClientCredentials,
  refresh_token: z.string(),
});

/** AuthRequestMFA: every field is required by the spec, including username and password again. */
const MfaGrantSchema = z.object({
  grant_type: z.literal('mfa'),
  ...ClientCredentials,
  username: z.string(),
  password: z.string(),
  mfa_type: z.string(),
  mfa_vendor: z.string(),
  ns_id_type: z.enum(['subscriber', 'level1']),
  passcode: z.string(),
  access_token: z.string(),
});

export const TokenRequestSchema = z.discriminatedUnion('grant_type', [PasswordGrantSchema, RefreshGrantSchema, MfaGrantSchema]);
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

/** CallRequest as POST /calls takes it; unknown fields are kept so recordings show the body as received. */
export const CallRequestSchema = z.looseObject({
  synchronous: YesNo,
  'call-id': z.string(),
  'dial-rule-application': z.optional(z.string()),
  'call-term-user': z.string(),
  'call-orig-user': z.optional(z.string()),
  'auto-answer-enabled': z.optional(YesNo),
  'caller-id-number': z.optional(z.string()),
  'callback-caller-id-number': z.optional(z.string()),
  'call-term-added-sip-header': z.optional(z.string()),
});
export type CallRequest = z.infer<typeof CallRequestSchema>;

/** DomainNamePath, with the spec's pattern anchored as intended (as published it matches any string). */
export const DomainPathSchema = z.string().check(z.maxLength(64), z.regex(/^(?:[A-Za-z0-9._-]*|~|\*+)$/));

/** UserNamePath. */
export const UserPathSchema = z.string().check(z.maxLength(16));
