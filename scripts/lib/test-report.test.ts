import {
  clauseProblems,
  conformanceRows,
  conformanceTable,
  exitCodeProblem,
  floorProblem,
  readJestReport,
  readKarmaReport,
  unknownClauses,
} from './test-report';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICY_CLAUSES, type PolicyClause } from './policy-clauses';

const CLAUSES: PolicyClause[] = [
  { id: 'a', words: 'A.' },
  { id: 'b', words: 'B.' },
  { id: 'c', words: 'C.', untestable: 'staff conduct' },
];

describe('the conformance table', () => {
  it('marks a clause without a test UNTESTED unless the catalogue says why it cannot be tested', () => {
    const rows = conformanceRows(CLAUSES, [{ where: 'x.test.ts', title: '[policy: a] proves a', status: 'passed' }]);
    expect(rows.map((row) => [row.clause.id, row.verdict])).toEqual([
      ['a', 'proven'],
      ['b', 'UNTESTED'],
      ['c', 'not testable'],
    ]);
    expect(conformanceTable(rows).join('\n')).toContain('not testable: staff conduct');
  });

  it('marks a clause failing when any of its tests failed or was skipped', () => {
    const rows = conformanceRows(CLAUSES, [
      { where: 'x', title: '[policy: a] one', status: 'passed' },
      { where: 'y', title: '[policy: a] two', status: 'skipped' },
    ]);
    expect(rows[0]?.verdict).toBe('failing');
  });

  it('a clause carried by fewer tests than its minimum is a problem, even when they all pass', () => {
    const clauses: PolicyClause[] = [
      { id: 'a', words: 'A.', minTests: 3 },
      { id: 'b', words: 'B.', minTests: 1 },
    ];
    const rows = conformanceRows(clauses, [
      { where: 'x', title: '[policy: a] one', status: 'passed' },
      { where: 'x', title: '[policy: b] one', status: 'passed' },
    ]);
    expect(rows.map((row) => row.verdict)).toEqual(['too few', 'proven']);
    expect(clauseProblems(rows)).toEqual(['clause a is carried by 1 tests, fewer than its minimum of 3']);
    expect(clauseProblems(conformanceRows([{ id: 'c', words: 'C.', minTests: 1 }], []))).toEqual(['clause not proven by any test: c']);
  });

  it('every testable clause of the catalogue has a minimum number of tests; an untestable one has none', () => {
    const missing = POLICY_CLAUSES.filter(
      (clause) => (clause.untestable === undefined) !== (clause.minTests !== undefined && clause.minTests >= 1),
    );
    expect(missing.map((clause) => clause.id)).toEqual([]);
  });

  it('names tests whose clause the catalogue does not know', () => {
    expect(unknownClauses(CLAUSES, [{ where: 'x', title: '[policy: typo] t', status: 'passed' }])).toEqual(['x: [policy: typo] t']);
  });

  it('the catalogue holds at least 25 clauses with distinct ids, each in the policy’s words', () => {
    expect(POLICY_CLAUSES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(POLICY_CLAUSES.map((clause) => clause.id)).size).toBe(POLICY_CLAUSES.length);
    expect(POLICY_CLAUSES.every((clause) => clause.words.length > 0)).toBe(true);
  });
});

describe('reading the runners’ reports', () => {
  it('turns a Jest file that did not run into a problem that names it', () => {
    const read = readJestReport(
      {
        numRuntimeErrorTestSuites: 1,
        testResults: [
          { name: '/r/a.test.ts', status: 'failed', message: 'SyntaxError: nope\n  at x', assertionResults: [] },
          { name: '/r/b.test.ts', status: 'passed', assertionResults: [{ title: 't', status: 'passed' }] },
        ],
      },
      (file) => file.replace('/r/', ''),
    );
    expect(read.tests).toEqual([{ where: 'b.test.ts', title: 't', status: 'passed' }]);
    expect(read.problems).toEqual(['a.test.ts did not run: SyntaxError: nope /   at x']);
  });

  it('turns a Jest file whose tests passed but whose afterAll threw into a problem (Jest marks the file failed)', () => {
    // The shape Jest 30 writes for `afterAll(() => { throw … })` after a passing test (seen in a probe run).
    const read = readJestReport(
      {
        numRuntimeErrorTestSuites: 1,
        testResults: [
          {
            name: '/r/c.test.ts',
            status: 'failed',
            message: '\n\n  ● Test suite failed to run\n\n    afterAll boom\n',
            failureMessage: '  ● Test suite failed to run\n\n    afterAll boom\n',
            assertionResults: [{ title: 'passes', status: 'passed' }],
          },
        ],
      },
      (file) => file.replace('/r/', ''),
    );
    expect(read.tests).toEqual([{ where: 'c.test.ts', title: 'passes', status: 'passed' }]);
    expect(read.problems).toEqual(['c.test.ts failed outside its tests: ● Test suite failed to run /     afterAll boom']);
  });

  it('a count of runtime errors that no failed file explains is a problem too', () => {
    const read = readJestReport({ numRuntimeErrorTestSuites: 1, testResults: [] }, (file) => file);
    expect(read.problems).toEqual(['jest counted 1 test files that failed to run, 0 of them named above']);
  });

  it('a runner that exits non-zero with a clean report is a problem; with a failed test or a problem it is already counted', () => {
    const passed = [{ where: 'x', title: 't', status: 'passed' as const }];
    expect(exitCodeProblem('jest shared', 1, passed, [])).toBe(
      'jest shared exited with 1 although its report shows no failure (see its output above)',
    );
    expect(exitCodeProblem('jest shared', 0, passed, [])).toBeNull();
    expect(exitCodeProblem('jest shared', 1, [{ where: 'x', title: 't', status: 'failed' }], [])).toBeNull();
    expect(exitCodeProblem('jest shared', 1, passed, ['x failed outside its tests'])).toBeNull();
  });

  it('reads Karma specs, skipped ones as skipped', () => {
    expect(
      readKarmaReport([
        { suite: ['S'], description: 'one', success: true, skipped: false },
        { suite: ['S', 'T'], description: 'two', success: false, skipped: true },
      ]),
    ).toEqual([
      { where: 'S', title: 'one', status: 'passed' },
      { where: 'S › T', title: 'two', status: 'skipped' },
    ]);
  });

  it('a suite under its floor, or without one, is a problem', () => {
    expect(floorProblem('karma popup', 30, 36)).toBe('karma popup ran 30 tests, fewer than its floor of 36');
    expect(floorProblem('karma popup', 36, 36)).toBeNull();
    expect(floorProblem('e2e', 3, undefined)).toContain('no test floor');
  });
});

describe('the browsers column', () => {
  const CLAUSE_IN_BROWSER = [
    { id: 'b', words: 'b', browserSide: true as const },
    { id: 's', words: 's' },
  ];

  it('names the browsers a clause ran in, and fails a browser-side clause proven in Chromium only', () => {
    const chromiumOnly = conformanceRows(CLAUSE_IN_BROWSER, [
      { where: 'e2e/popup.e2e.ts', title: '[policy: b] in Chromium', status: 'passed' },
      { where: 'worker/test/x.test.ts', title: '[policy: s] on the server', status: 'passed' },
    ]);
    expect(chromiumOnly.map((row) => [row.verdict, row.browsers])).toEqual([
      ['CHROMIUM ONLY', ['Chromium']],
      ['proven', []],
    ]);
    expect(conformanceTable(chromiumOnly)[1]).toContain('[CHROMIUM ONLY] b [browser-side] (ran in: Chromium)');
    expect(clauseProblems(chromiumOnly)).toEqual(['browser-side clause proven in Chromium only, not in Firefox: b']);

    const both = conformanceRows(CLAUSE_IN_BROWSER, [
      { where: 'e2e/popup.e2e.ts', title: '[policy: b] in Chromium', status: 'passed' },
      { where: 'e2e/firefox/extension.firefox.ts', title: '[policy: b] in Firefox', status: 'passed' },
    ]);
    expect(both[0]?.verdict).toBe('proven');
    expect(both[0]?.browsers).toEqual(['Chromium', 'Firefox']);
  });

  it('the Firefox suite carries every browser-side clause of the catalogue, and each clause it carries is marked browser-side', () => {
    const dir = join(__dirname, '..', '..', 'e2e', 'firefox');
    const source = readdirSync(dir)
      .filter((file) => file.endsWith('.firefox.ts'))
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('\n');
    const carried = new Set([...source.matchAll(/\[policy: ([^\]]+)\]/g)].map((match) => match[1]));
    const browserSide = POLICY_CLAUSES.filter((clause) => clause.browserSide === true).map((clause) => clause.id);
    expect(browserSide.filter((id) => !carried.has(id))).toEqual([]);
    expect([...carried].filter((id) => !browserSide.includes(id ?? ''))).toEqual([]);
    expect(browserSide.length).toBeGreaterThanOrEqual(7);
  });
});
