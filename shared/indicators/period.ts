import { z } from 'zod';

/**
 * A reporting period: a year (`2026`), a quarter (`2026-Q2`) or a month (`2026-03`). Periods are whole
 * months, so every count the indicators use is kept by month (`YYYY-MM`).
 */
export interface Period {
  /** As written: `2026`, `2026-Q2`, `2026-03`. */
  id: string;
  kind: 'year' | 'quarter' | 'month';
  year: number;
  /** First and last day (YYYY-MM-DD). */
  start: string;
  end: string;
  /** The months of the period, `YYYY-MM`, in order. */
  months: string[];
  /** In Chinese: 2026年, 2026年第二季度, 2026年3月. */
  label: string;
}

const QUARTER_NAMES = ['一', '二', '三', '四'];

function ym(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

function lastDay(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${ym(year, month)}-${String(day).padStart(2, '0')}`;
}

function span(
  id: string,
  kind: Period['kind'],
  year: number,
  from: number,
  to: number,
  label: string,
): Period {
  const months: string[] = [];
  for (let m = from; m <= to; m += 1) months.push(ym(year, m));
  return { id, kind, year, start: `${ym(year, from)}-01`, end: lastDay(year, to), months, label };
}

/** Parses a period id; null when it is not one. */
export function parsePeriod(id: string): Period | null {
  const year = /^(\d{4})$/.exec(id);
  if (year) {
    const y = Number(year[1]);
    return y >= 2000 && y <= 2100 ? span(id, 'year', y, 1, 12, `${y}年`) : null;
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(id);
  if (quarter) {
    const y = Number(quarter[1]);
    const q = Number(quarter[2]);
    if (y < 2000 || y > 2100) return null;
    return span(id, 'quarter', y, q * 3 - 2, q * 3, `${y}年第${QUARTER_NAMES[q - 1] ?? ''}季度`);
  }
  const month = /^(\d{4})-(\d{2})$/.exec(id);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    if (y < 2000 || y > 2100 || m < 1 || m > 12) return null;
    return span(id, 'month', y, m, m, `${y}年${m}月`);
  }
  return null;
}

export const periodIdSchema = z
  .string({ error: '请指定统计期间' })
  .refine((v) => parsePeriod(v) !== null, '统计期间应为年（2026）、季度（2026-Q1）或月份（2026-03）');

/** The day a stock is read at: the period's last day, or today while the period runs. */
export function asOfDay(period: Period, today: string): string {
  return today < period.end ? (today < period.start ? period.start : today) : period.end;
}

/** The period of today's month, quarter or year. */
export function currentPeriodId(today: string, kind: Period['kind']): string {
  const year = today.slice(0, 4);
  if (kind === 'year') return year;
  if (kind === 'month') return today.slice(0, 7);
  return `${year}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
}
