/** Finds what in the built popup HTML the extension CSP (script-src 'self') would block. */

/** Inline <script> bodies and on*= event-handler attributes, described one per entry. */
export function findInlineScriptProblems(html: string): string[] {
  const problems: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    const body = match[2] ?? '';
    if (!/\bsrc\s*=/i.test(attributes) || body.trim() !== '') {
      problems.push(`inline script: ${match[0].slice(0, 80)}`);
    }
  }
  for (const match of html.matchAll(/<[a-z][^>]*\s(on[a-z]+)\s*=/gi)) {
    problems.push(`event-handler attribute ${match[1]}`);
  }
  return problems;
}
