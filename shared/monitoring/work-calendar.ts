import { z } from 'zod';
import { dateSchema } from '../validation/dates';

/**
 * The working-day calendar of one county and one year (节假日与调休): weekday public holidays, which do not
 * count as working days, and weekend days worked instead (调休上班). Stored as the county setting
 * `workCalendar` effective from 1 January of its year; a later write for the same year replaces the
 * year's lists (the earlier stays in the history). Public notices count working days with it.
 */

export const WORK_CALENDAR_LABEL = '节假日与调休';

export const workCalendarSchema = z.strictObject({
  holidays: z.array(dateSchema, { error: '必须是日期列表' }).max(60, '节假日最多60天'),
  adjustedWorkdays: z.array(dateSchema, { error: '必须是日期列表' }).max(30, '调休上班日最多30天'),
});
export type WorkCalendarValue = z.infer<typeof workCalendarSchema>;

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The first thing wrong with one year's calendar written from `effectiveFrom`, in Chinese, or null. */
export function workCalendarWriteIssue(
  value: WorkCalendarValue,
  effectiveFrom: string,
): { path: string; message: string } | null {
  const year = effectiveFrom.slice(0, 4);
  if (effectiveFrom !== `${year}-01-01`) {
    return { path: 'effectiveFrom', message: `节假日与调休按年设置，生效日期应为${year}-01-01` };
  }
  const seen = new Set<string>();
  for (const [list, label] of [
    [value.holidays, '节假日'],
    [value.adjustedWorkdays, '调休上班日'],
  ] as const) {
    for (const date of list) {
      if (!date.startsWith(`${year}-`)) {
        return { path: 'value', message: `${label}${date}不在${year}年内` };
      }
      if (seen.has(date)) return { path: 'value', message: `日期${date}重复或同时列为节假日和调休上班日` };
      seen.add(date);
    }
  }
  for (const date of value.adjustedWorkdays) {
    const day = weekday(date);
    if (day !== 0 && day !== 6) return { path: 'value', message: `调休上班日${date}不是周六或周日` };
  }
  return null;
}

/** A year's lists sorted, as stored. */
export function sortedWorkCalendar(value: WorkCalendarValue): WorkCalendarValue {
  return { holidays: [...value.holidays].sort(), adjustedWorkdays: [...value.adjustedWorkdays].sort() };
}
