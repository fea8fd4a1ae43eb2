/**
 * What an organisation's administrator can set for every user (Chrome's managed storage, declared to Chrome in
 * projects/extension/managed-schema.json): the policy names an admin writes, and the policy as the extension applies it.
 */
import * as z from 'zod/mini';
import { pure } from './pure';
import { CountryCodeSchema } from './http-api';

/** A host name as the tab's top-level site is compared (tab-site.ts): lower-case labels of letters, digits, hyphens. */
export const SiteSchema = /* @__PURE__ */ pure(() =>
  z.string().check(z.maxLength(253), z.regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/)),
);

/** The part after @ in a NetSapiens username (its domain): letters, digits, dots, hyphens, underscores. */
export const UsernameDomainSchema = /* @__PURE__ */ pure(() => z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/)));

/** The policy as the extension applies it; an absent field leaves that choice to the user. */
export const ManagedPolicySchema = /* @__PURE__ */ pure(() =>
  z.object({
    /** ISO 3166-1 alpha-2 country for numbers written without +. */
    defaultCountry: z.optional(CountryCodeSchema),
    highlightNumbers: z.optional(z.boolean()),
    /** Sites where Click-to-Dial stays inactive, whatever the user chose; each covers its subdomains. */
    inactiveSites: z.array(SiteSchema).check(z.maxLength(500)),
    /** Completes a username typed without @ at sign-in ("1001" → "1001@acme"). */
    usernameDomain: z.optional(UsernameDomainSchema),
  }),
);
export type ManagedPolicy = z.infer<typeof ManagedPolicySchema>;

export const NO_MANAGED_POLICY: ManagedPolicy = { inactiveSites: [] };

/** The policy names in managed storage (Chrome's convention: CamelCase, as in chrome://policy), per field. */
export const MANAGED_POLICY_NAMES = {
  defaultCountry: 'DefaultCountry',
  highlightNumbers: 'HighlightNumbers',
  inactiveSites: 'InactiveSites',
  usernameDomain: 'UsernameDomain',
} as const satisfies Record<keyof ManagedPolicy, string>;

export { canonicalHost, siteIsListed, siteOfUrl } from './site-list';
