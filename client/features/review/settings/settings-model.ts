import {
  COUNTY_SETTING_LABELS,
  COUNTY_SETTING_SCHEMAS,
  knownSettingRows,
  rowInForce,
  type CountySettingKey,
  type CountySettingRow,
  type CountySettingsReply,
} from '../../../../shared/monitoring';
import { isRealDate } from '../../../../shared/validation/dates';
import { fenToYuanInput, parseYuan } from '../../../../shared/validation/money';

/**
 * What the 县级参数设置 screen shows and how it reads what is typed (docs/administration.md): per key the
 * value in force today, the values set for later days (upcoming) and every write; typed values in the
 * units people use (低保 standard in yuan), turned into the stored value and checked with the shared
 * schema, so the screen and the server refuse the same things with the same words.
 */

/** The single-value settings, in the order shown. */
export const VALUE_KEYS = [
  'dibaoMonthlyFen',
  'noticeWorkingDays',
  'suddenNoticeWorkingDays',
  'phaseOutMonths',
  'marginalMultiplier',
  'visitOverdueMonths',
  'disbursementDays',
  'phaseOutNoticeDays',
  'exitAfterMonthsAbove',
  'laggingTimelyRate',
] as const satisfies readonly CountySettingKey[];
export type ValueKey = (typeof VALUE_KEYS)[number];

const UNITS: Record<ValueKey, string> = {
  dibaoMonthlyFen: '元/人·月',
  noticeWorkingDays: '个工作日',
  suddenNoticeWorkingDays: '个工作日',
  phaseOutMonths: '个月',
  marginalMultiplier: '倍',
  visitOverdueMonths: '个月',
  disbursementDays: '天',
  phaseOutNoticeDays: '天',
  exitAfterMonthsAbove: '个月',
  laggingTimelyRate: '',
};

/** The short name of a setting (its label without the unit in brackets). */
export function settingName(key: CountySettingKey): string {
  return COUNTY_SETTING_LABELS[key].replace(/（[^）]*）$/, '');
}

export function formatSettingValue(key: CountySettingKey, value: unknown): string {
  if (key === 'workCalendar') {
    const parsed = COUNTY_SETTING_SCHEMAS.workCalendar.safeParse(value);
    return parsed.success
      ? `节假日 ${parsed.data.holidays.length} 天，调休上班 ${parsed.data.adjustedWorkdays.length} 天`
      : '—';
  }
  if (typeof value !== 'number') return '—';
  if (key === 'dibaoMonthlyFen') return `${fenToYuanInput(value)} ${UNITS[key]}`;
  if (key === 'laggingTimelyRate') return `${Number((value * 100).toFixed(2))}%`;
  return `${value} ${UNITS[key as ValueKey]}`;
}

/** The value as typed back into the input (低保 in yuan, the rate as a decimal). */
export function inputOf(key: ValueKey, value: unknown): string {
  if (typeof value !== 'number') return '';
  return key === 'dibaoMonthlyFen' ? fenToYuanInput(value) : String(value);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A typed value → the stored value, checked with the key's shared schema; the message names the setting. */
export function parseSettingInput(key: ValueKey, text: string): Parsed<number> {
  const label = COUNTY_SETTING_LABELS[key];
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `${label}：必须填写` };
  let value: number;
  if (key === 'dibaoMonthlyFen') {
    const yuan = parseYuan(trimmed);
    if (!yuan.ok) return { ok: false, message: `${label}：${yuan.message}` };
    value = yuan.fen;
  } else {
    value = Number(trimmed);
    if (!Number.isFinite(value)) return { ok: false, message: `${label}：必须是数字` };
  }
  const checked = COUNTY_SETTING_SCHEMAS[key].safeParse(value);
  if (!checked.success) {
    return { ok: false, message: `${label}：${checked.error.issues[0]?.message ?? '取值不正确'}` };
  }
  return { ok: true, value };
}

/** Dates typed one per line (or separated by commas, spaces or 、) → a sorted list without repeats. */
export function parseDateList(label: string, text: string): Parsed<string[]> {
  const parts = text
    .split(/[\s,，、；;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const part of parts) {
    if (!isRealDate(part)) {
      return { ok: false, message: `${label}：“${part}”不是有效的日期，格式应为“年-月-日”，例如 2027-10-01` };
    }
  }
  return { ok: true, value: [...new Set(parts)].sort() };
}

export interface KeyView {
  key: CountySettingKey;
  current: CountySettingRow | null;
  /** Values set for days after today, by date (for one date, the last written). */
  upcoming: CountySettingRow[];
}

/** Today's value and the upcoming ones of each single-value setting. */
export function keyViews(reply: Pick<CountySettingsReply, 'history' | 'today'>): KeyView[] {
  const rows = knownSettingRows(reply.history);
  return VALUE_KEYS.map((key) => {
    const later = new Map<string, CountySettingRow>();
    for (const row of rows) {
      if (row.key === key && row.effectiveFrom > reply.today) later.set(row.effectiveFrom, row);
    }
    return {
      key,
      current: rowInForce(rows, key, reply.today),
      upcoming: [...later.values()].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)),
    };
  });
}

/** One year's calendar as last written, or empty lists. */
export function workCalendarOfYear(
  reply: Pick<CountySettingsReply, 'history'>,
  year: number,
): { holidays: string[]; adjustedWorkdays: string[]; setByName: string | null } {
  let found: { holidays: string[]; adjustedWorkdays: string[]; setByName: string | null } | null = null;
  for (const row of reply.history) {
    if (row.key !== 'workCalendar' || row.effectiveFrom !== `${year}-01-01`) continue;
    const parsed = COUNTY_SETTING_SCHEMAS.workCalendar.safeParse(row.value);
    if (parsed.success) found = { ...parsed.data, setByName: row.setByName };
  }
  return found ?? { holidays: [], adjustedWorkdays: [], setByName: null };
}
