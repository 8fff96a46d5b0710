import { z } from 'zod';
import { dateSchema } from '../validation/dates';
import { fenSchema } from '../validation/money';
import { DEFAULT_LOOP_CONFIG } from '../loop/config';
import type { DibaoStandardUsed } from '../domain/classification';
import { WORK_CALENDAR_LABEL, workCalendarSchema, workCalendarWriteIssue } from './work-calendar';

/**
 * County settings (县级参数) with effective dates: the monthly 低保 standard, the closed loop's local rules
 * (public-notice working days, phase-out months, holidays and 调休) and the thresholds of the monitoring
 * rules. Each value is stored as one row `(countyId, key, value, effectiveFrom)`; the value in force on a
 * day is the row with the latest `effectiveFrom` not after that day (for two rows of one date, the later
 * written), else the default below. A change is a new row (history is kept), never an edit.
 * See docs/administration.md (县级参数设置).
 */

const int = (min: number, max: number, unit: string) =>
  z.int({ error: '必须是整数' }).min(min, `至少${min}${unit}`).max(max, `不能超过${max}${unit}`);

export const COUNTY_SETTING_SCHEMAS = {
  /** Monthly 低保 standard per person, in fen (当地低保标准). Usually effective from 1 January. */
  dibaoMonthlyFen: fenSchema.refine((v) => v > 0, '低保标准必须大于0'),
  /** Upper bound of 边缘易致困户 as a multiple of the 低保 standard (exclusive); from 1× inclusive. */
  marginalMultiplier: z.number({ error: '必须是数字' }).min(1, '不能小于1').max(3, '不能大于3'),
  /** A filed household not visited for more than this many months raises a warning. */
  visitOverdueMonths: int(1, 24, '个月'),
  /** Days after city filing (市总备案) within which the first disbursement must be made. */
  disbursementDays: int(1, 365, '天'),
  /** Days before the end of a phase-out (渐退期) from which a warning is raised. */
  phaseOutNoticeDays: int(1, 180, '天'),
  /** Consecutive months above the standard after which an exit is suggested. */
  exitAfterMonthsAbove: int(1, 24, '个月'),
  /** Share of disbursements on time below which a unit is marked as lagging (0–1). */
  laggingTimelyRate: z.number({ error: '必须是数字' }).min(0, '不能小于0').max(1, '不能大于1'),
  /** Public notice length in working days (公示期); the day a notice starts decides. */
  noticeWorkingDays: int(1, 30, '个工作日'),
  /** Shorter notice for sudden hardship (意外致困快速响应). */
  suddenNoticeWorkingDays: int(1, 30, '个工作日'),
  /** Phase-out (渐退期) of a deep-difficulty exit, in months; 0 exits at once. The exit's date decides. */
  phaseOutMonths: z.int({ error: '必须是整数' }).min(0, '不能小于0个月').max(24, '不能超过24个月'),
  /** One year's weekday holidays and weekend make-up workdays (调休), effective from 1 January of it. */
  workCalendar: workCalendarSchema,
  /** Oversight indicators (docs/indicators.md): an exit holds unless the household returns within N months. */
  exitStableMonths: z.int({ error: '必须是整数' }).min(1, '至少1个月').max(36, '不能超过36个月'),
  /** Oversight indicators: a unit below this share on any of the six indicators lags (0–1). */
  indicatorTarget: z.number({ error: '必须是数字' }).min(0, '不能小于0').max(1, '不能大于1'),
} as const;

export type CountySettingKey = keyof typeof COUNTY_SETTING_SCHEMAS;
export const COUNTY_SETTING_KEYS = Object.keys(COUNTY_SETTING_SCHEMAS) as CountySettingKey[];
export type CountySettingValue<K extends CountySettingKey> = z.infer<(typeof COUNTY_SETTING_SCHEMAS)[K]>;

export const COUNTY_SETTING_LABELS: Record<CountySettingKey, string> = {
  dibaoMonthlyFen: '当地低保标准（元/人·月）',
  marginalMultiplier: '边缘易致困户上限（低保标准的倍数）',
  visitOverdueMonths: '超期未走访（月）',
  disbursementDays: '备案后发放时限（天）',
  phaseOutNoticeDays: '渐退期到期提醒（天）',
  exitAfterMonthsAbove: '连续高于低保标准建议退出（月）',
  laggingTimelyRate: '及时发放率低于此值标为滞后',
  noticeWorkingDays: '公示期（工作日）',
  suddenNoticeWorkingDays: '意外致困公示期（工作日）',
  phaseOutMonths: '渐退期（月）',
  workCalendar: WORK_CALENDAR_LABEL,
  exitStableMonths: '脱困退出后稳定观察期（月）',
  indicatorTarget: '督导指标低于此值标为滞后',
};

export type ThresholdKey =
  | 'marginalMultiplier'
  | 'visitOverdueMonths'
  | 'disbursementDays'
  | 'phaseOutNoticeDays'
  | 'exitAfterMonthsAbove'
  | 'laggingTimelyRate'
  | 'exitStableMonths'
  | 'indicatorTarget';
export type MonitoringThresholds = { [K in ThresholdKey]: CountySettingValue<K> };

export const DEFAULT_THRESHOLDS: MonitoringThresholds = {
  marginalMultiplier: 1.5,
  visitOverdueMonths: 6,
  disbursementDays: 30,
  phaseOutNoticeDays: 30,
  exitAfterMonthsAbove: 6,
  laggingTimelyRate: 0.9,
  exitStableMonths: 12,
  indicatorTarget: 0.9,
};

/** The closed loop's county settings and their defaults (the loop's built-in configuration). */
export type LoopSettingKey = 'noticeWorkingDays' | 'suddenNoticeWorkingDays' | 'phaseOutMonths';
export const DEFAULT_LOOP_SETTINGS: { [K in LoopSettingKey]: CountySettingValue<K> } = {
  noticeWorkingDays: DEFAULT_LOOP_CONFIG.noticeWorkingDays,
  suddenNoticeWorkingDays: DEFAULT_LOOP_CONFIG.suddenNoticeWorkingDays,
  phaseOutMonths: DEFAULT_LOOP_CONFIG.phaseOutMonths,
};

export const countySettingKeySchema = z.enum(
  COUNTY_SETTING_KEYS as [CountySettingKey, ...CountySettingKey[]],
  {
    error: '未知的参数名称',
  },
);

/** Body of `PUT /api/monitoring/settings`: one new value of one key from a date on. */
export const countySettingWriteSchema = z
  .strictObject({
    countyId: z.string({ error: '必须是文字' }).regex(/^\d{6}$/, '县级单位编码应为6位数字'),
    key: countySettingKeySchema,
    value: z.unknown(),
    effectiveFrom: dateSchema.refine(
      (d) => d >= '2000-01-01' && d <= '2100-12-31',
      '生效日期应在2000年至2100年之间',
    ),
  })
  .superRefine((input, ctx) => {
    const parsed = COUNTY_SETTING_SCHEMAS[input.key].safeParse(input.value);
    if (!parsed.success) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${COUNTY_SETTING_LABELS[input.key]}：${parsed.error.issues[0]?.message ?? '取值不正确'}`,
      });
      return;
    }
    if (input.key === 'workCalendar') {
      const issue = workCalendarWriteIssue(
        parsed.data as CountySettingValue<'workCalendar'>,
        input.effectiveFrom,
      );
      if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
    }
  });
export type CountySettingWrite = z.infer<typeof countySettingWriteSchema>;

export const countySettingRowSchema = z.strictObject({
  key: countySettingKeySchema,
  value: z.unknown(),
  effectiveFrom: z.string(),
  /** Who wrote the row and when (absent in hand-made rows, e.g. unit tests). */
  setByName: z.string().nullable().optional(),
  setAt: z.string().optional(),
});
/** One stored value. A list of rows is in the order written, so the later of two rows of one date wins. */
export type CountySettingRow = z.infer<typeof countySettingRowSchema>;

/** The settings in force on `day` (YYYY-MM-DD). */
export interface EffectiveSettings extends MonitoringThresholds {
  /** null when the county has no 低保 standard for that day. */
  dibaoMonthlyFen: number | null;
  noticeWorkingDays: number;
  suddenNoticeWorkingDays: number;
  phaseOutMonths: number;
}

function usable(row: CountySettingRow): boolean {
  return COUNTY_SETTING_SCHEMAS[row.key].safeParse(row.value).success;
}

/**
 * The row of `key` in force on `day`: the latest `effectiveFrom` not after the day, the later written of
 * two of one date. Rows whose value no longer parses are skipped (they cannot be written through the API).
 */
export function rowInForce(
  rows: readonly CountySettingRow[],
  key: CountySettingKey,
  day: string,
): CountySettingRow | null {
  let found: CountySettingRow | null = null;
  for (const row of rows) {
    if (row.key !== key || row.effectiveFrom > day || !usable(row)) continue;
    if (!found || found.effectiveFrom <= row.effectiveFrom) found = row;
  }
  return found;
}

/** The 低保 standard in force on `day` with the date it took effect, or null when none is set. */
export function dibaoStandardOn(rows: readonly CountySettingRow[], day: string): DibaoStandardUsed | null {
  const row = rowInForce(rows, 'dibaoMonthlyFen', day);
  return row ? { monthlyFen: row.value as number, effectiveFrom: row.effectiveFrom } : null;
}

/** Resolves the settings of one county on one day from its stored rows (in the order written). */
export function effectiveSettings(rows: readonly CountySettingRow[], day: string): EffectiveSettings {
  const value = <K extends CountySettingKey>(
    key: K,
    fallback: CountySettingValue<K>,
  ): CountySettingValue<K> =>
    (rowInForce(rows, key, day)?.value as CountySettingValue<K> | undefined) ?? fallback;
  return {
    dibaoMonthlyFen: dibaoStandardOn(rows, day)?.monthlyFen ?? null,
    marginalMultiplier: value('marginalMultiplier', DEFAULT_THRESHOLDS.marginalMultiplier),
    visitOverdueMonths: value('visitOverdueMonths', DEFAULT_THRESHOLDS.visitOverdueMonths),
    disbursementDays: value('disbursementDays', DEFAULT_THRESHOLDS.disbursementDays),
    phaseOutNoticeDays: value('phaseOutNoticeDays', DEFAULT_THRESHOLDS.phaseOutNoticeDays),
    exitAfterMonthsAbove: value('exitAfterMonthsAbove', DEFAULT_THRESHOLDS.exitAfterMonthsAbove),
    laggingTimelyRate: value('laggingTimelyRate', DEFAULT_THRESHOLDS.laggingTimelyRate),
    noticeWorkingDays: value('noticeWorkingDays', DEFAULT_LOOP_SETTINGS.noticeWorkingDays),
    suddenNoticeWorkingDays: value('suddenNoticeWorkingDays', DEFAULT_LOOP_SETTINGS.suddenNoticeWorkingDays),
    phaseOutMonths: value('phaseOutMonths', DEFAULT_LOOP_SETTINGS.phaseOutMonths),
    exitStableMonths: value('exitStableMonths', DEFAULT_THRESHOLDS.exitStableMonths),
    indicatorTarget: value('indicatorTarget', DEFAULT_THRESHOLDS.indicatorTarget),
  };
}

/** The rows of known keys among stored or pulled rows (a key a newer server added is left out). */
export function knownSettingRows(
  rows: readonly {
    key: string;
    value: unknown;
    effectiveFrom: string;
    setByName?: string | null;
    setAt?: string;
  }[],
): CountySettingRow[] {
  return rows.flatMap((row) => {
    const key = countySettingKeySchema.safeParse(row.key);
    return key.success ? [{ ...row, key: key.data }] : [];
  });
}
