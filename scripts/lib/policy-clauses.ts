/**
 * Every promise of the privacy policy (../shared/spec/privacy-policy.txt) as a clause, in the policy's own words.
 * A test proves a clause when its title starts with `[policy: <id>]`; `npm test` prints one row per clause and
 * fails when a clause has fewer passing tests than its `minTests`, or none at all unless `untestable` says why
 * software cannot prove it. Where the tests prove the words as read in a stated way, `reading` says how.
 */

export interface PolicyClause {
  /** What test titles carry: `[policy: <id>]`. */
  id: string;
  /** The policy's own words. */
  words: string;
  /** Why no test can prove this clause (staff conduct, the platform's own behaviour); absent when tests must. */
  untestable?: string;
  /**
   * Fewest tests that must carry the clause (all passing): a clause whose tests are dropped one by one fails the
   * run before it has none. Required unless `untestable`; raise it when tests are added.
   */
  minTests?: number;
  /** How the tests read the policy's words, where they could be read more than one way. */
  reading?: string;
  /**
   * A promise the extension keeps inside the browser: it must be proven in every browser we ship, so a clause
   * whose tests ran only in Chromium fails the run (`CHROMIUM ONLY`).
   */
  browserSide?: true;
}

export const POLICY_CLAUSES: readonly PolicyClause[] = [
  // What we collect
  {
    id: 'credentials go only to the authentication endpoint over TLS',
    words: 'transmitted directly to a Voipcom-operated authentication endpoint over TLS',
    minTests: 2,
  },
  { id: 'credentials are not stored', words: 'are not stored anywhere after the initial token exchange', minTests: 3 },
  {
    id: 'the access token only authorizes calls',
    words: 'An access token issued by NetSapiens after sign-in, used to authorize calls on your behalf.',
    minTests: 1,
  },
  {
    id: 'the session id persists locally until sign-out or uninstall',
    words: "in your browser's local extension storage (persists across browser restarts until you sign out or uninstall the extension)",
    minTests: 2,
    browserSide: true,
  },
  {
    id: 'server-side sessions are kept in encrypted edge storage',
    words: "on Voipcom's servers in encrypted edge storage",
    minTests: 2,
  },
  {
    id: 'sessions expire after 30 days of inactivity',
    words: 'expires automatically after 30 days of inactivity',
    minTests: 2,
  },
  { id: 'server sessions end at sign-out', words: 'or when you sign out, whichever comes first', minTests: 3 },
  {
    id: 'only the numbers you choose to dial are collected',
    words: 'Phone numbers you choose to dial through the extension (right-click selection, popup entry, or tel: link clicks).',
    minTests: 1,
  },
  {
    id: 'dial events record whether the call was placed and any error message',
    words:
      'Dial events — the destination number, the time of the request, whether the call was successfully placed, and any error message.',
    reading:
      "the error message is recorded as the failure's code (e.g. pbx_timeout, number_refused:do_not_call): what the Worker answered, in fewer words than its English message, which a row written before issue 24 still holds",
    minTests: 5,
  },
  {
    id: 'network metadata is used only for rate limits',
    words: 'your IP address and standard HTTP headers, used by Voipcom’s edge to enforce rate limits and prevent abuse',
    minTests: 1,
  },
  // What we do not collect
  { id: 'we do not collect your browsing history', words: 'We do not collect: your browsing history', minTests: 1 },
  {
    id: 'no page data is ever sent',
    words: 'the content of pages you visit … No page data is ever sent to Voipcom’s servers.',
    minTests: 2,
  },
  {
    id: 'we do not collect keystrokes outside the extension’s own input fields',
    words: 'keystrokes outside the extension’s own input fields',
    minTests: 1,
  },
  { id: 'we do not collect your contacts', words: 'your contacts', minTests: 1 },
  {
    id: 'audit rows hold only the listed fields',
    words: 'or any data not directly required to place a call',
    minTests: 2,
  },
  // How we use it
  { id: 'used solely to authenticate you', words: 'Authenticate you against your Voipcom (NetSapiens) account.', minTests: 1 },
  { id: 'place calls you have explicitly requested', words: 'Place calls you have explicitly requested.', minTests: 29, browserSide: true },
  {
    id: 'maintain an internal audit record of dials',
    words: 'Maintain an internal audit record of dials for security, troubleshooting, and compliance.',
    minTests: 7,
  },
  { id: 'apply rate limits to prevent abuse', words: 'Apply rate limits to prevent abuse.', minTests: 2 },
  {
    id: 'no advertising, profiling or machine learning',
    words:
      'We do not use this data for advertising, profiling, training machine-learning models, building user profiles for unrelated purposes',
    untestable:
      'a promise about what Voipcom staff do with data; software can only show that no data leaves for such services (see "no third-party analytics")',
  },
  // Where it is sent
  {
    id: 'the extension communicates only with the Worker',
    words: 'The extension communicates only with a Voipcom-operated Cloudflare Worker',
    minTests: 2,
  },
  {
    id: 'Worker talks only to the PBX and Analytics Engine',
    words: 'which in turn talks only to the Voipcom NetSapiens API',
    reading:
      'the Worker runs on Cloudflare, the “edge” the policy names (“used by Voipcom’s edge”): besides the Voipcom NetSapiens API (NS_API_BASE) it reaches only Cloudflare’s own services, the Analytics Engine SQL API (api.cloudflare.com, the nightly audit check) and Cloudflare Access’s keys (<team>.cloudflareaccess.com, admin routes); nothing else, and no user data goes to either',
    minTests: 4,
  },
  { id: 'no third-party analytics', words: 'No third-party analytics, telemetry, or advertising services are used.', minTests: 1 },
  // How long we keep it
  {
    id: 'session identifiers are purged after 30 days',
    words: 'Session identifiers: up to 30 days, then automatically purged.',
    minTests: 1,
  },
  { id: 'audit records deleted after 12 months', words: 'Dial audit records: retained for 12 months, then deleted.', minTests: 1 },
  {
    id: 'deleted within 90 days of account termination',
    words: 'all dial audit records and session identifiers associated with your account will be deleted within 90 days of termination',
    minTests: 1,
    reading:
      'the purge at termination deletes the account’s audit keys at once (every dial record and data point unreadable from then on), then its sessions and archive records, finished by the nightly runs within days; Analytics Engine rows cannot be deleted and age out within its three months, unreadable',
  },
  { id: 'deletion on request', words: 'You may request immediate deletion by contacting support@voipcom.network.', minTests: 9 },
  // Limited use
  {
    id: 'we do not sell or transfer user data',
    words: 'We do not sell, rent, or otherwise transfer user data to third parties',
    untestable: 'a business promise; software can only show where data flows (see the Worker and extension traffic clauses)',
  },
  {
    id: 'we do not allow humans to read it',
    words:
      'we do not allow humans to read it except (a) with your explicit consent, (b) where required for security or legal reasons, or (c) where data has been aggregated and anonymized',
    untestable:
      'staff conduct; the software limits what staff can read (hashed KV keys, AES-GCM sessions, dial records sealed per account and opened only through the logged, Access-protected audit reader; SECURITY.md retention table "Readable by"), which the credentials, storage and audit-record clauses prove',
  },
  // Permissions
  { id: 'permissions', words: 'The extension requests the following permissions, and only for the stated purpose', minTests: 4 },
  {
    id: 'detect tel: links only where you choose to dial',
    words: 'required solely to detect tel: links and right-click selections on pages where you choose to dial a number',
    minTests: 7,
    reading:
      'signed in, the content script reads only what finding numbers needs (the page’s text, tel: links, the selection), sends the background nothing but its settings request and the number the user chose, and changes nothing but the highlight; signed out or paused, it does nothing',
    browserSide: true,
  },
  {
    id: 'does not modify any page beyond highlighting detected phone numbers',
    words:
      'It does not monitor your browsing activity, track which sites you visit, or modify any page beyond highlighting detected phone numbers for dialing.',
    minTests: 8,
    browserSide: true,
  },
  {
    id: 'the right-click menu only adds the Dial item',
    words: 'required to add the “Dial …” item to your right-click menu',
    minTests: 2,
    browserSide: true,
  },
  {
    id: 'storage only keeps you signed in',
    words: 'required to keep you signed in across the popup and background script during your browsing session',
    minTests: 4,
    browserSide: true,
  },
  // Your choices
  {
    id: 'sign-out clears the local session',
    words: 'Sign out at any time using the extension popup; this clears your local session immediately.',
    minTests: 2,
    browserSide: true,
  },
  {
    id: 'uninstalling removes all local data',
    words: 'Uninstall the extension to remove all locally stored data.',
    minTests: 1,
    reading:
      'the extension keeps data only in its own storage areas (chrome.storage, and what Chromium keeps per extension origin); after chrome.management.uninstallSelf() the real profile holds nothing under the extension id',
  },
  // Changes
  {
    id: 'material changes are announced 14 days ahead',
    words:
      'we will provide at least 14 days’ advance notice via email to your registered Voipcom address or a prominent notice within the extension itself',
    minTests: 2,
  },
];
