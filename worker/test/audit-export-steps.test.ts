/** The nightly check's pure steps, without workerd: which slice and day next, whether they are settled, what to save. */
import {
  afterCount,
  afterPage,
  checkableDays,
  MAX_ACCOUNTS_PER_HOUR,
  narrowByAccounts,
  narrowByTime,
  newDayCheck,
  nextDay,
  nextSlice,
  PAGE_ROWS,
  settleDay,
  sliceVerdict,
} from '../src/audit-export/check-steps';
import type { DayCheck, ExportProgress } from '../src/audit-export/progress-storage';

const HOUR = 3_600_000;
const DAY = '2026-11-27';
const START = Date.parse(`${DAY}T00:00:00Z`);
const NONE: ExportProgress = { v: 2, watermark: null, open: [], current: null };
const page = (rows: number, more: Partial<{ sampled: boolean; foreign: number; purged: number }> = {}) => ({
  rows,
  sampled: false,
  foreign: 0,
  purged: 0,
  ...more,
});
/** Deep-frozen, so a step that changed its input in place would throw. */
const frozen = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) for (const each of Object.values(value)) frozen(each);
  return Object.freeze(value);
};

describe('a slice: count, pages, verdict', () => {
  test('an unsampled count is read page by page; each step gives a new state to save and leaves the old one as it was', () => {
    const start = frozen(newDayCheck(DAY, false));
    expect(start.queue).toEqual([{ from: START, to: START + 86_400_000 }]);
    const counted = afterCount(start, { points: PAGE_ROWS + 5, dials: PAGE_ROWS + 5 });
    expect(counted).toMatchObject({ kind: 'read', check: { expected: PAGE_ROWS + 5, offset: 0, sampled: null } });
    if (counted.kind !== 'read') throw new Error('unreachable');
    const first = afterPage(frozen(counted.check), page(PAGE_ROWS, { purged: 2 }));
    expect(first).toMatchObject({ kind: 'more', check: { offset: PAGE_ROWS, skipped: 2 } });
    if (first.kind !== 'more') throw new Error('unreachable');
    const last = afterPage(frozen(first.check), page(5));
    expect(last).toMatchObject({ kind: 'read', check: { offset: PAGE_ROWS + 5, skipped: 2 } });
    if (last.kind !== 'read') throw new Error('unreachable');
    // 1,003 archived + 2 purged = 1,005 shown: verified.
    expect(sliceVerdict(last.check, PAGE_ROWS + 3)).toEqual({ kind: 'verified' });
    expect(start).toEqual(newDayCheck(DAY, false));
  });

  test('a sampled count narrows the whole-account slice, but one account’s is read (to copy) and then reported', () => {
    expect(afterCount(newDayCheck(DAY, false), { points: 3, dials: 30 })).toEqual({
      kind: 'narrow',
      reason: '3 data points stand for 30 dials (sampled)',
    });
    const one: DayCheck = { ...newDayCheck(DAY, false), queue: [{ from: START, to: START + HOUR, index: 'p.x' }] };
    const counted = afterCount(one, { points: 3, dials: 30 });
    expect(counted).toMatchObject({ kind: 'read', check: { expected: 3, sampled: '3 data points stand for 30 dials (sampled)' } });
    if (counted.kind !== 'read') throw new Error('unreachable');
    // Its pages may be sampled (that is known): no narrowing, and the verdict reports it.
    const read = afterPage(counted.check, page(3, { sampled: true }));
    expect(read.kind).toBe('read');
    if (read.kind !== 'read') throw new Error('unreachable');
    expect(sliceVerdict(read.check, 0)).toEqual({ kind: 'unverifiable', reason: '3 data points stand for 30 dials (sampled)' });
  });

  test('a page at a sampled resolution narrows, a page in another layout is unverifiable, a short read or a dial Analytics Engine lacks narrows', () => {
    const counted = { ...newDayCheck(DAY, false), expected: 10 };
    expect(afterPage(counted, page(10, { sampled: true }))).toEqual({ kind: 'narrow', reason: 'rows were read at a sampled resolution' });
    expect(afterPage(counted, page(10, { foreign: 2 }))).toEqual({ kind: 'unverifiable', reason: '2 data points not in the audit layout' });
    expect(sliceVerdict({ ...counted, offset: 8 }, 8)).toEqual({ kind: 'narrow', reason: 'read 8 of 10 data points' });
    expect(sliceVerdict({ ...counted, offset: 10, skipped: 1 }, 10)).toEqual({
      kind: 'narrow',
      reason: 'the archive holds 1 dials Analytics Engine does not show',
    });
    expect(sliceVerdict({ ...counted, offset: 10, skipped: 1 }, 9)).toEqual({ kind: 'verified' });
  });
});

describe('narrowing and the next slice', () => {
  test('a day splits into 24 hours, an hour by the accounts Analytics Engine names, one account not at all', () => {
    const day = { from: START, to: START + 86_400_000 };
    const hours = narrowByTime(day, 'why');
    expect(hours).toMatchObject({ kind: 'narrow' });
    expect(hours?.kind === 'narrow' && hours.slices.map((slice) => (slice.from - START) / HOUR)).toEqual(
      Array.from({ length: 24 }, (_, i) => i),
    );
    const hour = { from: START, to: START + HOUR };
    expect(narrowByTime(hour, 'why')).toBeNull();
    expect(narrowByTime({ ...hour, index: 'p.x' }, 'why')).toEqual({ kind: 'unverifiable', reason: 'why' });
    const pseudonym = (account: string): boolean => account.startsWith('p.');
    expect(
      narrowByAccounts(
        hour,
        'why',
        [
          { account: 'p.a', finest: 1 },
          { account: 'p.b', finest: 10 },
        ],
        pseudonym,
      ),
    ).toEqual({
      kind: 'narrow',
      slices: [
        { ...hour, index: 'p.a' },
        { ...hour, index: 'p.b' },
      ],
    });
    // A list read at a sampled resolution (no interval 1) may miss accounts; too many, or a foreign index: reported.
    expect(narrowByAccounts(hour, 'why', [{ account: 'p.a', finest: 10 }], pseudonym)).toEqual({
      kind: 'unverifiable',
      reason: 'why; the list of accounts was sampled too',
    });
    const many = Array.from({ length: MAX_ACCOUNTS_PER_HOUR + 1 }, (_, i) => ({ account: `p.${i}`, finest: 1 }));
    expect(narrowByAccounts(hour, 'why', many, pseudonym)).toEqual({
      kind: 'unverifiable',
      reason: `why; more than ${MAX_ACCOUNTS_PER_HOUR} accounts`,
    });
    expect(narrowByAccounts(hour, 'why', [{ account: 'uid@x', finest: 1 }], pseudonym)).toEqual({
      kind: 'unverifiable',
      reason: 'data points not in the audit layout',
    });
  });

  test('the next slice: narrowed slices go first, an unverifiable one is labelled without its account, the paging starts over', () => {
    const check = frozen<DayCheck>({
      ...newDayCheck(DAY, false),
      queue: [
        { from: START, to: START + HOUR, index: 'p.secret' },
        { from: START + HOUR, to: START + 2 * HOUR },
      ],
      offset: 7,
      expected: 9,
      skipped: 1,
      sampled: 's',
    });
    const reported = nextSlice(check, { kind: 'unverifiable', reason: 'sampled' });
    expect(reported).toEqual({
      ...check,
      queue: [check.queue[1]],
      offset: 0,
      expected: null,
      skipped: 0,
      sampled: null,
      unverified: [`${DAY}T00:00–01:00 UTC, one account: sampled`],
    });
    const narrowed = nextSlice(check, { kind: 'narrow', slices: [{ from: 1, to: 2 }] });
    expect(narrowed.queue).toEqual([{ from: 1, to: 2 }, check.queue[1]]);
    expect(nextSlice(check, { kind: 'verified' }).queue).toEqual([check.queue[1]]);
  });
});

describe('days: which next, and how a day settles', () => {
  const now = Date.parse('2026-12-01T02:30:00Z');
  const days = checkableDays(now);

  test('checkable days run from the oldest Analytics Engine holds whole (89 days) to the last settled one', () => {
    expect(days).toEqual({ oldest: '2026-09-04', last: '2026-11-30' });
    // Fifteen minutes after midnight the day before is not settled yet.
    expect(checkableDays(Date.parse('2026-12-01T00:10:00Z')).last).toBe('2026-11-29');
  });

  test('the day left half done first, then open days not yet tried in this run, then the day after the watermark; none past the last', () => {
    const current = newDayCheck('2026-11-20', false);
    expect(nextDay({ ...NONE, current }, days, new Set()).check).toBe(current);
    const progress = frozen<ExportProgress>({ v: 2, watermark: '2026-11-28', open: [{ day: '2026-11-10', slices: ['x'] }], current: null });
    expect(nextDay(progress, days, new Set()).check).toEqual(newDayCheck('2026-11-10', true));
    expect(nextDay(progress, days, new Set(['2026-11-10'])).check).toEqual(newDayCheck('2026-11-29', false));
    expect(nextDay({ ...progress, watermark: '2026-11-30' }, days, new Set(['2026-11-10'])).check).toBeNull();
    expect(nextDay(NONE, days, new Set()).check).toEqual(newDayCheck('2026-11-30', false));
  });

  test('open days past retention are given up (returned for the log); days after an old watermark past retention are a gap', () => {
    const next = nextDay({ v: 2, watermark: '2026-08-01', open: [{ day: '2026-09-01', slices: ['x'] }], current: null }, days, new Set());
    expect(next.expired).toEqual([{ day: '2026-09-01', slices: ['x'] }]);
    expect(next.gap).toEqual({ from: '2026-08-02', to: '2026-09-03' });
    expect(next.check).toEqual(newDayCheck('2026-09-04', false));
    expect(next.progress).toEqual({ v: 2, watermark: '2026-09-03', open: [], current: null });
  });

  test('a verified day leaves open and moves the watermark; a day read in part enters open in order; a retried day leaves the watermark', () => {
    const progress = frozen<ExportProgress>({ v: 2, watermark: '2026-11-25', open: [{ day: '2026-11-20', slices: ['x'] }], current: null });
    expect(settleDay(progress, { ...newDayCheck('2026-11-26', false), queue: [] })).toEqual({
      progress: { ...progress, watermark: '2026-11-26' },
      verified: true,
    });
    expect(settleDay(progress, { ...newDayCheck('2026-11-20', true), queue: [] })).toEqual({
      progress: { ...progress, open: [] },
      verified: true,
    });
    const partial = settleDay(progress, { ...newDayCheck('2026-11-10', true), queue: [], unverified: ['slice'] });
    expect(partial).toEqual({
      progress: {
        ...progress,
        open: [
          { day: '2026-11-10', slices: ['slice'] },
          { day: '2026-11-20', slices: ['x'] },
        ],
      },
      verified: false,
    });
  });
});
