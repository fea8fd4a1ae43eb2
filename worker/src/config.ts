/** Parses and validates the Worker's vars and secrets with zod at the start of each request. */
import { z } from 'zod';
import type { PolicyResponse } from '@voipcom/shared';
import type { PhoneNumberType } from 'libphonenumber-js/max';
import type { Env } from './env';
import { fromBase64Url } from './crypto/encoding';
import { PHONE_NUMBER_TYPES } from './phone/dial-destination';

export interface SessionKeyring {
  /** Key id new ciphertexts are written with. */
  current: string;
  /** Every key id that still decrypts, with its raw 32-byte AES-256 key. */
  keys: ReadonlyMap<string, Uint8Array<ArrayBuffer>>;
}

export interface Config {
  nsApiBase: string;
  nsClientId: string;
  nsClientSecret: string;
  nsTimeoutMs: number;
  allowedOrigins: ReadonlySet<string>;
  /** Number types (libphonenumber-js getType()) that POST /v1/calls refuses with 403 number_not_allowed. */
  blockedNumberTypes: ReadonlySet<PhoneNumberType>;
  policy: PolicyResponse;
  sessionKeys: SessionKeyring;
  auditKeys: AuditKeyring;
}

/** AUDIT_KEYS has the same shape; each key derives the audit trail's index and wrap keys (src/audit/audit-keyring.ts). */
export type AuditKeyring = SessionKeyring;

const KeyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const RawKeySchema = z
  .string()
  .transform((text, ctx) => {
    const bytes = fromBase64Url(text);
    if (bytes?.length === 32) return bytes;
    ctx.addIssue({ code: 'custom', message: 'each key is base64url of 32 bytes' });
    return z.NEVER;
  });

/** A keyring secret, {"current":"<kid>","keys":{"<kid>":"<base64url of 32 bytes>"}}, with key ids as `kid` allows. */
function keyringSchema(kid: z.ZodString) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.strictObject({ current: kid, keys: z.record(kid, RawKeySchema) }))
    .refine((keyring) => keyring.current in keyring.keys, 'current names no key')
    .transform((keyring): SessionKeyring => ({ current: keyring.current, keys: new Map(Object.entries(keyring.keys)) }));
}

const SessionKeysSchema = keyringSchema(KeyIdSchema);
/** Audit key ids are written into every dial's Analytics Engine index (96 bytes at most): 16 characters at most. */
const AuditKeysSchema = keyringSchema(z.string().regex(/^[A-Za-z0-9_-]{1,16}$/));

/** Exact origins only: an extension id, an https origin, or a loopback http origin for development. */
const OriginSchema = z.string().regex(/^(chrome-extension:\/\/[a-p]{32}|https:\/\/[A-Za-z0-9.-]+(:\d+)?|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)$/);

/** Comma-separated getType() names; empty blocks nothing. */
const BlockedNumberTypesSchema = z
  .string()
  .transform((list) => list.split(',').map((type) => type.trim()).filter(Boolean))
  .pipe(z.array(z.enum(PHONE_NUMBER_TYPES, { error: `each entry is one of ${PHONE_NUMBER_TYPES.join(', ')}` })));

/** Host names that never leave the machine: plain http is allowed to them only (the simulator in development). */
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
/** Days of notice the policy promises before a material change takes effect. */
export const POLICY_NOTICE_DAYS = 14;
const DAY_MS = 86_400_000;

const ConfigSchema = z
  .object({
    // The policy: credentials go to the authentication endpoint "over TLS"; the PBX receives them from here.
    NS_API_BASE: z
      .url({ protocol: /^https?$/ })
      .refine((url) => url.startsWith('https:') || LOOPBACK_HOST.test(new URL(url).hostname), {
        message: 'must be an https: URL (http: only for a loopback PBX in development)',
      })
      .transform((url) => url.replace(/\/+$/, '')),
    NS_CLIENT_ID: z.string().min(1),
    NS_CLIENT_SECRET: z.string().min(1),
    NS_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000),
    ALLOWED_ORIGINS: z
      .string()
      .transform((list) => list.split(',').map((origin) => origin.trim()).filter(Boolean))
      .pipe(z.array(OriginSchema).min(1)),
    BLOCKED_NUMBER_TYPES: BlockedNumberTypesSchema,
    POLICY_EFFECTIVE: z.iso.date(),
    POLICY_URL: z.url(),
    POLICY_UPCOMING_EFFECTIVE: z.union([z.literal(''), z.iso.date()]),
    POLICY_UPCOMING_URL: z.union([z.literal(''), z.url()]),
    POLICY_UPCOMING_SUMMARY: z.string().max(500),
    POLICY_UPCOMING_ANNOUNCED: z.union([z.literal(''), z.iso.date()]),
    SESSION_KEYS: SessionKeysSchema,
    AUDIT_KEYS: AuditKeysSchema,
  })
  .refine(
    (vars) => vars.POLICY_UPCOMING_EFFECTIVE === '' || (vars.POLICY_UPCOMING_URL !== '' && vars.POLICY_UPCOMING_SUMMARY !== ''),
    { message: 'an upcoming policy needs its URL and summary', path: ['POLICY_UPCOMING_EFFECTIVE'] },
  )
  .refine(
    (vars) =>
      vars.POLICY_UPCOMING_EFFECTIVE === '' ||
      (vars.POLICY_UPCOMING_ANNOUNCED !== '' &&
        Date.parse(vars.POLICY_UPCOMING_EFFECTIVE) - Date.parse(vars.POLICY_UPCOMING_ANNOUNCED) >= POLICY_NOTICE_DAYS * DAY_MS),
    {
      message: `an upcoming policy takes effect at least ${POLICY_NOTICE_DAYS} days after its announcement date`,
      path: ['POLICY_UPCOMING_ANNOUNCED'],
    },
  );

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string };

/** Problems name the variable and the rule broken, never the value (some values are secrets). */
export function parseConfig(env: Env): ConfigResult {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    return { ok: false, problems };
  }
  const vars = parsed.data;
  return {
    ok: true,
    config: {
      nsApiBase: vars.NS_API_BASE,
      nsClientId: vars.NS_CLIENT_ID,
      nsClientSecret: vars.NS_CLIENT_SECRET,
      nsTimeoutMs: vars.NS_TIMEOUT_MS,
      allowedOrigins: new Set(vars.ALLOWED_ORIGINS),
      blockedNumberTypes: new Set(vars.BLOCKED_NUMBER_TYPES),
      policy: {
        current: { effective: vars.POLICY_EFFECTIVE, url: vars.POLICY_URL },
        upcoming:
          vars.POLICY_UPCOMING_EFFECTIVE === ''
            ? null
            : {
                effective: vars.POLICY_UPCOMING_EFFECTIVE,
                url: vars.POLICY_UPCOMING_URL,
                summary: vars.POLICY_UPCOMING_SUMMARY,
                announced: vars.POLICY_UPCOMING_ANNOUNCED,
              },
      },
      sessionKeys: vars.SESSION_KEYS,
      auditKeys: vars.AUDIT_KEYS,
    },
  };
}
