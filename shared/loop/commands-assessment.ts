import { z } from 'zod';
import { dateSchema } from '../validation/dates';
import { MAX_FEN, fenSchema, formatFen } from '../validation/money';
import { dibaoStandardText } from '../domain/classification';
import { clip, defineCommand, orderedUnion } from './define';
import { afterToday, firstRefusal, optionalText, recordIdSchema, requiredText } from './payload-kit';
import {
  ASSISTANCE_MEASURES,
  ASSISTANCE_MEASURE_LABELS,
  CATEGORY_LABELS,
  COMPARISON_RESULT_LABELS,
  COMPARISON_SOURCES,
  COMPARISON_SOURCE_LABELS,
  PLAN_DECISION_LABELS,
  assistanceMeasureSchema,
  categorySchema,
  comparisonEntryModeSchema,
  comparisonResultSchema,
  comparisonSourceSchema,
  decidedCategorySchema,
  planDecisionSchema,
} from './vocabulary';
import type { Category } from './vocabulary';

export const comparisonEntrySchema = z
  .object({
    source: comparisonSourceSchema,
    result: comparisonResultSchema,
    note: optionalText(500),
  })
  .refine((entry) => entry.result === 'consistent' || entry.note !== '', {
    message: '比对不一致时须填写说明',
    path: ['note'],
  });

export const recordComparisonPayloadSchema = z.object({
  results: z
    .array(comparisonEntrySchema)
    .min(1, '至少需要一项')
    .max(COMPARISON_SOURCES.length, '过多')
    .refine(
      (list) => new Set(list.map((entry) => entry.source)).size === list.length,
      '同一数据来源只能填写一次',
    ),
  /** Typed in, or imported from the comparison centre's CSV. */
  via: comparisonEntryModeSchema.default('manual'),
  /** The import batch, when `via` is `csv_import`. */
  batchId: recordIdSchema.optional(),
});

export const recordComparison = defineCommand({
  name: 'recordComparison',
  label: '录入比对结果',
  roles: ['county_staff'],
  from: ['comparison'],
  to: ['comparison'],
  payload: recordComparisonPayloadSchema,
  fieldLabels: {
    results: '比对结果',
    source: '数据来源',
    result: '结果',
    note: '说明',
    via: '录入方式',
    batchId: '导入批次',
  },
  apply: (state, p) => {
    const recorded = p.results.map((entry) => entry.source);
    const nowInconsistent = p.results.filter((e) => e.result === 'inconsistent').map((e) => e.source);
    // A later result for a source replaces the earlier one.
    const keptInconsistent = state.inconsistentSources.filter((source) => !recorded.includes(source));
    return {
      next: 'comparison',
      changes: {
        comparedSources: orderedUnion(COMPARISON_SOURCES, state.comparedSources, recorded),
        inconsistentSources: orderedUnion(COMPARISON_SOURCES, keptInconsistent, nowInconsistent),
      },
    };
  },
  summary: (_state, p) =>
    (p.via === 'csv_import' ? '导入信息比对结果：' : '录入信息比对结果：') +
    p.results
      .map((e) => `${COMPARISON_SOURCE_LABELS[e.source]}${COMPARISON_RESULT_LABELS[e.result]}`)
      .join('、'),
});

export const completeComparison = defineCommand({
  name: 'completeComparison',
  label: '完成信息比对',
  roles: ['county_staff'],
  from: ['comparison'],
  to: ['classification'],
  payload: z.object({ conclusion: requiredText(2000) }),
  fieldLabels: { conclusion: '比对结论' },
  precondition: (state) => {
    const missing = COMPARISON_SOURCES.filter((source) => !state.comparedSources.includes(source));
    return missing.length === 0
      ? null
      : `尚有${missing.length}项数据来源未比对：${missing.map((s) => COMPARISON_SOURCE_LABELS[s]).join('、')}`;
  },
  apply: (_state, _p, ctx) => ({ next: 'classification', changes: { comparisonCompletedOn: ctx.today } }),
  summary: (state, p) =>
    `完成信息比对（${COMPARISON_SOURCES.length}项，其中${state.inconsistentSources.length}项不一致），结论：${clip(p.conclusion)}`,
});

export const classifyPayloadSchema = z.object({
  category: decidedCategorySchema,
  /**
   * The shared classifier's suggestion (`suggestCategory`) shown to the reviewer; `unclassified` when it
   * found no category, null when none was shown.
   */
  suggestedCategory: categorySchema.nullable(),
  /** Required when the decision differs from the suggestion. */
  reason: optionalText(1000),
  /**
   * The 低保 standard the suggestion was made against (county setting in force on the day), kept on the
   * timeline so a classification made last year still shows the standard it used. The server fills it in
   * (and refuses a step whose screen showed another standard); null when the county has none.
   */
  dibaoStandard: z.strictObject({ monthlyFen: fenSchema, effectiveFrom: dateSchema }).nullable().optional(),
});

function suggestionLabel(category: Category): string {
  return category === 'unclassified' ? '未建议任何类别' : CATEGORY_LABELS[category];
}

export const classify = defineCommand({
  name: 'classify',
  label: '分类认定',
  roles: ['county_staff'],
  from: ['classification'],
  to: ['plan'],
  payload: classifyPayloadSchema,
  fieldLabels: {
    category: '认定类别',
    suggestedCategory: '系统建议类别',
    reason: '认定理由',
    dibaoStandard: '所用低保标准',
  },
  guard: (_state, p) =>
    p.suggestedCategory !== null && p.suggestedCategory !== p.category && p.reason === ''
      ? `认定类别（${CATEGORY_LABELS[p.category]}）与系统建议（${suggestionLabel(p.suggestedCategory)}）不同，须填写书面理由`
      : null,
  apply: (_state, p, ctx) => ({
    next: 'plan',
    changes: { category: p.category, suggestedCategory: p.suggestedCategory, classifiedOn: ctx.today },
  }),
  summary: (_state, p) => {
    const suggestion =
      (p.suggestedCategory === null ? '无系统建议' : `系统建议：${suggestionLabel(p.suggestedCategory)}`) +
      (p.dibaoStandard === undefined ? '' : `，${dibaoStandardText(p.dibaoStandard)}`);
    return (
      `认定为${CATEGORY_LABELS[p.category]}（${suggestion}）` + (p.reason ? `，理由：${clip(p.reason)}` : '')
    );
  },
});

export const planMeasureSchema = z.object({
  measure: assistanceMeasureSchema,
  /** Money for this measure in fen; 0 for help in kind (training, job referral). */
  amountFen: fenSchema,
  note: optionalText(300),
});

export const proposePlanPayloadSchema = z.object({
  measures: z.array(planMeasureSchema).min(1, '至少需要一项').max(20, '最多20项'),
  note: optionalText(1000),
});

function planTotal(measures: readonly { amountFen: number }[]): number {
  return measures.reduce((sum, m) => sum + m.amountFen, 0);
}

export const proposePlan = defineCommand({
  name: 'proposePlan',
  label: '提出帮扶方案',
  roles: ['county_staff'],
  from: ['plan'],
  to: ['plan'],
  payload: proposePlanPayloadSchema,
  fieldLabels: { measures: '帮扶措施', measure: '措施', amountFen: '金额', note: '说明' },
  guard: (_state, p) => {
    const total = planTotal(p.measures);
    if (total <= 0) return '帮扶方案须至少包含一项资金帮扶（金额大于0）';
    return total > MAX_FEN ? '帮扶方案合计金额过大' : null;
  },
  apply: (_state, p, ctx) => ({
    next: 'plan',
    changes: {
      planMeasures: ASSISTANCE_MEASURES.filter((m) => p.measures.some((item) => item.measure === m)),
      planTotalFen: planTotal(p.measures),
      planProposedOn: ctx.today,
      planApproved: false,
      planApprovedOn: null,
    },
  }),
  summary: (_state, p) =>
    `提出帮扶方案：${p.measures
      .map(
        (m) =>
          `${ASSISTANCE_MEASURE_LABELS[m.measure]}${m.amountFen > 0 ? ` ${formatFen(m.amountFen)}` : ''}`,
      )
      .join('、')}，合计${formatFen(planTotal(p.measures))}`,
});

export const approvePlanPayloadSchema = z.object({
  meetingDate: dateSchema,
  attendees: z.array(requiredText(30)).min(1, '至少需要一项').max(50, '最多50人'),
  decision: planDecisionSchema,
  minutes: requiredText(4000),
});

export const approvePlan = defineCommand({
  name: 'approvePlan',
  label: '集体审批',
  roles: ['county_staff'],
  from: ['plan'],
  to: ['public_notice', 'plan'],
  payload: approvePlanPayloadSchema,
  fieldLabels: { meetingDate: '会议日期', attendees: '参会人员', decision: '审批结果', minutes: '会议纪要' },
  precondition: (state) => (state.planProposedOn === null ? '尚未提出帮扶方案，不能集体审批' : null),
  guard: (_state, p, ctx) => {
    const distinct = new Set(p.attendees).size;
    const min = ctx.config.minApprovalAttendees;
    return firstRefusal(
      afterToday(p.meetingDate, '会议日期', ctx),
      distinct < min ? `集体审批须至少${min}名不同的参会人员（现有${distinct}名）` : null,
    );
  },
  apply: (_state, p) =>
    p.decision === 'approved'
      ? { next: 'public_notice', changes: { planApproved: true, planApprovedOn: p.meetingDate } }
      : {
          next: 'plan',
          // A rejected plan is withdrawn: the next approval needs a new proposal.
          changes: {
            planApproved: false,
            planApprovedOn: null,
            planProposedOn: null,
            planMeasures: [],
            planTotalFen: 0,
          },
        },
  summary: (_state, p) =>
    `集体审批${PLAN_DECISION_LABELS[p.decision]}（${p.meetingDate}，参会${new Set(p.attendees).size}人）` +
    (p.decision === 'approved' ? '，转入公示' : '，退回修改帮扶方案'),
});
