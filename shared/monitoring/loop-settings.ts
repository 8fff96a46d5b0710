import { DEFAULT_LOOP_CONFIG, type LoopConfig } from '../loop/config';
import { isRealDate } from '../validation/dates';
import { COUNTY_SETTING_SCHEMAS, effectiveSettings, type CountySettingRow } from './settings';
import type { WorkCalendarValue } from './work-calendar';

/**
 * The closed loop's configuration of one county on one day, from its settings rows: notice working days
 * and phase-out months in force on `day`, and the holidays and 调休 of every year the county has set (a
 * notice may run from December into January). Rules without a county setting keep `base`.
 */

/** Each year's calendar as last written, by year (`YYYY`). */
export function workCalendarsByYear(rows: readonly CountySettingRow[]): Map<string, WorkCalendarValue> {
  const years = new Map<string, WorkCalendarValue>();
  for (const row of rows) {
    if (row.key !== 'workCalendar') continue;
    const parsed = COUNTY_SETTING_SCHEMAS.workCalendar.safeParse(row.value);
    if (parsed.success) years.set(row.effectiveFrom.slice(0, 4), parsed.data);
  }
  return years;
}

export function loopConfigOn(
  rows: readonly CountySettingRow[],
  day: string,
  base: LoopConfig = DEFAULT_LOOP_CONFIG,
): LoopConfig {
  const settings = effectiveSettings(rows, day);
  const years = [...workCalendarsByYear(rows).values()];
  return {
    ...base,
    noticeWorkingDays: settings.noticeWorkingDays,
    suddenNoticeWorkingDays: settings.suddenNoticeWorkingDays,
    phaseOutMonths: settings.phaseOutMonths,
    holidays: [...base.holidays, ...years.flatMap((y) => y.holidays)],
    adjustedWorkdays: [...base.adjustedWorkdays, ...years.flatMap((y) => y.adjustedWorkdays)],
  };
}

const DAY_FIELD: Partial<Record<string, string>> = { startNotice: 'startDate', exit: 'noticeDate' };

/**
 * The day whose settings a closed-loop step runs under: a notice's start date (working days), an exit's
 * date the worker was told (phase-out months), else today. A missing or malformed date falls back to today
 * (the payload check refuses it anyway).
 */
export function settingsDayOf(command: string, payload: unknown, today: string): string {
  const field = DAY_FIELD[command];
  if (!field || typeof payload !== 'object' || payload === null) return today;
  const value = (payload as Record<string, unknown>)[field];
  return typeof value === 'string' && isRealDate(value) ? value : today;
}
