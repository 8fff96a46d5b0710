import { z } from 'zod';
import { categorySchema } from '../domain/household-codes';

/**
 * The fixed word lists the closed loop records: categories, information-comparison sources, assistance
 * measures, exit reasons. Each list is a tuple (for zod) with a zh-CN label map beside it, the same pattern
 * as `stages.ts`.
 */

/**
 * The household's category field (困难类别) is the domain's; the loop decides only the three real
 * categories, `unclassified` being the value before classification (and the classifier's "no category").
 */
export { CATEGORIES, CATEGORY_LABELS, categorySchema } from '../domain/household-codes';
export type { Category } from '../domain/household-codes';
export const decidedCategorySchema = categorySchema.exclude(['unclassified']).describe('认定类别');
export type DecidedCategory = z.infer<typeof decidedCategorySchema>;

/** Data sources of the information comparison (信息比对) and their results, shared with comparison batches. */
export {
  COMPARISON_RESULTS,
  COMPARISON_RESULT_LABELS,
  COMPARISON_SOURCES,
  COMPARISON_SOURCE_LABELS,
  comparisonResultSchema,
  comparisonSourceSchema,
} from '../domain/comparison-batch';
export type { ComparisonResult, ComparisonSource } from '../domain/comparison-batch';

/** Assistance measures (帮扶措施) an assistance plan may combine. */
export const ASSISTANCE_MEASURES = [
  'living_relief',
  'illness_relief',
  'schooling_aid',
  'employment_help',
  'skills_training',
  'entrepreneurship_aid',
  'other',
] as const;
export const assistanceMeasureSchema = z.enum(ASSISTANCE_MEASURES).describe('帮扶措施');
export type AssistanceMeasure = z.infer<typeof assistanceMeasureSchema>;
export const ASSISTANCE_MEASURE_LABELS: Record<AssistanceMeasure, string> = {
  living_relief: '生活救助',
  illness_relief: '大病救助',
  schooling_aid: '子女助学',
  employment_help: '就业帮扶',
  skills_training: '技能培训',
  entrepreneurship_aid: '创业援助',
  other: '其他帮扶',
};

/** Why a case leaves the file. Only `lifted_out` of a deep-difficulty case earns the phase-out. */
export const EXIT_REASONS = [
  'lifted_out',
  'deceased',
  'relocated',
  'declined',
  'ineligible',
  'other',
] as const;
export const exitReasonSchema = z.enum(EXIT_REASONS).describe('退出原因');
export type ExitReason = z.infer<typeof exitReasonSchema>;
export const EXIT_REASON_LABELS: Record<ExitReason, string> = {
  lifted_out: '符合脱困条件',
  deceased: '本人死亡',
  relocated: '迁出本地',
  declined: '本人申请退出',
  ineligible: '核查不符合建档条件',
  other: '其他原因',
};

export const OBJECTION_OUTCOMES = ['dismissed', 'upheld'] as const;
export const objectionOutcomeSchema = z.enum(OBJECTION_OUTCOMES).describe('异议核实结果');
export type ObjectionOutcome = z.infer<typeof objectionOutcomeSchema>;
export const OBJECTION_OUTCOME_LABELS: Record<ObjectionOutcome, string> = {
  dismissed: '异议不成立',
  upheld: '异议成立',
};

/** Where an upheld objection sends the case back to. */
export const REOPEN_STAGES = ['comparison', 'classification', 'plan'] as const;
export const reopenStageSchema = z.enum(REOPEN_STAGES);
export type ReopenStage = z.infer<typeof reopenStageSchema>;

export const PLAN_DECISIONS = ['approved', 'rejected'] as const;
export const planDecisionSchema = z.enum(PLAN_DECISIONS).describe('审批结果');
export type PlanDecision = z.infer<typeof planDecisionSchema>;
export const PLAN_DECISION_LABELS: Record<PlanDecision, string> = {
  approved: '同意',
  rejected: '不同意',
};

/** How a household fares at a dynamic-management follow-up visit. */
export const FOLLOW_UP_TRENDS = ['improved', 'unchanged', 'worsened'] as const;
export const followUpTrendSchema = z.enum(FOLLOW_UP_TRENDS).describe('家庭状况变化');
export type FollowUpTrend = z.infer<typeof followUpTrendSchema>;
export const FOLLOW_UP_TREND_LABELS: Record<FollowUpTrend, string> = {
  improved: '好转',
  unchanged: '无明显变化',
  worsened: '加重',
};

/** Where a re-filed (返困) case starts its new cycle. */
export const REFILE_STAGES = ['entry', 'county_review'] as const;
export const refileStageSchema = z.enum(REFILE_STAGES);
export type RefileStage = z.infer<typeof refileStageSchema>;

/** How comparison results reached the system. */
export const COMPARISON_ENTRY_MODES = ['manual', 'csv_import'] as const;
export const comparisonEntryModeSchema = z.enum(COMPARISON_ENTRY_MODES);
