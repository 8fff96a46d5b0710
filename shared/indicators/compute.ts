import { INDICATOR_KEYS, type IndicatorKey } from './definitions';
import type { FactKind } from './facts';
import type { Period } from './period';

/**
 * The arithmetic of the indicators, over plain counts (pure). The server reads the counts from its
 * counters (facts by unit and month, data-monitoring counts, round coverage) and calls these.
 */

export type CountKind = FactKind | 'relief_on_time' | 'relief_late';

/** A count of facts of one kind in one unit and month, split by whether the fact meets its test. */
export interface MonthCount {
  unitId: string;
  kind: CountKind;
  /** YYYY-MM */
  ym: string;
  ok: 0 | 1;
  n: number;
}

/** Coverage of one visit round in one unit (the rounds' own counts, /api/rounds/coverage). */
export interface RoundCount {
  unitId: string;
  roundId: string;
  roundName: string;
  endDate: string;
  due: number;
  visited: number;
}

export interface Figure {
  numerator: number;
  denominator: number;
  /** numerator / denominator, or null when the denominator is 0 (nothing to judge). */
  rate: number | null;
}

export type Figures = Record<IndicatorKey, Figure>;

export function figure(numerator: number, denominator: number): Figure {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

function sum(counts: readonly MonthCount[], test: (c: MonthCount) => boolean): number {
  let n = 0;
  for (const c of counts) if (test(c)) n += c.n;
  return n;
}

/** The flow indicators: facts dated in the months, those that meet the test over all of them. */
function flow(counts: readonly MonthCount[], kind: CountKind, months: ReadonlySet<string>): Figure {
  const inPeriod = (c: MonthCount) => c.kind === kind && months.has(c.ym);
  return figure(
    sum(counts, (c) => inPeriod(c) && c.ok === 1),
    sum(counts, inPeriod),
  );
}

/**
 * 建档困难职工帮扶措施覆盖率 at the end of month `ym`: on file = filings up to then minus files closed up to
 * then; covered = first payments up to then minus files closed (a closed file was paid: an exit is only
 * possible from 动态管理, after a payment).
 */
export function coverageAt(counts: readonly MonthCount[], ym: string): Figure {
  const upTo = (kind: CountKind) => sum(counts, (c) => c.kind === kind && c.ym <= ym);
  const closed = upTo('closed');
  return figure(Math.max(0, upTo('paid') - closed), Math.max(0, upTo('filed') - closed));
}

/** The six figures of one unit for a period, its counts being that unit's (any unit id). */
export function periodFigures(
  counts: readonly MonthCount[],
  rounds: readonly RoundCount[],
  months: readonly string[],
  asOfYm: string,
): Figures {
  const set = new Set(months);
  const relief = (c: MonthCount) => set.has(c.ym);
  const onTime = sum(counts, (c) => c.kind === 'relief_on_time' && relief(c));
  const late = sum(counts, (c) => c.kind === 'relief_late' && relief(c));
  return {
    identification: flow(counts, 'filed', set),
    method: flow(counts, 'plan', set),
    coverage: coverageAt(counts, asOfYm),
    fileUpdate: figure(
      rounds.reduce((a, r) => a + r.visited, 0),
      rounds.reduce((a, r) => a + r.due, 0),
    ),
    disbursement: figure(onTime, onTime + late),
    exit: flow(counts, 'exit', set),
  };
}

export interface UnitFigures {
  unitId: string;
  figures: Figures;
  /** Indicators below the target. */
  lagging: IndicatorKey[];
}

/** The indicators whose rate is below the target (an indicator with nothing to judge never lags). */
export function laggingIndicators(figures: Figures, target: number): IndicatorKey[] {
  return INDICATOR_KEYS.filter((key) => {
    const rate = figures[key].rate;
    return rate !== null && rate < target;
  });
}

/** Mean of the rates that exist; null when none does. */
export function meanRate(figures: Figures): number | null {
  const rates = INDICATOR_KEYS.map((k) => figures[k].rate).filter((r): r is number => r !== null);
  return rates.length === 0 ? null : rates.reduce((a, b) => a + b, 0) / rates.length;
}

export interface RankedUnit {
  unitId: string;
  rank: number;
  laggingCount: number;
  mean: number | null;
}

/**
 * The circular's (通报) order: fewer indicators below target first, then the higher mean of the rates,
 * then the unit id. Units with the same count and mean share a rank.
 */
export function rankUnits(units: readonly UnitFigures[]): RankedUnit[] {
  const rows = units.map((u) => ({
    unitId: u.unitId,
    laggingCount: u.lagging.length,
    mean: meanRate(u.figures),
  }));
  const meanKey = (m: number | null) => (m === null ? -1 : m);
  rows.sort(
    (a, b) =>
      a.laggingCount - b.laggingCount ||
      meanKey(b.mean) - meanKey(a.mean) ||
      a.unitId.localeCompare(b.unitId),
  );
  let rank = 0;
  return rows.map((row, i) => {
    const prev = rows[i - 1];
    if (!prev || prev.laggingCount !== row.laggingCount || meanKey(prev.mean) !== meanKey(row.mean))
      rank = i + 1;
    return { ...row, rank };
  });
}

/** The months of `period`'s year from January up to `asOfYm` (a trend's x axis). */
export function trendMonths(period: Period, asOfYm: string): string[] {
  const months: string[] = [];
  for (let m = 1; m <= 12; m += 1) {
    const ym = `${period.year}-${String(m).padStart(2, '0')}`;
    if (ym > asOfYm) break;
    months.push(ym);
  }
  return months;
}

/** One month's figures of a whole unit, for the trend: flows of that month, coverage at its end. */
export function monthFigures(
  counts: readonly MonthCount[],
  rounds: readonly RoundCount[],
  ym: string,
): Figures {
  return periodFigures(
    counts,
    rounds.filter((r) => r.endDate.slice(0, 7) === ym),
    [ym],
    ym,
  );
}

/** Rate as a percentage with one decimal, or 「—」 when there is nothing to judge. */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
