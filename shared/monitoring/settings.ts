import { z } from 'zod';
import { dateSchema } from '../validation/dates';
import { fenSchema } from '../validation/money';
import { DEMO_CLASSIFICATION_CONFIG, dibaoStandardFor } from '../domain/classification';

/**
 * County settings (县级参数) with effective dates: the monthly 低保 standard and the thresholds of the
 * monitoring rules. Each value is stored as one row `(countyId, key, value, effectiveFrom)`; the value in
 * force on a day is the row with the latest `effectiveFrom` not after that day, else the default below. A
 * change is a new row (history is kept), never an edit. The settings screen of a later issue builds on this.
 */

export const COUNTY_SETTING_SCHEMAS = {
  /** Monthly 低保 standard per person, in fen (当地低保标准). Usually effective from 1 January. */
  dibaoMonthlyFen: fenSchema.refine((v) => v > 0, '低保标准必须大于0'),
  /** Upper bound of 边缘易致困户 as a multiple of the 低保 standard (exclusive); from 1× inclusive. */
  marginalMultiplier: z.number({ error: '必须是数字' }).min(1, '不能小于1').max(3, '不能大于3'),
  /** A filed household not visited for more than this many months raises a warning. */
  visitOverdueMonths: z.int({ error: '必须是整数' }).min(1, '至少1个月').max(24, '不能超过24个月'),
  /** Days after city filing (市总备案) within which the first disbursement must be made. */
  disbursementDays: z.int({ error: '必须是整数' }).min(1, '至少1天').max(365, '不能超过365天'),
  /** Days before the end of a phase-out (渐退期) from which a warning is raised. */
  phaseOutNoticeDays: z.int({ error: '必须是整数' }).min(1, '至少1天').max(180, '不能超过180天'),
  /** Consecutive months above the standard after which an exit is suggested. */
  exitAfterMonthsAbove: z.int({ error: '必须是整数' }).min(1, '至少1个月').max(24, '不能超过24个月'),
  /** Share of disbursements on time below which a unit is marked as lagging (0–1). */
  laggingTimelyRate: z.number({ error: '必须是数字' }).min(0, '不能小于0').max(1, '不能大于1'),
  /** Oversight indicators (docs/indicators.md): an exit holds unless the household returns within N months. */
  exitStableMonths: z.int({ error: '必须是整数' }).min(1, '至少1个月').max(36, '不能超过36个月'),
  /** Oversight indicators: a unit below this share on any of the six indicators lags (0–1). */
  indicatorTarget: z.number({ error: '必须是数字' }).min(0, '不能小于0').max(1, '不能大于1'),
} as const;

export type CountySettingKey = keyof typeof COUNTY_SETTING_SCHEMAS;
export const COUNTY_SETTING_KEYS = Object.keys(COUNTY_SETTING_SCHEMAS) as CountySettingKey[];

export const COUNTY_SETTING_LABELS: Record<CountySettingKey, string> = {
  dibaoMonthlyFen: '当地低保标准（元/人·月）',
  marginalMultiplier: '边缘易致困户上限（低保标准的倍数）',
  visitOverdueMonths: '超期未走访（月）',
  disbursementDays: '备案后发放时限（天）',
  phaseOutNoticeDays: '渐退期到期提醒（天）',
  exitAfterMonthsAbove: '连续高于低保标准建议退出（月）',
  laggingTimelyRate: '及时发放率低于此值标为滞后',
  exitStableMonths: '脱困退出后稳定观察期（月）',
  indicatorTarget: '督导指标低于此值标为滞后',
};

export type ThresholdKey = Exclude<CountySettingKey, 'dibaoMonthlyFen'>;
export type MonitoringThresholds = { [K in ThresholdKey]: z.infer<(typeof COUNTY_SETTING_SCHEMAS)[K]> };

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

export const countySettingKeySchema = z.enum(
  COUNTY_SETTING_KEYS as [CountySettingKey, ...CountySettingKey[]],
  {
    error: '未知的参数名称',
  },
);

/** Body of `PUT /api/monitoring/settings`: one new value of one key from a date on. */
export const countySettingWriteSchema = z
  .strictObject({
    countyId: z.string().regex(/^\d{6}$/, '县级单位编码应为6位数字'),
    key: countySettingKeySchema,
    value: z.unknown(),
    effectiveFrom: dateSchema,
  })
  .superRefine((input, ctx) => {
    const parsed = COUNTY_SETTING_SCHEMAS[input.key].safeParse(input.value);
    if (!parsed.success) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${COUNTY_SETTING_LABELS[input.key]}：${parsed.error.issues[0]?.message ?? '取值不正确'}`,
      });
    }
  });
export type CountySettingWrite = z.infer<typeof countySettingWriteSchema>;

export interface CountySettingRow {
  key: CountySettingKey;
  value: unknown;
  effectiveFrom: string;
}

/** The settings in force on `day` (YYYY-MM-DD). */
export interface EffectiveSettings extends MonitoringThresholds {
  /** null when the county has no 低保 standard for that day (neither stored nor in the demo defaults). */
  dibaoMonthlyFen: number | null;
}

/**
 * Resolves the settings of one county on one day from its stored rows (any order). Rows whose value no
 * longer parses are skipped (they cannot be written through the API, so only a hand-edited database has
 * them). Without a stored 低保 standard, the demo classification config's figure for the year is used, so
 * that the server's warnings agree with the tablet's live suggestion.
 */
export function effectiveSettings(
  countyId: string,
  rows: readonly CountySettingRow[],
  day: string,
): EffectiveSettings {
  const latest = new Map<CountySettingKey, CountySettingRow>();
  for (const row of rows) {
    if (row.effectiveFrom > day) continue;
    if (!COUNTY_SETTING_SCHEMAS[row.key].safeParse(row.value).success) continue;
    const current = latest.get(row.key);
    if (!current || current.effectiveFrom < row.effectiveFrom) latest.set(row.key, row);
  }
  const value = <K extends CountySettingKey>(key: K, fallback: EffectiveSettings[K]): EffectiveSettings[K] =>
    (latest.get(key)?.value as EffectiveSettings[K] | undefined) ?? fallback;
  const year = Number(day.slice(0, 4));
  return {
    dibaoMonthlyFen: value('dibaoMonthlyFen', dibaoStandardFor(DEMO_CLASSIFICATION_CONFIG, countyId, year)),
    marginalMultiplier: value('marginalMultiplier', DEFAULT_THRESHOLDS.marginalMultiplier),
    visitOverdueMonths: value('visitOverdueMonths', DEFAULT_THRESHOLDS.visitOverdueMonths),
    disbursementDays: value('disbursementDays', DEFAULT_THRESHOLDS.disbursementDays),
    phaseOutNoticeDays: value('phaseOutNoticeDays', DEFAULT_THRESHOLDS.phaseOutNoticeDays),
    exitAfterMonthsAbove: value('exitAfterMonthsAbove', DEFAULT_THRESHOLDS.exitAfterMonthsAbove),
    laggingTimelyRate: value('laggingTimelyRate', DEFAULT_THRESHOLDS.laggingTimelyRate),
    exitStableMonths: value('exitStableMonths', DEFAULT_THRESHOLDS.exitStableMonths),
    indicatorTarget: value('indicatorTarget', DEFAULT_THRESHOLDS.indicatorTarget),
  };
}
