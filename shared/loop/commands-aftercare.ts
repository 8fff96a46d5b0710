import { z } from 'zod';
import { dateSchema } from '../validation/dates';
import { addMonths } from './calendar';
import { clearedExit, clearedReturn, clearedRound } from './case-state';
import { clip, defineCommand } from './define';
import { afterToday, firstRefusal, optionalText, recordIdSchema, requiredText } from './payload-kit';
import { ENTRY_CHANNEL_LABELS, LOOP_STAGE_LABELS, entryChannelSchema } from './stages';
import {
  EXIT_REASON_LABELS,
  FOLLOW_UP_TREND_LABELS,
  exitReasonSchema,
  followUpTrendSchema,
  refileStageSchema,
} from './vocabulary';

export const recordFollowUpVisit = defineCommand({
  name: 'recordFollowUpVisit',
  label: '动态管理回访',
  roles: ['grid_worker', 'township_staff', 'county_staff'],
  from: ['managed', 'phase_out'],
  to: ['managed', 'phase_out'],
  edges: { managed: ['managed'], phase_out: ['phase_out'] },
  payload: z.object({
    visitId: recordIdSchema.optional(),
    visitDate: dateSchema,
    trend: followUpTrendSchema,
    findings: requiredText(2000),
  }),
  fieldLabels: { visitId: '走访记录', visitDate: '回访日期', trend: '家庭状况变化', findings: '回访情况' },
  guard: (_state, p, ctx) => afterToday(p.visitDate, '回访日期', ctx),
  apply: (state, p) => ({
    next: state.stage === 'phase_out' ? 'phase_out' : 'managed',
    changes: {
      lastFollowUpOn:
        state.lastFollowUpOn !== null && state.lastFollowUpOn > p.visitDate
          ? state.lastFollowUpOn
          : p.visitDate,
      ...(p.visitId !== undefined ? { lastVisitId: p.visitId } : {}),
    },
  }),
  summary: (_state, p) =>
    `动态管理回访（${p.visitDate}，家庭状况${FOLLOW_UP_TREND_LABELS[p.trend]}）：${clip(p.findings)}`,
});

export const exitPayloadSchema = z.object({
  reason: exitReasonSchema,
  explanation: requiredText(1000),
  /** When the worker was told of the exit decision (告知). */
  noticeDate: dateSchema,
});

export const exit = defineCommand({
  name: 'exit',
  label: '脱困退出',
  roles: ['county_staff'],
  from: ['managed'],
  to: ['phase_out', 'exited'],
  payload: exitPayloadSchema,
  fieldLabels: { reason: '退出原因', explanation: '退出说明', noticeDate: '告知日期' },
  guard: (_state, p, ctx) => afterToday(p.noticeDate, '告知日期', ctx),
  apply: (state, p, ctx) => {
    const phaseOut = state.category === 'deep' && p.reason === 'lifted_out' && ctx.config.phaseOutMonths > 0;
    if (phaseOut) {
      return {
        next: 'phase_out',
        changes: {
          exitReason: p.reason,
          exitNoticeDate: p.noticeDate,
          phaseOutStartDate: p.noticeDate,
          phaseOutUntil: addMonths(p.noticeDate, ctx.config.phaseOutMonths),
        },
      };
    }
    return {
      next: 'exited',
      changes: { exitReason: p.reason, exitNoticeDate: p.noticeDate, exitedOn: ctx.today },
    };
  },
  summary: (state, p, ctx) => {
    const phaseOut = state.category === 'deep' && p.reason === 'lifted_out' && ctx.config.phaseOutMonths > 0;
    return phaseOut
      ? `深度困难职工符合脱困条件，进入渐退期至${addMonths(p.noticeDate, ctx.config.phaseOutMonths)}，渐退期内正常帮扶：${clip(p.explanation)}`
      : `脱困退出（${EXIT_REASON_LABELS[p.reason]}），已于${p.noticeDate}告知职工：${clip(p.explanation)}`;
  },
});

export const cancelPhaseOut = defineCommand({
  name: 'cancelPhaseOut',
  label: '取消渐退',
  roles: ['county_staff'],
  from: ['phase_out'],
  to: ['managed'],
  payload: z.object({ reason: requiredText(1000) }),
  fieldLabels: { reason: '取消渐退理由' },
  apply: () => ({ next: 'managed', changes: clearedExit() }),
  summary: (_state, p) => `取消渐退，恢复动态管理：${clip(p.reason)}`,
});

export const completeExit = defineCommand({
  name: 'completeExit',
  label: '渐退期满退出',
  roles: ['county_staff'],
  from: ['phase_out'],
  to: ['exited'],
  payload: z.object({
    /** Exit registration form (脱困登记表) remarks. */
    note: optionalText(1000),
    notifiedOn: dateSchema,
  }),
  fieldLabels: { note: '脱困登记说明', notifiedOn: '告知日期' },
  precondition: (state, ctx) =>
    state.phaseOutUntil !== null && ctx.today <= state.phaseOutUntil
      ? `渐退期至${state.phaseOutUntil}，期满后方可办理脱困退出`
      : null,
  guard: (_state, p, ctx) => afterToday(p.notifiedOn, '告知日期', ctx),
  apply: (_state, _p, ctx) => ({ next: 'exited', changes: { exitedOn: ctx.today } }),
  summary: (state, p) =>
    `渐退期满（${state.phaseOutStartDate ?? ''} 至 ${state.phaseOutUntil ?? ''}），脱困退出，已于${p.notifiedOn}告知职工` +
    (p.note ? `：${clip(p.note)}` : ''),
});

export const refilePayloadSchema = z.object({
  reason: requiredText(1000),
  /** `entry` for a new home visit, `county_review` when the county already holds current information. */
  restartAt: refileStageSchema,
  /** How the fall-back was found; defaults to the case's first channel. */
  entryChannel: entryChannelSchema.optional(),
});

export const refile = defineCommand({
  name: 'refile',
  label: '返困重新建档',
  roles: ['grid_worker', 'township_staff', 'county_staff'],
  from: ['exited'],
  to: ['entry', 'county_review'],
  payload: refilePayloadSchema,
  fieldLabels: { reason: '返困原因', restartAt: '重新办理起点', entryChannel: '申报渠道' },
  guard: (_state, p, ctx) =>
    firstRefusal(
      p.restartAt === 'county_review' && ctx.actor.role !== 'county_staff'
        ? '只有县总帮扶中心可以直接进入县总审核'
        : null,
    ),
  apply: (state, p, ctx) => ({
    next: p.restartAt,
    changes: {
      cycle: state.cycle + 1,
      entryChannel: p.entryChannel ?? state.entryChannel,
      enteredOn: ctx.today,
      visitSubmittedOn: null,
      missingMaterials: [],
      ...clearedReturn(),
      returnCount: 0,
      ...clearedRound(),
      category: 'unclassified',
      ...clearedExit(),
    },
  }),
  summary: (state, p) =>
    `返困重新建档（第${state.cycle + 1}轮），从「${LOOP_STAGE_LABELS[p.restartAt]}」开始` +
    (p.entryChannel ? `，渠道：${ENTRY_CHANNEL_LABELS[p.entryChannel]}` : '') +
    `：${clip(p.reason)}`,
});
