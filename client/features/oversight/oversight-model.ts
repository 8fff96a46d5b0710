import {
  INDICATOR_KEYS,
  INDICATOR_TEXT,
  currentPeriodId,
  parsePeriod,
  rateText,
  type IndicatorKey,
  type IndicatorPart,
} from '../../../shared/indicators';
import { todayInChina } from '../../../shared/validation/clock';

/** Period choices and link building for the oversight screens (pure, no React). */

export interface PeriodChoice {
  id: string;
  label: string;
}

/** This year and last, their quarters and the months of this year up to now, newest first. */
export function periodChoices(today: string = todayInChina()): PeriodChoice[] {
  const year = Number(today.slice(0, 4));
  const ids: string[] = [String(year)];
  const quarter = Number(currentPeriodId(today, 'quarter').slice(-1));
  for (let q = quarter; q >= 1; q -= 1) ids.push(`${year}-Q${q}`);
  for (let m = Number(today.slice(5, 7)); m >= 1; m -= 1) ids.push(`${year}-${String(m).padStart(2, '0')}`);
  ids.push(String(year - 1));
  return ids.flatMap((id) => {
    const period = parsePeriod(id);
    return period ? [{ id, label: period.label }] : [];
  });
}

/** The drill-down list of one figure. */
export function casesLink(
  period: string,
  unit: string | null,
  indicator: IndicatorKey,
  part: IndicatorPart,
): string {
  const params = new URLSearchParams({ period, indicator, part });
  if (unit) params.set('unit', unit);
  return `/oversight/cases?${params.toString()}`;
}

export function figureTitle(key: IndicatorKey): string {
  return INDICATOR_TEXT[key].label;
}

export { INDICATOR_KEYS, INDICATOR_TEXT, rateText };
