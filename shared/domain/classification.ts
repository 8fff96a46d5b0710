import { z } from 'zod';
import { fenToYuanInput, formatFen } from '../validation/money';
import type { Category } from './household-codes';

/**
 * Income and the suggested category. Local practice, not the seed document, sets the thresholds, so every
 * figure is configurable per county and year. The result is a suggestion with its reasons: a person decides.
 */

export const classificationConfigSchema = z.strictObject({
  /** Upper bound of 相对困难 as a multiple of the 低保 standard (inclusive). */
  relativeMultiplier: z.number().min(1).max(10),
  /** 意外致困 when the year's hardship spending exceeds this share of household annual income. */
  suddenHardshipRatio: z.number().gt(0).max(10),
});
export type ClassificationConfig = z.infer<typeof classificationConfigSchema>;

/**
 * The classifier's multiples. The 低保 standard itself is a county setting with effective dates
 * (`dibaoMonthlyFen`, shared/monitoring/settings.ts): each county sets its own every year.
 */
export const CLASSIFICATION_CONFIG: ClassificationConfig = {
  relativeMultiplier: 2,
  suddenHardshipRatio: 0.8,
};

/** The 低保 standard a suggestion was made against: the amount and the day that value took effect. */
export interface DibaoStandardUsed {
  monthlyFen: number;
  effectiveFrom: string;
}

/** "按 2026 年低保标准 850.00 元/月" — how a stored classification names the standard it used. */
export function dibaoStandardText(standard: DibaoStandardUsed | null): string {
  if (!standard) return '当地低保标准未配置';
  return `按 ${standard.effectiveFrom.slice(0, 4)} 年低保标准 ${fenToYuanInput(standard.monthlyFen)} 元/月`;
}

/**
 * Per-capita monthly income = (annual income − rigid expenses) ÷ 12 ÷ household size, in whole fen.
 * Rounded down (a fraction of a fen never lifts a household over a threshold) and never below zero.
 */
export function perCapitaMonthlyIncomeFen(input: {
  annualIncomeFen: number;
  rigidExpensesFen: number;
  householdSize: number;
}): number {
  if (!Number.isInteger(input.householdSize) || input.householdSize < 1) {
    throw new RangeError('householdSize must be a positive integer');
  }
  const disposable = Math.max(0, input.annualIncomeFen - input.rigidExpensesFen);
  return Math.floor(disposable / (12 * input.householdSize));
}

/** Household annual income: twelve months of the head's and members' incomes plus other annual income. */
export function householdAnnualIncomeFen(input: {
  headMonthlyIncomeFen: number;
  memberMonthlyIncomesFen: readonly number[];
  otherAnnualIncomeFen: number;
}): number {
  const monthly = input.memberMonthlyIncomesFen.reduce((sum, fen) => sum + fen, input.headMonthlyIncomeFen);
  return monthly * 12 + input.otherAnnualIncomeFen;
}

/** Annual rigid expenses deducted before comparing with the 低保 standard (illness, disability, schooling). */
export function rigidExpensesFen(input: {
  medicalExpensesAnnualFen?: number | null;
  disabilityExpensesAnnualFen?: number | null;
  schoolingExpensesAnnualFen?: number | null;
}): number {
  return (
    (input.medicalExpensesAnnualFen ?? 0) +
    (input.disabilityExpensesAnnualFen ?? 0) +
    (input.schoolingExpensesAnnualFen ?? 0)
  );
}

export type IncomeSummary = {
  householdSize: number;
  annualIncomeFen: number;
  rigidExpensesFen: number;
  perCapitaMonthlyIncomeFen: number;
};

/** The household fields `householdIncomeSummary` reads (the server reads just these out of stored JSON). */
export const HOUSEHOLD_INCOME_FIELDS = [
  'headMonthlyIncomeFen',
  'otherAnnualIncomeFen',
  'medicalExpensesAnnualFen',
  'disabilityExpensesAnnualFen',
  'schoolingExpensesAnnualFen',
] as const;
export type HouseholdIncomeField = (typeof HOUSEHOLD_INCOME_FIELDS)[number];

/**
 * The income figures of a household and its members, for the live display on the visit form. Works on
 * drafts: a missing amount counts as zero. Household size is the head plus the members.
 */
export function householdIncomeSummary(
  household: Partial<Record<HouseholdIncomeField, number | null>>,
  members: readonly { monthlyIncomeFen?: number | null }[],
): IncomeSummary {
  const householdSize = members.length + 1;
  const annualIncomeFen = householdAnnualIncomeFen({
    headMonthlyIncomeFen: household.headMonthlyIncomeFen ?? 0,
    memberMonthlyIncomesFen: members.map((m) => m.monthlyIncomeFen ?? 0),
    otherAnnualIncomeFen: household.otherAnnualIncomeFen ?? 0,
  });
  const rigid = rigidExpensesFen(household);
  return {
    householdSize,
    annualIncomeFen,
    rigidExpensesFen: rigid,
    perCapitaMonthlyIncomeFen: perCapitaMonthlyIncomeFen({
      annualIncomeFen,
      rigidExpensesFen: rigid,
      householdSize,
    }),
  };
}

export type CategorySuggestion = { category: Category; reasons: string[] };

export type SuggestCategoryInput = {
  perCapitaMonthlyIncomeFen: number;
  /** Monthly 低保 standard per person; null when the county has none configured for the year. */
  dibaoStandardFen: number | null;
  annualIncomeFen: number;
  /** This year's spending on a sudden hardship after insurance and compensation. */
  suddenHardshipSpendingFen?: number | null;
  /** The household already receives 低保. */
  receivesDibao?: boolean | null;
  /** Annual rigid expenses (illness, disability, schooling). */
  rigidExpensesFen?: number | null;
  config: Pick<ClassificationConfig, 'relativeMultiplier' | 'suddenHardshipRatio'>;
};

function multiplierText(multiplier: number): string {
  return `${Number(multiplier.toFixed(2))}倍`;
}

/**
 * Suggests a category, with reasons in zh-CN sentences that quote the figures:
 * - 深度困难: per-capita income strictly below the 低保 standard, or a 低保 household still carrying rigid
 *   expenses. Exactly at the standard is not "below".
 * - 意外致困: otherwise, when the year's hardship spending is strictly more than the configured share
 *   (default 80%) of household annual income.
 * - 相对困难: otherwise, from 1× up to and including the configured multiple (default 2×) of the standard.
 * - 未分类: above that multiple, or no standard configured.
 * Comparisons use integer arithmetic so a boundary is never missed by a rounding error.
 */
export function suggestCategory(input: SuggestCategoryInput): CategorySuggestion {
  const perCapita = input.perCapitaMonthlyIncomeFen;
  const income = `家庭月人均收入${formatFen(perCapita)}`;
  const spending = input.suddenHardshipSpendingFen ?? 0;
  const ratioBasisPoints = Math.round(input.config.suddenHardshipRatio * 10_000);
  const suddenThresholdText = `${Number((input.config.suddenHardshipRatio * 100).toFixed(2))}%`;
  const sudden = spending > 0 && spending * 10_000 > ratioBasisPoints * input.annualIncomeFen;
  const suddenReason = `本年度意外致困支出${formatFen(spending)}超过家庭年收入${formatFen(input.annualIncomeFen)}的${suddenThresholdText}`;

  const standard = input.dibaoStandardFen;
  if (standard === null) {
    if (sudden)
      return {
        category: 'sudden',
        reasons: [`${suddenReason}，建议认定为意外致困。`, '当地低保标准未配置，未按收入比较。'],
      };
    return {
      category: 'unclassified',
      reasons: ['当地本年度低保标准未配置，无法按收入给出建议，请先配置低保标准。'],
    };
  }
  const standardText = `当地低保标准${formatFen(standard)}`;

  if (perCapita < standard) {
    const reasons = [`${income}低于${standardText}，建议认定为深度困难。`];
    if (sudden) reasons.push(`另：${suddenReason}，也符合意外致困条件。`);
    return { category: 'deep', reasons };
  }
  const rigid = input.rigidExpensesFen ?? 0;
  if (input.receivesDibao && rigid > 0) {
    return {
      category: 'deep',
      reasons: [
        `家庭为低保户，扣除后仍有医疗、残疾或就学刚性支出${formatFen(rigid)}，建议认定为深度困难。`,
        `${income}，${standardText}。`,
      ],
    };
  }
  if (sudden) {
    return {
      category: 'sudden',
      reasons: [`${suddenReason}，建议认定为意外致困。`, `${income}不低于${standardText}。`],
    };
  }
  const multiplierPercent = Math.round(input.config.relativeMultiplier * 100);
  const upperText = `${standardText}的${multiplierText(input.config.relativeMultiplier)}（${formatFen(Math.floor((standard * multiplierPercent) / 100))}）`;
  if (perCapita * 100 <= standard * multiplierPercent) {
    return {
      category: 'relative',
      reasons: [`${income}不低于${standardText}，且不高于${upperText}，建议认定为相对困难。`],
    };
  }
  return { category: 'unclassified', reasons: [`${income}高于${upperText}，按收入不符合困难职工建档标准。`] };
}
