/**
 * The README's test command: builds the extension, runs every suite, prints the privacy conformance table over
 * the whole clause catalogue, and closes with one "N passed, N failed" line. Honest by construction: earlier
 * results are deleted first; a suite that crashes, a test file that fails outside its tests, a runner's non-zero exit,
 * a suite under its floor, and a clause of the policy carried by fewer tests than its minimum (none, unless
 * scripts/lib/policy-clauses.ts says why it cannot be tested) each fail the run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { POLICY_CLAUSES } from './lib/policy-clauses';
import {
  clauseProblems,
  conformanceRows,
  conformanceTable,
  exitCodeProblem,
  floorProblem,
  readJestReport,
  readKarmaReport,
  unknownClauses,
  type JestReport,
  type KarmaSpec,
  type SuiteResult,
} from './lib/test-report';

const root = join(__dirname, '..');
const resultsDir = join(root, 'test-results');
/** Fewest tests each suite may report; raise a floor when tests are added. */
const floors = JSON.parse(readFileSync(join(__dirname, 'test-floors.json'), 'utf8')) as Record<string, number>;

/** Runs a command with inherited stdio plus captured stdout; resolves with the exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** A fresh results file: one left from an earlier run must never be read as this run's. */
function freshResultsFile(name: string): string {
  const file = join(resultsDir, name);
  rmSync(file, { force: true });
  return file;
}

/** One Jest run over `projects`, reported as one suite per project (so each has its own floor). */
async function jestSuites(projects: string[], projectOf: (file: string) => string): Promise<SuiteResult[]> {
  const outputFile = freshResultsFile(`jest-${projects.join('-')}.json`);
  const selection = projects.flatMap((project) => ['--selectProjects', project]);
  const code = await run('jest', [...selection, '--runInBand', '--json', `--outputFile=${outputFile}`]);
  if (!existsSync(outputFile)) {
    return [
      {
        name: `jest ${projects.join(', ')}`,
        tests: [],
        problems: [`jest exited with ${code} and wrote no results (see its output above)`],
      },
    ];
  }
  const { tests, problems } = readJestReport(JSON.parse(readFileSync(outputFile, 'utf8')) as JestReport, (file) => relative(root, file));
  const exitProblem = exitCodeProblem(`jest ${projects.join(', ')}`, code, tests, problems);
  if (exitProblem !== null) problems.push(exitProblem);
  return projects.map((project, index) => ({
    name: `jest ${project}`,
    tests: tests.filter((test) => projectOf(test.where) === project),
    // Problems of the run as a whole are reported once, with the first project.
    problems: index === 0 ? problems : [],
  }));
}

async function karmaSuite(project: string): Promise<SuiteResult> {
  const name = `karma ${project}`;
  const resultsFile = freshResultsFile(`karma-${project}.json`);
  const code = await run('ng', ['test', project, '--watch=false', '--no-progress'], {
    CHROME_BIN: process.env['CHROME_BIN'] ?? '/usr/bin/chromium',
    KARMA_RESULTS_FILE: resultsFile,
  });
  if (!existsSync(resultsFile))
    return { name, tests: [], problems: [`ng test ${project} exited with ${code} and wrote no results (see its output above)`] };
  const tests = readKarmaReport(JSON.parse(readFileSync(resultsFile, 'utf8')) as KarmaSpec[]).map((test) => ({
    ...test,
    where: `projects/${project} ${test.where}`,
  }));
  const exitProblem = exitCodeProblem(`ng test ${project}`, code, tests, []);
  return { name, tests, problems: exitProblem === null ? [] : [exitProblem] };
}

/**
 * Warnings web-ext lint may give the Firefox package, each by design: Chrome's service worker stays beside
 * Firefox's background scripts (one manifest, two browsers), and the package targets Firefox for desktop only.
 */
const EXPECTED_LINT_WARNINGS = new Set(['BACKGROUND_SERVICE_WORKER_IGNORED', 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION']);

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

/** Mozilla's own checker (web-ext lint, the addons.mozilla.org linter) on the built Firefox package. */
async function webExtLintSuite(): Promise<SuiteResult> {
  const name = 'web-ext lint';
  const outputFile = freshResultsFile('web-ext-lint.json');
  const code = await run('sh', [
    '-c',
    `web-ext lint --source-dir dist/extension-firefox --output json --no-config-discovery > "${outputFile}"`,
  ]);
  let report: { errors: LintMessage[]; warnings: LintMessage[] };
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8')) as typeof report;
  } catch {
    return { name, tests: [], problems: [`web-ext lint exited with ${code} and wrote no report`] };
  }
  const describe = (messages: LintMessage[]): string => messages.map((m) => `${m.code} (${m.file ?? '-'}): ${m.message}`).join('; ');
  const unexpected = report.warnings.filter((warning) => !EXPECTED_LINT_WARNINGS.has(warning.code));
  const where = 'dist/extension-firefox';
  return {
    name,
    tests: [
      {
        where,
        title: `web-ext lint finds no error${report.errors.length ? `: ${describe(report.errors)}` : ''}`,
        status: report.errors.length === 0 ? 'passed' : 'failed',
      },
      {
        where,
        title: `web-ext lint gives only the expected warnings${unexpected.length ? `: ${describe(unexpected)}` : ''}`,
        status: unexpected.length === 0 ? 'passed' : 'failed',
      },
    ],
    problems: [],
  };
}

interface EslintFileReport {
  filePath: string;
  errorCount: number;
  warningCount: number;
  /** severity 1 is a warning, 2 an error. */
  messages: { ruleId: string | null; line: number; message: string; severity: 1 | 2 }[];
}

/**
 * ESLint over all the project's TypeScript (eslint.config.mjs: typescript-eslint's type-checked rules, angular-eslint
 * and the architecture's rules), with no warning allowed. Each problem is named (file:line rule) in the failing title.
 */
async function eslintSuite(): Promise<SuiteResult> {
  const name = 'eslint';
  const outputFile = freshResultsFile('eslint.json');
  const code = await run('eslint', ['.', '--max-warnings', '0', '--format', 'json', '--output-file', outputFile]);
  let report: EslintFileReport[];
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8')) as EslintFileReport[];
  } catch {
    return { name, tests: [], problems: [`eslint exited with ${code} and wrote no report (see its output above)`] };
  }
  const where = 'eslint.config.mjs';
  const describe = (severity: 1 | 2): string[] =>
    report.flatMap((file) =>
      file.messages
        .filter((m) => m.severity === severity)
        .map((m) => `${relative(root, file.filePath)}:${m.line} ${m.ruleId ?? 'parse error'}: ${m.message}`),
    );
  const errors = report.reduce((sum, file) => sum + file.errorCount, 0);
  const warnings = report.reduce((sum, file) => sum + file.warningCount, 0);
  const listed = (problems: string[]): string => (problems.length ? `: ${problems.slice(0, 20).join('; ')}` : '');
  const tests: SuiteResult['tests'] = [
    {
      where,
      title: `eslint finds no error in ${report.length} files${errors ? listed(describe(2)) : ''}`,
      status: errors === 0 ? 'passed' : 'failed',
    },
    {
      where,
      title: `eslint finds no warning (--max-warnings 0)${warnings ? listed(describe(1)) : ''}`,
      status: warnings === 0 ? 'passed' : 'failed',
    },
  ];
  const problems: string[] = report.length === 0 ? ['eslint linted no file'] : [];
  const exitProblem = exitCodeProblem('eslint', code, tests, problems);
  return { name, tests, problems: exitProblem === null ? problems : [...problems, exitProblem] };
}

/** Prettier's check over the tree (prettier.config.mjs, .prettierignore): every file is as `npm run format` leaves it. */
async function prettierSuite(): Promise<SuiteResult> {
  const name = 'prettier';
  const outputFile = freshResultsFile('prettier-unformatted.txt');
  // --list-different prints each unformatted file and exits 1 when there is one; 2 means it could not run.
  const code = await run('sh', ['-c', `prettier --list-different . > "${outputFile}"`]);
  const unformatted = existsSync(outputFile)
    ? readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
    : [];
  if (code > 1 || !existsSync(outputFile)) return { name, tests: [], problems: [`prettier exited with ${code} (see its output above)`] };
  const title = `prettier --list-different finds every file formatted${unformatted.length ? ` (run npm run format): ${unformatted.slice(0, 20).join(', ')}` : ''}`;
  const tests: SuiteResult['tests'] = [
    { where: 'prettier.config.mjs', title, status: unformatted.length === 0 && code === 0 ? 'passed' : 'failed' },
  ];
  return { name, tests, problems: [] };
}

/** Which Jest project a test file belongs to (jest.config.ts's testMatch roots). */
function jestProjectOf(file: string): string {
  if (file.startsWith('e2e/firefox/')) return 'firefox';
  if (file.startsWith('simulator/')) return 'simulator';
  if (file.startsWith('worker/')) return 'worker';
  if (file.startsWith('e2e/')) return 'e2e';
  return 'shared';
}

async function main(): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  const suites: SuiteResult[] = [];
  suites.push(await eslintSuite());
  suites.push(await prettierSuite());
  const buildCode = await run('tsx', ['scripts/build.ts']);
  const built = buildCode === 0;
  suites.push({
    name: 'build',
    tests: [{ where: 'scripts/build.ts', title: 'the extension and the Worker build', status: built ? 'passed' : 'failed' }],
    problems: [],
  });
  suites.push(...(await jestSuites(['shared', 'simulator', 'worker'], jestProjectOf)));
  for (const project of ['popup', 'background', 'content']) suites.push(await karmaSuite(project));
  if (built) {
    suites.push(...(await jestSuites(['e2e'], jestProjectOf)));
    suites.push(await webExtLintSuite());
    suites.push(...(await jestSuites(['firefox'], jestProjectOf)));
  } else {
    for (const name of ['jest e2e', 'web-ext lint', 'jest firefox'])
      suites.push({ name, tests: [], problems: ['not run: the build failed'] });
  }

  for (const suite of suites) {
    if (suite.name === 'build') continue;
    const problem = floorProblem(suite.name, suite.tests.length, floors[suite.name]);
    if (problem !== null) suite.problems.push(problem);
  }

  const everyTest = suites.flatMap((suite) => suite.tests);
  const rows = conformanceRows(POLICY_CLAUSES, everyTest);
  console.log(`\n${conformanceTable(rows).join('\n')}`);
  const policyProblems = [
    ...clauseProblems(rows),
    ...unknownClauses(POLICY_CLAUSES, everyTest).map((test) => `test names a clause the catalogue does not know: ${test}`),
  ];

  console.log('\nSuite results:');
  for (const suite of suites) {
    const passed = suite.tests.filter((test) => test.status === 'passed').length;
    console.log(`  ${suite.name.padEnd(18)} ${passed} passed, ${suite.tests.length - passed} failed`);
    for (const problem of suite.problems) console.log(`    problem: ${problem}`);
  }
  for (const problem of policyProblems) console.log(`  problem: ${problem}`);

  const passed = everyTest.filter((test) => test.status === 'passed').length;
  // A skipped test counts as failed (no skipped tests left behind); each problem counts as one failure.
  const problems = suites.reduce((sum, suite) => sum + suite.problems.length, 0) + policyProblems.length;
  const failed = everyTest.length - passed + problems;
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();
