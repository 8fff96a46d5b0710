import { z } from 'zod';
import { typeError } from './messages';
import { todayInChina } from './clock';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a `YYYY-MM-DD` string naming a day that exists (2024-02-29 yes, 2023-02-29 no). */
export function isRealDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this month.
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= lastDay;
}

/** A real calendar date written `YYYY-MM-DD`. */
export const dateSchema = z
  .string({ error: typeError('必须是日期（年-月-日）') })
  .regex(DATE_PATTERN, '格式应为“年-月-日”，例如 2026-03-15')
  .refine(isRealDate, '不是有效的日期');

/** A real date that is not after `today` (both `YYYY-MM-DD`; string order is date order). */
export function notFutureDateSchema(today: string = todayInChina()) {
  return dateSchema.refine((value) => value <= today, `不能晚于今天（${today}）`);
}

/** An ISO 8601 timestamp with offset, as `Date.prototype.toISOString()` writes it. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true, error: '不是有效的时间' });

/** Whole years of age on `today` for someone born on `birthDate` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  // Not yet had this year's birthday: month-day strings compare in calendar order.
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Adds whole days to a `YYYY-MM-DD` date (negative to go back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const ms = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
