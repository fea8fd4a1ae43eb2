/** Staff command line: read, set or clear an organisation's destination rules through the Worker's admin route (worker/README.md "Admin: organisation rules"). */
import { jsonOrUndefined } from '@voipcom/shared';
import { orgRulesRequest, ORG_RULES_USAGE, readAnswer } from './lib/org-rules-cli';

async function main(): Promise<number> {
  const request = orgRulesRequest(process.argv.slice(2), process.env);
  if (!request.ok) {
    console.error(`${request.error}\n\n${ORG_RULES_USAGE}`);
    return 2;
  }
  const { url, ...init } = request.data;
  const response = await fetch(url, init);
  const answer = readAnswer(response.status, jsonOrUndefined(await response.text()) ?? null);
  if (!answer.ok) {
    console.error(answer.error);
    return 1;
  }
  console.log(JSON.stringify(answer.data, null, 2));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
