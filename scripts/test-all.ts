/** The README's test command: builds the extension, runs every suite and closes with one "N passed, N failed" line. */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A test that proves a clause of the privacy policy: its title starts with `[policy: <clause>]`. */
interface ClauseResult {
  clause: string;
  test: string;
  result: string;
}

interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  /** The suite could not run or its runner failed outside of tests. */
  broken: boolean;
  clauses?: ClauseResult[];
}

const root = join(__dirname, '..');
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });

/** Runs a command with inherited stdio plus captured stdout; resolves with the exit code and the output. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function jestSuite(name: string, projects: string[]): Promise<SuiteResult> {
  const outputFile = join(resultsDir, `jest-${name}.json`);
  const selection = projects.flatMap((project) => ['--selectProjects', project]);
  const { code } = await run('jest', [...selection, '--runInBand', '--json', `--outputFile=${outputFile}`]);
  if (!existsSync(outputFile)) return { name, passed: 0, failed: 0, broken: true };
  const report = JSON.parse(readFileSync(outputFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numRuntimeErrorTestSuites: number;
    numPendingTests: number;
    testResults: { name: string; assertionResults: { title: string; status: string }[] }[];
  };
  const clauses = report.testResults.flatMap((file) =>
    file.assertionResults.flatMap((assertion) => {
      const match = /^\[policy: ([^\]]+)\]\s*(.*)$/.exec(assertion.title);
      return match ? [{ clause: match[1]!, test: `${relative(root, file.name)}: ${match[2]}`, result: assertion.status }] : [];
    }),
  );
  return {
    name,
    passed: report.numPassedTests,
    // A pending (skipped) test counts as failed: the house rule is no skipped tests left behind.
    failed: report.numFailedTests + report.numRuntimeErrorTestSuites + report.numPendingTests,
    broken: code !== 0 && report.numFailedTests === 0 && report.numRuntimeErrorTestSuites === 0,
    clauses,
  };
}

async function karmaSuite(project: string): Promise<SuiteResult> {
  const { code, output } = await run('ng', ['test', project, '--watch=false', '--no-progress'], {
    CHROME_BIN: process.env['CHROME_BIN'] ?? '/usr/bin/chromium',
  });
  // Karma's summary: "Executed 12 of 12 SUCCESS" or "Executed 12 of 12 (2 FAILED)"; the last one is final.
  const summaries = [...output.matchAll(/Executed (\d+) of (\d+)(?: \((\d+) FAILED\))?(?: \(skipped (\d+)\))?/g)];
  const last = summaries.at(-1);
  if (!last) return { name: `karma ${project}`, passed: 0, failed: 0, broken: true };
  const executed = Number(last[1]);
  const total = Number(last[2]);
  const failed = Number(last[3] ?? 0) + (total - executed);
  return { name: `karma ${project}`, passed: executed - Number(last[3] ?? 0), failed, broken: code !== 0 && failed === 0 };
}

/** The privacy conformance table: which test proves which clause of the policy, and how it went. */
function printClauseTable(clauses: ClauseResult[]): void {
  if (clauses.length === 0) return;
  const sorted = [...clauses].sort((a, b) => a.clause.localeCompare(b.clause));
  const clauseWidth = Math.max(6, ...sorted.map((row) => row.clause.length));
  const testWidth = Math.max(4, ...sorted.map((row) => row.test.length));
  console.log('\nPrivacy policy conformance:');
  console.log(`  ${'clause'.padEnd(clauseWidth)} | ${'test'.padEnd(testWidth)} | result`);
  console.log(`  ${'-'.repeat(clauseWidth)}-|-${'-'.repeat(testWidth)}-|-------`);
  for (const row of sorted) console.log(`  ${row.clause.padEnd(clauseWidth)} | ${row.test.padEnd(testWidth)} | ${row.result}`);
}

async function main(): Promise<void> {
  const results: SuiteResult[] = [];
  const build = await run('tsx', ['scripts/build.ts']);
  results.push({ name: 'build', passed: build.code === 0 ? 1 : 0, failed: build.code === 0 ? 0 : 1, broken: false });
  results.push(await jestSuite('unit', ['shared', 'simulator', 'worker']));
  for (const project of ['popup', 'background', 'content']) results.push(await karmaSuite(project));
  if (build.code === 0) results.push(await jestSuite('e2e', ['e2e']));
  else results.push({ name: 'e2e', passed: 0, failed: 0, broken: true });

  printClauseTable(results.flatMap((result) => result.clauses ?? []));
  console.log('\nSuite results:');
  for (const result of results) {
    console.log(`  ${result.name.padEnd(18)} ${result.passed} passed, ${result.failed} failed${result.broken ? ' (runner failed)' : ''}`);
  }
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  // A suite whose runner broke counts as one failure so that the total can never look green.
  const failed = results.reduce((sum, result) => sum + result.failed + (result.broken ? 1 : 0), 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
