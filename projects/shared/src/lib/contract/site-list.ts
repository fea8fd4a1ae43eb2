/** Site lists (the organisation's inactive sites, the user's paused ones): a module without zod, for the popup. */

/** Whether `site` is one of `sites` or under one of them (crm.example.com is under example.com). */
export function siteIsListed(site: string, sites: readonly string[]): boolean {
  return sites.some((listed) => site === listed || site.endsWith(`.${listed}`));
}
