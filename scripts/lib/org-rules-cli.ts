/** The staff command line for organisation destination rules (scripts/org-rules.ts): arguments to an admin request, checked with the contract before anything is sent. */
import {
  API_PATHS,
  OrgDomainSchema,
  OrgRulesResponseSchema,
  parseWith,
  SetOrgRulesRequestSchema,
  type OrgRulesResponse,
  type Result,
  err,
  ok,
} from '@voipcom/shared';

export const ORG_RULES_USAGE = `Usage (WORKER=https://<worker host>, and either CF_ACCESS_CLIENT_ID + CF_ACCESS_CLIENT_SECRET
(an Access service token) or CF_ACCESS_TOKEN (from \`cloudflared access token -app=$WORKER\`)):
  npx tsx scripts/org-rules.ts get <domain>
  npx tsx scripts/org-rules.ts set <domain> [--countries US,CA] [--refuse premium_rate,mobile] [--do-not-call +1900,+4420]
  npx tsx scripts/org-rules.ts clear <domain>
"set" replaces every rule of the domain: lists not given are emptied. Number classes: premium_rate, toll_free,
shared_cost, voip, personal_number, pager, uan, voicemail, mobile, fixed_line.`;

/** What the CLI reads from its environment. */
export interface OrgRulesCliEnv {
  WORKER?: string;
  CF_ACCESS_CLIENT_ID?: string;
  CF_ACCESS_CLIENT_SECRET?: string;
  CF_ACCESS_TOKEN?: string;
}

export interface AdminRequest {
  url: string;
  method: 'GET' | 'PUT';
  headers: Record<string, string>;
  body?: string;
}

/** A field of an untrusted error body as text: strings and numbers as they are, anything else as `fallback`. */
function textOf(value: unknown, fallback: string): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The Access headers: a service token's id and secret, or a staff member's token from cloudflared. */
function accessHeaders(env: OrgRulesCliEnv): Result<Record<string, string>, string> {
  if (env.CF_ACCESS_CLIENT_ID && env.CF_ACCESS_CLIENT_SECRET) {
    return ok({ 'CF-Access-Client-Id': env.CF_ACCESS_CLIENT_ID, 'CF-Access-Client-Secret': env.CF_ACCESS_CLIENT_SECRET });
  }
  if (env.CF_ACCESS_TOKEN) return ok({ 'cf-access-token': env.CF_ACCESS_TOKEN });
  return err('Set CF_ACCESS_CLIENT_ID and CF_ACCESS_CLIENT_SECRET, or CF_ACCESS_TOKEN.');
}

/** The request the arguments ask for, or why they are wrong (the usage follows the message). */
export function orgRulesRequest(args: readonly string[], env: OrgRulesCliEnv): Result<AdminRequest, string> {
  const [command, domainArg, ...options] = args;
  if (!env.WORKER) return err('Set WORKER to the Worker’s https address.');
  const headers = accessHeaders(env);
  if (!headers.ok) return headers;
  const domain = parseWith(OrgDomainSchema, domainArg ?? '');
  if (!domain.ok) return err(`The domain is missing or wrong: ${domain.error}`);
  const url = `${env.WORKER.replace(/\/+$/, '')}${API_PATHS.adminOrgRules}`;
  if (command === 'get' && options.length === 0) {
    return ok({ url: `${url}?domain=${encodeURIComponent(domain.data)}`, method: 'GET', headers: headers.data });
  }
  if (command !== 'set' && command !== 'clear') return err(`Unknown command ${command ?? '(none)'}.`);
  const values: Record<string, string | undefined> = {};
  for (let i = 0; i < options.length; i += 2) {
    const flag = options[i];
    if (command === 'clear' || !['--countries', '--refuse', '--do-not-call'].includes(flag) || options[i + 1] === undefined) {
      return err(`Unexpected argument ${flag}.`);
    }
    values[flag] = options[i + 1];
  }
  const request = parseWith(SetOrgRulesRequestSchema, {
    domain: domain.data,
    rules: {
      allowedCountries: list(values['--countries']).map((country) => country.toUpperCase()),
      refusedClasses: list(values['--refuse']),
      doNotCall: list(values['--do-not-call']),
    },
  });
  if (!request.ok) return err(`The rules are not valid: ${request.error}`);
  return ok({ url, method: 'PUT', headers: { ...headers.data, 'Content-Type': 'application/json' }, body: JSON.stringify(request.data) });
}

/** The Worker's answer, checked: the rules in force, or the Worker's error as one line. */
export function readAnswer(status: number, json: unknown): Result<OrgRulesResponse, string> {
  if (status === 200) {
    const parsed = parseWith(OrgRulesResponseSchema, json);
    return parsed.ok ? parsed : err(`Unexpected answer: ${parsed.error}`);
  }
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return err(`${status} ${textOf(error?.code, '')}: ${textOf(error?.message, 'no error body')}`);
}
