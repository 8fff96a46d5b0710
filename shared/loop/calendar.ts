import { addDays } from '../validation/dates';

/** Days that differ from the Monday–Friday rule: weekday holidays and weekend make-up workdays. */
export interface WorkCalendar {
  holidays?: readonly string[];
  workdays?: readonly string[];
}

/** Day of week of a `YYYY-MM-DD` date, 0 = Sunday. */
function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWorkingDay(date: string, calendar: WorkCalendar = {}): boolean {
  if (calendar.workdays?.includes(date)) return true;
  if (calendar.holidays?.includes(date)) return false;
  const day = dayOfWeek(date);
  return day !== 0 && day !== 6;
}

/**
 * The date `days` working days after `date` (both `YYYY-MM-DD`): Saturdays, Sundays and listed holidays do
 * not count, listed make-up workdays do. The start day itself is never counted, so a notice starting on a
 * Monday with 5 working days ends the next Monday.
 */
export function addWorkingDays(date: string, days: number, calendar: WorkCalendar = {}): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('工作日天数必须是非负整数');
  let current = date;
  let left = days;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) left -= 1;
  }
  return current;
}

/**
 * The same day `months` later, clamped to the end of a shorter month (08-31 + 6 months → 02-28 or 02-29).
 */
export function addMonths(date: string, months: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
