/** Zod schemas of the NetSapiens answers the Worker uses (AccessToken, Device, ActiveCall); unknown fields are ignored. */
import * as z from 'zod/mini';
import { pure } from '@voipcom/shared';

/** AccessToken as POST /tokens returns it; the MFA step answers the same shape with scope "mfa_required". */
export const AccessTokenSchema = /* @__PURE__ */ pure(() =>
  z.object({
    access_token: z.string().check(z.minLength(1), z.maxLength(4096)),
    refresh_token: z.optional(z.string().check(z.maxLength(4096))),
    expires_in: z.coerce.number().check(z.int(), z.nonnegative(), z.maximum(10 * 365 * 86400)),
    scope: z.optional(z.string()),
    user_scope: z.optional(z.string()),
    uid: z.string().check(z.minLength(1), z.maxLength(256)),
    user: z.string().check(z.minLength(1), z.maxLength(128)),
    domain: z.string().check(z.minLength(1), z.maxLength(128)),
    displayName: z.optional(z.string().check(z.maxLength(256))),
    mfa_type: z.optional(z.string().check(z.maxLength(64))),
    mfa_vendor: z.optional(z.string().check(z.maxLength(64))),
  }),
);
export type AccessToken = z.infer<typeof AccessTokenSchema>;

export const DeviceListSchema = /* @__PURE__ */ pure(() =>
  z.array(
    z.object({
      device: z.string().check(z.minLength(1), z.maxLength(128)),
      'device-models-model': z.nullish(z.string().check(z.maxLength(256))),
      /** The description's enum is "registered" / "unregistered"; any other value is read as not registered. */
      'device-sip-registration-state': z.nullish(z.string().check(z.maxLength(64))),
    }),
  ),
);

/** A live call as the Worker reads it, whichever field names the PBX used. */
export interface ActiveCall {
  /** Every id field of the call that is not empty: orig, by, session, term (in that order, no repeats). */
  ids: string[];
  /** Digits of each field that names the number dialled. */
  numbers: string[];
  /** Epoch ms; null when absent or not a time. */
  startedAt: number | null;
  answeredAt: number | null;
  /** Lower-case leg states: your leg (orig) and the number dialled (term); '' when absent. */
  origLeg: string;
  termLeg: string;
}

const PbxText = /* @__PURE__ */ pure(() => z.nullish(z.string().check(z.maxLength(1024))));

/**
 * ActiveCall under the schema's field names or under those of the description's own example for the same path (API
 * v1 names: orig_callid, term_call_info, time_answer, ...); the description gives both, so either is read. Unknown
 * fields are ignored; a field that is there must be a string.
 */
const ActiveCallSchema = /* @__PURE__ */ pure(() =>
  z.pipe(
    z.object({
      'call-orig-call-id': PbxText,
      'call-by-call-id': PbxText,
      'call-session-id': PbxText,
      'call-term-call-id': PbxText,
      'call-dialed-number': PbxText,
      'call-term-user': PbxText,
      'call-term-uri': PbxText,
      'call-start-datetime': PbxText,
      'call-answer-datetime': PbxText,
      'call-orig-info': PbxText,
      'term-orig-info': PbxText,
      orig_callid: PbxText,
      by_callid: PbxText,
      session_id: PbxText,
      term_callid: PbxText,
      dnis: PbxText,
      term_user: PbxText,
      term_uri: PbxText,
      time_begin: PbxText,
      time_answer: PbxText,
      orig_call_info: PbxText,
      term_call_info: PbxText,
    }),
    z.transform((call): ActiveCall => ({
      ids: distinct([
        call['call-orig-call-id'] ?? call.orig_callid,
        call['call-by-call-id'] ?? call.by_callid,
        call['call-session-id'] ?? call.session_id,
        call['call-term-call-id'] ?? call.term_callid,
      ]),
      numbers: distinct(
        [
          call['call-dialed-number'] ?? call.dnis,
          call['call-term-user'] ?? call.term_user,
          sipUser(call['call-term-uri'] ?? call.term_uri),
        ].map((text) => text?.replace(/\D/g, '')),
      ),
      startedAt: pbxTime(call['call-start-datetime'] ?? call.time_begin),
      answeredAt: pbxTime(call['call-answer-datetime'] ?? call.time_answer),
      origLeg: (call['call-orig-info'] ?? call.orig_call_info ?? '').trim().toLowerCase(),
      termLeg: (call['term-orig-info'] ?? call.term_call_info ?? '').trim().toLowerCase(),
    })),
  ),
);

export const ActiveCallListSchema = /* @__PURE__ */ pure(() => z.array(ActiveCallSchema).check(z.maxLength(1000)));

function distinct(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined && value !== null && value.trim() !== ''))];
}

/** The user part of "sip:14805550100@host". */
function sipUser(uri: string | null | undefined): string | undefined {
  return /^sips?:([^@;]+)@/i.exec(uri ?? '')?.[1];
}

/**
 * "2023-07-19 18:32:58" as the description writes datetimes, read as UTC (it names no zone). Empty, zero
 * ("0000-00-00 00:00:00", how NetSapiens writes "not answered") and anything else is null.
 */
function pbxTime(text: string | null | undefined): number | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(text?.trim() ?? '');
  if (match === null) return null;
  const ms = Date.parse(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(ms) || ms <= 0 ? null : ms;
}

/** The user's answer rules (Answerrule[]): the fields the first-leg check reads; unknown fields are ignored. */
function buildAnswerRuleListSchema() {
  /** An answer-rule feature: "yes"/"no" (YesNoString) and its parameters (strings or numbers, e.g. "vmail_1001", 18005551234). */
  const feature = z.nullish(
    z.object({
      enabled: z.nullish(z.string().check(z.maxLength(16))),
      parameters: z.nullish(z.array(z.union([z.string().check(z.maxLength(256)), z.number()])).check(z.maxLength(100))),
    }),
  );
  return z
    .array(
      z.object({
        'time-frame': z.nullish(z.string().check(z.maxLength(256))),
        /** Read-only in the description: true for the timeframe in force now (a boolean; "yes" read the same). */
        'is-active': z.nullish(z.union([z.boolean(), z.string().check(z.maxLength(16))])),
        'do-not-disturb': feature,
        'forward-always': feature,
        'simultaneous-ring': feature,
      }),
    )
    .check(z.maxLength(200));
}

let cachedAnswerRuleList: ReturnType<typeof buildAnswerRuleListSchema> | undefined;
/** Built on first use (CONVENTIONS.md "Zod"): only the first-leg check and a call that never rang read answer rules. */
export function answerRuleListSchema(): ReturnType<typeof buildAnswerRuleListSchema> {
  cachedAnswerRuleList ??= buildAnswerRuleListSchema();
  return cachedAnswerRuleList;
}
export type AnswerRule = z.infer<ReturnType<typeof buildAnswerRuleListSchema>>[number];
