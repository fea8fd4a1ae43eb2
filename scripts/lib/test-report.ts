/**
 * What a test run found, read from each runner's own JSON (Jest's --json, Karma's json-results reporter), and the
 * privacy conformance table over the clause catalogue. Pure functions: scripts/test-all.ts does the running.
 */
import type { PolicyClause } from './policy-clauses';

/** One test's outcome, as the runners report it. */
export interface TestOutcome {
  /** The file (Jest) or the describe path (Karma) it lives in. */
  where: string;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
}

export interface SuiteResult {
  name: string;
  tests: TestOutcome[];
  /** Why the suite could not be trusted beyond its tests: a crash, a missing report, too few tests. */
  problems: string[];
}

/** A test title that proves a clause: `[policy: <clause>] what it shows`. */
const POLICY_TITLE = /^\[policy: ([^\]]+)\]\s*(.*)$/;

export interface JestReport {
  /** Files Jest could not run or that failed outside a test (a throwing afterAll, top-level code after the tests). */
  numRuntimeErrorTestSuites: number;
  testResults: {
    name: string;
    message?: string;
    failureMessage?: string | null;
    status?: string;
    assertionResults: { title: string; status: string }[];
  }[];
}

/**
 * A Jest --json report as outcomes. A file Jest marked failed while none of its tests failed (it did not run, or
 * an afterAll or top-level code threw) is a problem naming it and its message; so is a count of runtime errors
 * that no such file explains.
 */
export function readJestReport(report: JestReport, relativeName: (file: string) => string): Omit<SuiteResult, 'name'> {
  const tests = report.testResults.flatMap((file) =>
    file.assertionResults.map((assertion): TestOutcome => ({
      where: relativeName(file.name),
      title: assertion.title,
      status: assertion.status === 'passed' ? 'passed' : assertion.status === 'failed' ? 'failed' : 'skipped',
    })),
  );
  const suiteFailures = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((assertion) => assertion.status === 'failed'),
  );
  const problems = suiteFailures.map((file) => {
    const what = file.assertionResults.length === 0 ? 'did not run' : 'failed outside its tests';
    const message = (file.failureMessage ?? file.message ?? '')
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '');
    return `${relativeName(file.name)} ${what}: ${message.slice(0, 6).join(' / ')}`;
  });
  if (report.numRuntimeErrorTestSuites > suiteFailures.length) {
    problems.push(
      `jest counted ${report.numRuntimeErrorTestSuites} test files that failed to run, ${suiteFailures.length} of them named above`,
    );
  }
  return { tests, problems };
}

/** A runner's exit code that says "failed" while its report shows no failure is a problem of its own. */
export function exitCodeProblem(runner: string, code: number, tests: readonly TestOutcome[], problems: readonly string[]): string | null {
  if (code === 0 || problems.length > 0 || tests.some((test) => test.status !== 'passed')) return null;
  return `${runner} exited with ${code} although its report shows no failure (see its output above)`;
}

/** Karma's json-results reporter (karma.conf.cjs): one entry per spec. */
export interface KarmaSpec {
  suite: string[];
  description: string;
  success: boolean;
  skipped: boolean;
}

export function readKarmaReport(specs: readonly KarmaSpec[]): TestOutcome[] {
  return specs.map((spec) => ({
    where: spec.suite.join(' › '),
    title: spec.description,
    status: spec.skipped ? 'skipped' : spec.success ? 'passed' : 'failed',
  }));
}

/** Tests below a suite's floor (kept in scripts/test-floors.json) mean tests silently stopped being found. */
export function floorProblem(suite: string, found: number, floor: number | undefined): string | null {
  if (floor === undefined) return `no test floor is kept for ${suite} in scripts/test-floors.json`;
  return found < floor ? `${suite} ran ${found} tests, fewer than its floor of ${floor}` : null;
}

export interface ClauseRow {
  clause: PolicyClause;
  tests: { name: string; status: TestOutcome['status'] }[];
  /** `too few`: fewer tests carry it than the catalogue's minTests (all passing or not). */
  verdict: 'proven' | 'failing' | 'too few' | 'UNTESTED' | 'not testable' | 'CHROMIUM ONLY';
  /** The browsers its tests ran in. */
  browsers: Browser[];
}

export type Browser = 'Chromium' | 'Firefox';

/** The browser a test ran in, by where it lives: the Firefox suite, the Playwright suites and Karma (Chromium). */
export function browserOf(where: string): Browser | null {
  if (where.startsWith('e2e/firefox/')) return 'Firefox';
  if (where.startsWith('e2e/') || where.startsWith('projects/')) return 'Chromium';
  return null;
}

/** One row per clause of the catalogue, with the tests that carry it. */
export function conformanceRows(clauses: readonly PolicyClause[], tests: readonly TestOutcome[]): ClauseRow[] {
  return clauses.map((clause) => {
    const matching = tests.filter((test) => POLICY_TITLE.exec(test.title)?.[1] === clause.id);
    const carrying = matching.map((test) => ({ name: `${test.where}: ${POLICY_TITLE.exec(test.title)?.[2] ?? ''}`, status: test.status }));
    const browsers = [...new Set(matching.flatMap((test) => browserOf(test.where) ?? []))].sort();
    const verdict: ClauseRow['verdict'] =
      carrying.length === 0
        ? clause.untestable === undefined
          ? 'UNTESTED'
          : 'not testable'
        : carrying.some((test) => test.status !== 'passed')
          ? 'failing'
          : carrying.length < (clause.minTests ?? 1)
            ? 'too few'
            : clause.browserSide === true && !browsers.includes('Firefox')
              ? 'CHROMIUM ONLY'
              : 'proven';
    return { clause, tests: carrying, verdict, browsers };
  });
}

/** The run's problems from the table: a clause without tests, with fewer than its minimum, or with a failing one. */
export function clauseProblems(rows: readonly ClauseRow[]): string[] {
  return rows.flatMap((row) => {
    if (row.verdict === 'UNTESTED') return [`clause not proven by any test: ${row.clause.id}`];
    if (row.verdict === 'CHROMIUM ONLY') return [`browser-side clause proven in Chromium only, not in Firefox: ${row.clause.id}`];
    if (row.verdict === 'too few')
      return [`clause ${row.clause.id} is carried by ${row.tests.length} tests, fewer than its minimum of ${row.clause.minTests ?? 1}`];
    return [];
  });
}

/** Clause names in test titles that the catalogue does not know: a typo would otherwise prove nothing. */
export function unknownClauses(clauses: readonly PolicyClause[], tests: readonly TestOutcome[]): string[] {
  const known = new Set(clauses.map((clause) => clause.id));
  const named = tests.flatMap((test) => {
    const match = POLICY_TITLE.exec(test.title);
    return match && !known.has(match[1] ?? '') ? [`${test.where}: ${test.title}`] : [];
  });
  return [...new Set(named)];
}

/** The table as printed lines: each clause, then each of its tests (or why it has none). */
export function conformanceTable(rows: readonly ClauseRow[]): string[] {
  const lines = ['Privacy policy conformance (scripts/lib/policy-clauses.ts):'];
  for (const row of rows) {
    const browsers = row.browsers.length > 0 ? ` (ran in: ${row.browsers.join(', ')})` : '';
    lines.push(
      `  [${row.verdict}] ${row.clause.id}${row.clause.browserSide ? ' [browser-side]' : ''}${browsers} — “${row.clause.words}” (${row.tests.length} of at least ${row.clause.minTests ?? 0} tests)`,
    );
    if (row.clause.reading !== undefined) lines.push(`      read as: ${row.clause.reading}`);
    if (row.verdict === 'not testable') lines.push(`      not testable: ${row.clause.untestable ?? ''}`);
    for (const test of row.tests) lines.push(`      ${test.status.padEnd(7)} ${test.name}`);
  }
  return lines;
}
