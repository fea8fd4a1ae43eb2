/** Parses and validates the Worker's vars and secrets with zod, once per isolate (they do not change while it lives). */
import * as z from 'zod/mini';
import { jsonOrUndefined, ok, parseWith, type PolicyResponse, type Result, pure } from '@voipcom/shared';
import type { PhoneNumberType } from 'libphonenumber-js/max';
import type { Env } from './env';
import { fromBase64Url } from './crypto/encoding';
import { CALLING_CODE_PATTERN, PHONE_NUMBER_TYPES, type RefusedNumbers } from './phone/dial-destination';

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
  /** Number types (libphonenumber-js getType()) and calling codes POST /v1/calls refuses with 403 number_not_allowed. */
  refusedNumbers: RefusedNumbers;
  policy: PolicyResponse;
  sessionKeys: SessionKeyring;
  auditKeys: AuditKeyring;
}

/** AUDIT_KEYS has the same shape; each key derives the audit trail's index and wrap keys (src/audit/audit-keyring.ts). */
export type AuditKeyring = SessionKeyring;

const KeyIdSchema = /* @__PURE__ */ pure(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)));
const RawKeySchema = /* @__PURE__ */ pure(() =>
  z.pipe(
    z.string(),
    z.transform((text, ctx) => {
      const bytes = fromBase64Url(text);
      if (bytes?.length === 32) return bytes;
      ctx.issues.push({ code: 'custom', message: 'each key is base64url of 32 bytes', input: text });
      return z.NEVER;
    }),
  ),
);

/** A keyring secret, {"current":"<kid>","keys":{"<kid>":"<base64url of 32 bytes>"}}, with key ids as `kid` allows. */
function keyringSchema(kid: z.ZodMiniString) {
  return z.pipe(
    z.pipe(
      z.string(),
      z.transform((text, ctx) => {
        const json = jsonOrUndefined(text);
        if (json !== undefined) return json;
        ctx.issues.push({ code: 'custom', message: 'not JSON', input: text });
        return z.NEVER;
      }),
    ),
    z.pipe(
      z
        .strictObject({ current: kid, keys: z.record(kid, RawKeySchema) })
        .check(z.refine((keyring) => keyring.current in keyring.keys, 'current names no key')),
      z.transform((keyring): SessionKeyring => ({ current: keyring.current, keys: new Map(Object.entries(keyring.keys)) })),
    ),
  );
}

/**
 * Exact origins only: an extension id, a Firefox install's origin (or `moz-extension://*` for any install), an https
 * origin, or a loopback http origin for development.
 */
const ORIGIN_PATTERN =
  /^(chrome-extension:\/\/[a-p]{32}|moz-extension:\/\/(\*|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|https:\/\/[A-Za-z0-9.-]+(:\d+)?|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)$/;

/** A comma-separated list of items each checked by `item`; empty entries are dropped. */
function commaList<T extends z.ZodMiniType<unknown, string>>(item: T) {
  return z.pipe(
    z.pipe(
      z.string(),
      z.transform((list) =>
        list
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
    ),
    z.array(item),
  );
}

/** Host names that never leave the machine: plain http is allowed to them only (the simulator in development). */
const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;
/** Days of notice the policy promises before a material change takes effect. */
export const POLICY_NOTICE_DAYS = 14;
const DAY_MS = 86_400_000;

/** Built on the first request, not at startup (CONVENTIONS.md "Zod"): the isolate starts without it. */
let configSchema: ReturnType<typeof buildConfigSchema> | undefined;

function buildConfigSchema() {
  return z
    .object({
      // The policy: credentials go to the authentication endpoint "over TLS"; the PBX receives them from here.
      NS_API_BASE: z.pipe(
        z.url({ protocol: /^https?$/ }).check(
          z.refine((url) => url.startsWith('https:') || LOOPBACK_HOST.test(new URL(url).hostname), {
            message: 'must be an https: URL (http: only for a loopback PBX in development)',
          }),
        ),
        z.transform((url) => url.replace(/\/+$/, '')),
      ),
      NS_CLIENT_ID: z.string().check(z.minLength(1)),
      NS_CLIENT_SECRET: z.string().check(z.minLength(1)),
      NS_TIMEOUT_MS: z.coerce.number().check(z.int(), z.minimum(50), z.maximum(60_000)),
      ALLOWED_ORIGINS: commaList(z.string().check(z.regex(ORIGIN_PATTERN))).check(z.minLength(1)),
      /** Comma-separated getType() names and calling codes (`+881`); empty blocks nothing. */
      BLOCKED_NUMBER_TYPES: commaList(
        z.string().check(
          z.refine((entry) => (PHONE_NUMBER_TYPES as readonly string[]).includes(entry) || CALLING_CODE_PATTERN.test(entry), {
            message: `each entry is one of ${PHONE_NUMBER_TYPES.join(', ')}, or a calling code such as +881`,
          }),
        ),
      ),
      POLICY_EFFECTIVE: z.iso.date(),
      POLICY_URL: z.url(),
      POLICY_UPCOMING_EFFECTIVE: z.union([z.literal(''), z.iso.date()]),
      POLICY_UPCOMING_URL: z.union([z.literal(''), z.url()]),
      POLICY_UPCOMING_SUMMARY: z.string().check(z.maxLength(500)),
      POLICY_UPCOMING_ANNOUNCED: z.union([z.literal(''), z.iso.date()]),
      SESSION_KEYS: keyringSchema(KeyIdSchema),
      /** Audit key ids are written into every dial's Analytics Engine index (96 bytes at most): 16 characters at most. */
      AUDIT_KEYS: keyringSchema(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,16}$/))),
    })
    .check(
      z.refine(
        (vars) => vars.POLICY_UPCOMING_EFFECTIVE === '' || (vars.POLICY_UPCOMING_URL !== '' && vars.POLICY_UPCOMING_SUMMARY !== ''),
        { message: 'an upcoming policy needs its URL and summary', path: ['POLICY_UPCOMING_EFFECTIVE'] },
      ),
      z.refine(
        (vars) =>
          vars.POLICY_UPCOMING_EFFECTIVE === '' ||
          (vars.POLICY_UPCOMING_ANNOUNCED !== '' &&
            Date.parse(vars.POLICY_UPCOMING_EFFECTIVE) - Date.parse(vars.POLICY_UPCOMING_ANNOUNCED) >= POLICY_NOTICE_DAYS * DAY_MS),
        {
          message: `an upcoming policy takes effect at least ${POLICY_NOTICE_DAYS} days after its announcement date`,
          path: ['POLICY_UPCOMING_ANNOUNCED'],
        },
      ),
    );
}

/** Parsed once per env object: workerd hands the same env to every request of an isolate, and its vars never change. */
const parsedByEnv = new WeakMap<Env, Result<Config, string>>();

/** Problems name the variable and the rule broken, never the value (some values are secrets). */
export function parseConfig(env: Env): Result<Config, string> {
  let parsed = parsedByEnv.get(env);
  if (parsed === undefined) {
    parsed = readConfig(env);
    parsedByEnv.set(env, parsed);
  }
  return parsed;
}

function readConfig(env: Env): Result<Config, string> {
  configSchema ??= buildConfigSchema();
  const parsed = parseWith(configSchema, env);
  if (!parsed.ok) return parsed;
  const vars = parsed.data;
  return ok({
    nsApiBase: vars.NS_API_BASE,
    nsClientId: vars.NS_CLIENT_ID,
    nsClientSecret: vars.NS_CLIENT_SECRET,
    nsTimeoutMs: vars.NS_TIMEOUT_MS,
    allowedOrigins: new Set(vars.ALLOWED_ORIGINS),
    refusedNumbers: refusedNumbers(vars.BLOCKED_NUMBER_TYPES),
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
  });
}

/** BLOCKED_NUMBER_TYPES split into the types and the calling codes it names. */
function refusedNumbers(entries: readonly string[]): RefusedNumbers {
  const types = new Set<PhoneNumberType>(PHONE_NUMBER_TYPES.filter((type) => entries.includes(type)));
  return { types, callingCodes: new Set(entries.filter((entry) => CALLING_CODE_PATTERN.test(entry))) };
}
