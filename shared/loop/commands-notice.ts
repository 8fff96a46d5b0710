import { z } from 'zod';
import { dateSchema } from '../validation/dates';
import { fenSchema, formatFen } from '../validation/money';
import { FUND_KIND_LABELS, defaultFundKind, fundKindSchema } from '../funds/kinds';
import { maskBankCard } from './bank-card';
import { addWorkingDays } from './calendar';
import { clearedNotice } from './case-state';
import type { CaseState } from './case-state';
import { clip, defineCommand } from './define';
import type { LoopContext, StepOutcome } from './define';
import { afterToday, firstRefusal, optionalText, recordIdSchema, requiredText } from './payload-kit';
import { LOOP_STAGE_LABELS } from './stages';
import type { LoopStage } from './stages';
import { OBJECTION_OUTCOME_LABELS, objectionOutcomeSchema, reopenStageSchema } from './vocabulary';
import type { ReopenStage } from './vocabulary';

/** Working days of the public notice for this case: shorter for sudden hardship (快速响应). */
export function noticeWorkingDaysFor(state: CaseState, ctx: Pick<LoopContext, 'config'>): number {
  const sudden = state.entryChannel === 'sudden_hardship' || state.category === 'sudden';
  return sudden ? ctx.config.suddenNoticeWorkingDays : ctx.config.noticeWorkingDays;
}

/** The earliest end date of a notice starting on `startDate` under the configured calendar. */
export function defaultNoticeEndDate(
  state: CaseState,
  startDate: string,
  ctx: Pick<LoopContext, 'config'>,
): string {
  return addWorkingDays(startDate, noticeWorkingDaysFor(state, ctx), {
    holidays: ctx.config.holidays,
    workdays: ctx.config.adjustedWorkdays,
  });
}

const noticeNotStarted = (state: CaseState): string | null =>
  state.noticeStartDate === null ? '尚未开始公示' : null;

export const startNoticePayloadSchema = z.object({
  startDate: dateSchema,
  /** Defaults to start + the configured working days; may be later, never earlier. */
  endDate: dateSchema.optional(),
  /** Where or how the notice is posted (公示地点/方式). */
  place: requiredText(200),
});

export const startNotice = defineCommand({
  name: 'startNotice',
  label: '开始公示',
  roles: ['county_staff'],
  from: ['public_notice'],
  to: ['public_notice'],
  payload: startNoticePayloadSchema,
  fieldLabels: { startDate: '公示开始日期', endDate: '公示结束日期', place: '公示地点/方式' },
  precondition: (state) =>
    state.noticeStartDate === null
      ? null
      : `公示已开始（${state.noticeStartDate} 至 ${state.noticeEndDate ?? ''}）`,
  guard: (state, p, ctx) => {
    const minEnd = defaultNoticeEndDate(state, p.startDate, ctx);
    return firstRefusal(
      afterToday(p.startDate, '公示开始日期', ctx),
      state.planApprovedOn !== null && p.startDate < state.planApprovedOn
        ? `公示开始日期不能早于集体审批日期（${state.planApprovedOn}）`
        : null,
      p.endDate !== undefined && p.endDate < minEnd
        ? `公示期不少于${noticeWorkingDaysFor(state, ctx)}个工作日，结束日期不能早于${minEnd}`
        : null,
    );
  },
  apply: (state, p, ctx) => ({
    next: 'public_notice',
    changes: {
      noticeStartDate: p.startDate,
      noticeEndDate: p.endDate ?? defaultNoticeEndDate(state, p.startDate, ctx),
    },
  }),
  summary: (state, p, ctx) =>
    `开始公示：${p.startDate} 至 ${p.endDate ?? defaultNoticeEndDate(state, p.startDate, ctx)}（${clip(p.place, 30)}）`,
});

export const recordObjectionPayloadSchema = z.object({
  objectionId: recordIdSchema,
  receivedOn: dateSchema,
  /** Who raised it; may stay empty for anonymous objections. */
  objector: optionalText(60),
  content: requiredText(2000),
});

export const recordObjection = defineCommand({
  name: 'recordObjection',
  label: '登记异议',
  roles: ['county_staff'],
  from: ['public_notice'],
  to: ['public_notice'],
  payload: recordObjectionPayloadSchema,
  fieldLabels: { objectionId: '异议编号', receivedOn: '收到日期', objector: '异议人', content: '异议内容' },
  precondition: noticeNotStarted,
  guard: (state, p, ctx) =>
    firstRefusal(
      afterToday(p.receivedOn, '收到日期', ctx),
      state.noticeStartDate !== null && p.receivedOn < state.noticeStartDate
        ? `收到日期不能早于公示开始日期（${state.noticeStartDate}）`
        : null,
      state.openObjectionIds.includes(p.objectionId) ? '该异议已登记' : null,
    ),
  apply: (state, p) => ({
    next: 'public_notice',
    changes: {
      openObjectionIds: [...state.openObjectionIds, p.objectionId],
      openObjections: state.openObjections + 1,
      objectionCount: state.objectionCount + 1,
    },
  }),
  summary: (_state, p) => `收到公示异议（${p.receivedOn}）：${clip(p.content)}`,
});

export const settleObjectionPayloadSchema = z
  .object({
    objectionId: recordIdSchema,
    outcome: objectionOutcomeSchema,
    explanation: requiredText(2000),
    /** For an upheld objection: the step the case goes back to. */
    reopenAt: reopenStageSchema.optional(),
  })
  .refine((p) => p.outcome === 'dismissed' || p.reopenAt !== undefined, {
    message: '异议成立时须选择退回的环节',
    path: ['reopenAt'],
  });

/** Fields reset when an upheld objection sends the case back to `stage`. */
function reopen(stage: ReopenStage): StepOutcome {
  const plan: Partial<CaseState> = {
    ...clearedNotice(),
    planApproved: false,
    planApprovedOn: null,
    planProposedOn: null,
    planMeasures: [],
    planTotalFen: 0,
  };
  if (stage === 'plan') return { next: 'plan', changes: plan };
  const classification = { ...plan, classifiedOn: null, suggestedCategory: null };
  if (stage === 'classification') return { next: 'classification', changes: classification };
  return { next: 'comparison', changes: { ...classification, comparisonCompletedOn: null } };
}

export const settleObjection = defineCommand({
  name: 'settleObjection',
  label: '处理异议',
  roles: ['county_staff'],
  from: ['public_notice'],
  to: ['public_notice', 'comparison', 'classification', 'plan'],
  payload: settleObjectionPayloadSchema,
  fieldLabels: {
    objectionId: '异议编号',
    outcome: '核实结果',
    explanation: '核实处理意见',
    reopenAt: '退回环节',
  },
  precondition: (state) => (state.openObjections === 0 ? '当前没有待处理的异议' : null),
  guard: (state, p) => (state.openObjectionIds.includes(p.objectionId) ? null : '该异议不存在或已处理'),
  apply: (state, p) => {
    if (p.outcome === 'upheld' && p.reopenAt !== undefined) return reopen(p.reopenAt);
    const remaining = state.openObjectionIds.filter((id) => id !== p.objectionId);
    return {
      next: 'public_notice',
      changes: { openObjectionIds: remaining, openObjections: remaining.length },
    };
  },
  summary: (state, p) => {
    if (p.outcome === 'dismissed') return `${OBJECTION_OUTCOME_LABELS.dismissed}：${clip(p.explanation)}`;
    const target: LoopStage = p.reopenAt ?? 'plan';
    const others = state.openObjections - 1;
    return (
      `${OBJECTION_OUTCOME_LABELS.upheld}，退回「${LOOP_STAGE_LABELS[target]}」重新办理：${clip(p.explanation)}` +
      (others > 0 ? `（其余${others}件异议随重新公示一并处理）` : '')
    );
  },
});

export const completeNotice = defineCommand({
  name: 'completeNotice',
  label: '公示期满',
  roles: ['county_staff'],
  from: ['public_notice'],
  to: ['filing'],
  payload: z.object({ note: optionalText(500) }),
  fieldLabels: { note: '备注' },
  precondition: (state, ctx) =>
    firstRefusal(
      noticeNotStarted(state),
      state.noticeEndDate !== null && ctx.today <= state.noticeEndDate
        ? `公示期至${state.noticeEndDate}，期满后方可结束公示`
        : null,
      state.openObjections > 0 ? `尚有${state.openObjections}件异议未处理，处理完毕后方可结束公示` : null,
    ),
  apply: (_state, _p, ctx) => ({ next: 'filing', changes: { noticeCompletedOn: ctx.today } }),
  summary: (state, p) =>
    `公示期满（${state.noticeStartDate ?? ''} 至 ${state.noticeEndDate ?? ''}）` +
    (state.objectionCount > 0 ? `，${state.objectionCount}件异议均已处理` : '，无异议') +
    '，报市总备案' +
    (p.note ? `：${clip(p.note)}` : ''),
});

export const fileRecord = defineCommand({
  name: 'fileRecord',
  label: '市总备案',
  roles: ['city_staff'],
  from: ['filing'],
  to: ['disbursement'],
  payload: z.object({ fileNumber: requiredText(60), filedOn: dateSchema }),
  fieldLabels: { fileNumber: '备案编号', filedOn: '备案日期' },
  guard: (_state, p, ctx) => afterToday(p.filedOn, '备案日期', ctx),
  apply: (_state, p) => ({
    next: 'disbursement',
    changes: { cityFiled: true, cityFileNumber: p.fileNumber, cityFiledOn: p.filedOn },
  }),
  summary: (_state, p) => `市总帮扶中心备案，备案编号 ${p.fileNumber}（${p.filedOn}）`,
});

export const disbursePayloadSchema = z.object({
  amountFen: fenSchema.refine((fen) => fen > 0, '必须大于0'),
  paidOn: dateSchema,
  /** Only the last four digits travel with the step (real-name card on the household file). */
  bankCardLast4: z.string({ error: '必须是文字' }).regex(/^\d{4}$/, '应为4位数字'),
  note: optionalText(500),
  /** The project kind the payment is booked to; absent: `defaultFundKind` of the plan's measures. */
  fundKind: fundKindSchema.optional(),
});

export const disburse = defineCommand({
  name: 'disburse',
  label: '打卡发放',
  roles: ['county_staff'],
  // Assistance continues in dynamic management and through the phase-out, within the approved plan.
  from: ['disbursement', 'managed', 'phase_out'],
  to: ['managed', 'phase_out'],
  edges: { disbursement: ['managed'], managed: ['managed'], phase_out: ['phase_out'] },
  payload: disbursePayloadSchema,
  fieldLabels: {
    amountFen: '发放金额',
    paidOn: '发放日期',
    bankCardLast4: '银行卡号后四位',
    note: '备注',
    fundKind: '资金项目类别',
  },
  precondition: (state) =>
    firstRefusal(
      state.planApproved && state.cityFiled ? null : '帮扶方案尚未审批通过并备案，不能发放',
      state.disbursedTotalFen >= state.planTotalFen
        ? `帮扶方案金额（${formatFen(state.planTotalFen)}）已全部发放`
        : null,
    ),
  guard: (state, p, ctx) => {
    const total = state.disbursedTotalFen + p.amountFen;
    return firstRefusal(
      afterToday(p.paidOn, '发放日期', ctx),
      total > state.planTotalFen
        ? `累计发放${formatFen(total)}将超过批准的帮扶方案金额${formatFen(state.planTotalFen)}`
        : null,
    );
  },
  apply: (state, p) => ({
    next: state.stage === 'phase_out' ? 'phase_out' : 'managed',
    changes: {
      disbursed: true,
      disbursedTotalFen: state.disbursedTotalFen + p.amountFen,
      lastDisbursedOn: p.paidOn,
    },
  }),
  summary: (state, p) =>
    `打卡发放帮扶资金${formatFen(p.amountFen)}至银行卡 ${maskBankCard(p.bankCardLast4)}（${p.paidOn}），告知职工` +
    `；计入「${FUND_KIND_LABELS[p.fundKind ?? defaultFundKind(state.planMeasures)]}」项目`,
});
