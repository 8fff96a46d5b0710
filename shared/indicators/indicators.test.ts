import { describe, expect, it } from 'vitest';
import {
  asOfDay,
  caseFacts,
  coverageAt,
  exitEvidenced,
  exitHeld,
  laggingIndicators,
  methodMatches,
  monthFigures,
  parsePeriod,
  periodFigures,
  rankUnits,
  rateText,
  type CaseFactsInput,
  type MonthCount,
  type RoundCount,
} from './index';

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('missing');
  return value;
}

const c = (kind: MonthCount['kind'], ym: string, ok: 0 | 1, n: number): MonthCount => ({
  unitId: 'A',
  kind,
  ym,
  ok,
  n,
});

describe('periods', () => {
  it('reads years, quarters and months', () => {
    expect(parsePeriod('2026')).toMatchObject({ start: '2026-01-01', end: '2026-12-31', label: '2026年' });
    expect(parsePeriod('2026-Q2')).toMatchObject({
      start: '2026-04-01',
      end: '2026-06-30',
      months: ['2026-04', '2026-05', '2026-06'],
      label: '2026年第二季度',
    });
    expect(parsePeriod('2024-02')).toMatchObject({ end: '2024-02-29', label: '2024年2月' });
    for (const bad of ['2026-13', '2026-Q5', '26', '2026-1', 'x']) expect(parsePeriod(bad)).toBeNull();
  });

  it('reads a running period up to today', () => {
    const year = must(parsePeriod('2026'));
    expect(asOfDay(year, '2026-07-04')).toBe('2026-07-04');
    expect(asOfDay(year, '2027-01-02')).toBe('2026-12-31');
  });
});

describe('facts of one case', () => {
  const base: CaseFactsInput = {
    stage: 'managed',
    cityFiledOn: '2026-02-10',
    disbursed: true,
    lastDisbursedOn: '2026-02-20',
    planApproved: true,
    planApprovedOn: '2026-01-20',
    planMeasures: ['illness_relief'],
    mainCause: 6,
    exitReason: null,
    exitNoticeDate: null,
    exitedOn: null,
    incomeAtExit: null,
  };

  it('a filed, paid case with a plan that answers its cause', () => {
    expect(caseFacts(base)).toEqual([
      { kind: 'filed', day: '2026-02-10', ok: 1 },
      { kind: 'paid', day: '2026-02-20', ok: 1 },
      { kind: 'plan', day: '2026-01-20', ok: 1 },
    ]);
  });

  it('an exit as not eligible makes the filing wrong; the exit itself is grounded', () => {
    const facts = caseFacts({
      ...base,
      stage: 'exited',
      exitReason: 'ineligible',
      exitNoticeDate: '2026-05-01',
      exitedOn: '2026-05-01',
    });
    expect(facts.find((f) => f.kind === 'filed')?.ok).toBe(0);
    expect(facts.find((f) => f.kind === 'exit')).toEqual({ kind: 'exit', day: '2026-05-01', ok: 1 });
    expect(facts.find((f) => f.kind === 'closed')).toEqual({ kind: 'closed', day: '2026-05-01', ok: 1 });
  });

  it('matches measures to the main cause', () => {
    expect(methodMatches(6, ['living_relief'])).toBe(false); // 因病 needs 大病救助
    expect(methodMatches(9, ['living_relief', 'schooling_aid'])).toBe(true); // 因子女就学 → 子女助学
    expect(methodMatches(10, ['other'])).toBe(true); // 其他: any measure
    expect(methodMatches(null, ['living_relief'])).toBe(false); // no cause, nothing to match
  });

  it('an exit "lifted out" needs an income at or above the standard, and must hold', () => {
    expect(exitEvidenced('lifted_out', { perCapitaFen: 80_000, standardFen: 75_000 })).toBe(true);
    expect(exitEvidenced('lifted_out', { perCapitaFen: 70_000, standardFen: 75_000 })).toBe(false);
    expect(exitEvidenced('lifted_out', null)).toBe(false);
    expect(exitEvidenced('deceased', null)).toBe(true);
    // Exit 2026-03-15, 12 months: a return on 2027-03-15 is within, 2027-03-16 is after.
    expect(exitHeld(true, '2026-03-15', '2027-03-15', 12)).toBe(false);
    expect(exitHeld(true, '2026-03-15', '2027-03-16', 12)).toBe(true);
    expect(exitHeld(true, '2026-03-15', null, 12)).toBe(true);
  });
});

/**
 * A hand-built unit A, 2026:
 * - filings: Jan 4 (3 hold, 1 later exited as not eligible), Apr 2 (both hold), 2025-11 1 (holds)
 * - plans approved: Jan 3 (2 match the cause), May 2 (2 match)
 * - first payments: 2025-12 1, Feb 3, May 1
 * - first payments after filing: on time Feb 3, late Feb 1; on time May 1
 * - exits: Jun 2 (1 grounded and held), closed in Jun 1
 * - rounds: 在档走访 ending 04-30: 5 due, 4 visited; 档案更新 ending 10-31: 6 due, 3 visited
 */
const COUNTS: MonthCount[] = [
  c('filed', '2025-11', 1, 1),
  c('filed', '2026-01', 1, 3),
  c('filed', '2026-01', 0, 1),
  c('filed', '2026-04', 1, 2),
  c('plan', '2026-01', 1, 2),
  c('plan', '2026-01', 0, 1),
  c('plan', '2026-05', 1, 2),
  c('paid', '2025-12', 1, 1),
  c('paid', '2026-02', 1, 3),
  c('paid', '2026-05', 1, 1),
  c('relief_on_time', '2026-02', 1, 3),
  c('relief_late', '2026-02', 1, 1),
  c('relief_on_time', '2026-05', 1, 1),
  c('exit', '2026-06', 1, 1),
  c('exit', '2026-06', 0, 1),
  c('closed', '2026-06', 1, 1),
];
const ROUNDS: RoundCount[] = [
  { unitId: 'A', roundId: 'r1', roundName: '在档走访', endDate: '2026-04-30', due: 5, visited: 4 },
  { unitId: 'A', roundId: 'r2', roundName: '档案更新', endDate: '2026-10-31', due: 6, visited: 3 },
];

describe('figures of a hand-built unit', () => {
  it('the year 2026, read at its end', () => {
    const year = must(parsePeriod('2026'));
    const f = periodFigures(COUNTS, ROUNDS, year.months, '2026-12');
    // identification: filings in 2026 = 3 + 1 + 2 = 6; held = 3 + 2 = 5 → 5/6
    expect(f.identification).toEqual({ numerator: 5, denominator: 6, rate: 5 / 6 });
    // method: plans 2 + 1 + 2 = 5; matching 2 + 2 = 4 → 4/5 = 80%
    expect(f.method).toEqual({ numerator: 4, denominator: 5, rate: 0.8 });
    // coverage at 2026-12: filed 1 + 4 + 2 = 7, closed 1 → on file 6; paid 1 + 3 + 1 = 5, minus closed 1 → 4
    expect(f.coverage).toEqual({ numerator: 4, denominator: 6, rate: 4 / 6 });
    // file update: both rounds: visited 4 + 3 = 7 of due 5 + 6 = 11
    expect(f.fileUpdate).toEqual({ numerator: 7, denominator: 11, rate: 7 / 11 });
    // disbursement: on time 3 + 1 = 4 of 4 + 1 late = 5 → 80%
    expect(f.disbursement).toEqual({ numerator: 4, denominator: 5, rate: 0.8 });
    // exit: 2 exits, 1 held → 50%
    expect(f.exit).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
  });

  it('the first quarter, and coverage read at its end', () => {
    const q1 = must(parsePeriod('2026-Q1'));
    const f = periodFigures(COUNTS, [], q1.months, '2026-03');
    // filings Jan: 4, 3 held
    expect(f.identification).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
    // coverage at 2026-03: filed 1 + 4 = 5, closed 0; paid 1 + 3 = 4 → 4/5
    expect(coverageAt(COUNTS, '2026-03')).toEqual({ numerator: 4, denominator: 5, rate: 0.8 });
    expect(f.coverage.rate).toBe(0.8);
    // no round ended in Q1: nothing to judge
    expect(f.fileUpdate).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(f.exit.rate).toBeNull();
  });

  it('a month of the trend takes the round that ended in it', () => {
    const april = monthFigures(COUNTS, ROUNDS, '2026-04');
    expect(april.fileUpdate).toEqual({ numerator: 4, denominator: 5, rate: 0.8 });
    expect(april.identification).toEqual({ numerator: 2, denominator: 2, rate: 1 });
  });
});

describe('lagging and ranking', () => {
  it('marks the indicators below target and ranks the units', () => {
    const year = must(parsePeriod('2026'));
    const a = periodFigures(COUNTS, ROUNDS, year.months, '2026-12');
    // target 0.8: identification 0.833 and method/disbursement 0.8 pass; coverage 0.667, file update 0.636,
    // exit 0.5 lag.
    expect(laggingIndicators(a, 0.8)).toEqual(['coverage', 'fileUpdate', 'exit']);
    const perfect = periodFigures(
      [c('filed', '2026-01', 1, 2), c('paid', '2026-01', 1, 2)],
      [],
      year.months,
      '2026-12',
    );
    const ranked = rankUnits([
      { unitId: 'A', figures: a, lagging: laggingIndicators(a, 0.8) },
      { unitId: 'B', figures: perfect, lagging: laggingIndicators(perfect, 0.8) },
      { unitId: 'C', figures: perfect, lagging: [] },
    ]);
    expect(ranked.map((r) => [r.unitId, r.rank, r.laggingCount])).toEqual([
      ['B', 1, 0],
      ['C', 1, 0],
      ['A', 3, 3],
    ]);
    expect(rateText(5 / 6)).toBe('83.3%');
    expect(rateText(null)).toBe('—');
  });
});
