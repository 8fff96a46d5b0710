import { z } from 'zod';
import { isWithinScope } from '../org';
import { ROLE_LABELS } from '../roles';
import type { Role } from '../roles';
import { dateSchema } from '../validation/dates';
import { clearedReturn, clearedRound } from './case-state';
import type { CaseState } from './case-state';
import { clip, defineCommand } from './define';
import type { LoopContext } from './define';
import { afterToday, firstRefusal, optionalText, recordIdSchema, requiredText } from './payload-kit';
import { ENTRY_CHANNEL_LABELS, entryChannelSchema } from './stages';
import type { EntryChannel, LoopStage } from './stages';

/** Which roles may register a case through each channel. */
export const ENTRY_CHANNEL_ROLES: Record<EntryChannel, readonly Role[]> = {
  // A worker applies at the grassroots union, the township union or the county service centre.
  worker_applied: ['grid_worker', 'township_staff', 'county_staff'],
  county_identified: ['county_staff'],
  grassroots_found: ['grid_worker', 'township_staff'],
  sudden_hardship: ['grid_worker', 'township_staff', 'county_staff'],
};

/** True when the case takes the sudden-hardship fast track past the township check. */
export function skipsTownshipCheck(state: CaseState, ctx: LoopContext): boolean {
  return state.entryChannel === 'sudden_hardship' && ctx.config.suddenSkipsTownshipCheck;
}

export const registerPayloadSchema = z.object({
  entryChannel: entryChannelSchema,
  reportedOn: dateSchema,
  /** The household's unit (grid); defaults to the actor's own unit. */
  unitPath: z.string().trim().min(1, '不能为空').optional(),
  description: optionalText(500),
});

export const register = defineCommand({
  name: 'register',
  label: '登记案件',
  roles: ['grid_worker', 'township_staff', 'county_staff'],
  from: [],
  to: ['entry'],
  payload: registerPayloadSchema,
  fieldLabels: {
    entryChannel: '申报渠道',
    reportedOn: '申报日期',
    unitPath: '所属单位',
    description: '情况说明',
  },
  guard: (_state, p, ctx) => {
    const allowed = ENTRY_CHANNEL_ROLES[p.entryChannel];
    const unitPath = p.unitPath ?? ctx.actor.unitPath;
    return firstRefusal(
      allowed.includes(ctx.actor.role)
        ? null
        : `「${ENTRY_CHANNEL_LABELS[p.entryChannel]}」须由${allowed.map((r) => ROLE_LABELS[r]).join('、')}登记`,
      isWithinScope(unitPath, ctx.actor.unitPath) ? null : '所选单位不在您的管辖范围内',
      afterToday(p.reportedOn, '申报日期', ctx),
      p.entryChannel === 'sudden_hardship' && p.description === ''
        ? '意外致困须说明致困事件（时间、经过、损失）'
        : null,
    );
  },
  apply: (_state, p, ctx) => ({
    next: 'entry',
    changes: {
      entryChannel: p.entryChannel,
      unitPath: p.unitPath ?? ctx.actor.unitPath,
      enteredOn: p.reportedOn,
    },
  }),
  summary: (_state, p) =>
    `登记为「${ENTRY_CHANNEL_LABELS[p.entryChannel]}」案件` +
    (p.description ? `：${clip(p.description)}` : ''),
});

export const startVisit = defineCommand({
  name: 'startVisit',
  label: '开始入户走访',
  roles: ['grid_worker'],
  from: ['entry'],
  to: ['visit'],
  payload: z.object({ note: optionalText(500) }),
  fieldLabels: { note: '备注' },
  apply: () => ({ next: 'visit', changes: {} }),
  summary: (_state, p) => '开始入户走访、收集资料' + (p.note ? `：${clip(p.note)}` : ''),
});

export const submitVisitPayloadSchema = z.object({
  /** The visit record (走访调查表) this preliminary review rests on. */
  visitId: recordIdSchema,
  visitDate: dateSchema,
  /** 初审意见 of the grassroots union. */
  opinion: requiredText(1000),
  /** The household economic-status verification authorization (核对承诺授权书) is signed. */
  authorizationSigned: z.boolean({ error: '必须选择“是”或“否”' }),
  /** Checklist items (附件1) still missing; empty when the materials are complete. */
  missingMaterials: z.array(requiredText(100)).max(50, '最多50项').default([]),
});

export const submitVisit = defineCommand({
  name: 'submitVisit',
  label: '提交走访初审',
  roles: ['grid_worker'],
  from: ['entry', 'visit', 'returned', 'managed'],
  to: ['township_check', 'county_review'],
  payload: submitVisitPayloadSchema,
  fieldLabels: {
    visitId: '走访记录',
    visitDate: '走访日期',
    opinion: '初审意见',
    authorizationSigned: '核对承诺授权书',
    missingMaterials: '缺少的材料',
  },
  guard: (_state, p, ctx) =>
    firstRefusal(
      afterToday(p.visitDate, '走访日期', ctx),
      p.authorizationSigned ? null : '家庭经济状况核对承诺授权书尚未签署，不能提交初审',
    ),
  apply: (state, p, ctx) => {
    const next: LoopStage = skipsTownshipCheck(state, ctx) ? 'county_review' : 'township_check';
    return {
      next,
      changes: {
        lastVisitId: p.visitId,
        visitSubmittedOn: ctx.today,
        missingMaterials: [...new Set(p.missingMaterials)],
        ...clearedReturn(),
        // A filed household applying again (在档申请救助) starts a new round of review.
        ...(state.stage === 'managed' ? clearedRound() : {}),
      },
    };
  },
  summary: (state, p, ctx) => {
    const materials =
      p.missingMaterials.length > 0 ? `；缺少材料${p.missingMaterials.length}项` : '；材料齐全';
    const fastTrack = skipsTownshipCheck(state, ctx) ? '（意外致困快速通道，直接报县总审核）' : '';
    const again =
      state.stage === 'managed' ? '在档家庭再次申请救助，' : state.stage === 'returned' ? '补正后重新' : '';
    return `${again}提交走访初审（走访日期 ${p.visitDate}），初审意见：${clip(p.opinion)}${materials}${fastTrack}`;
  },
});

export const forwardToCounty = defineCommand({
  name: 'forwardToCounty',
  label: '上报县总审核',
  roles: ['township_staff'],
  from: ['township_check'],
  to: ['county_review'],
  payload: z.object({
    materialsComplete: z.boolean({ error: '必须选择“是”或“否”' }),
    /** Required when materials are missing: what is missing and why the case goes up anyway. */
    gapNote: optionalText(1000),
  }),
  fieldLabels: { materialsComplete: '材料是否齐全', gapNote: '材料缺口说明' },
  guard: (state, p) => {
    const gaps = !p.materialsComplete || state.missingMaterials.length > 0;
    if (!gaps || p.gapNote !== '') return null;
    return state.missingMaterials.length > 0
      ? `走访记录缺少材料（${state.missingMaterials.join('、')}），上报前须填写材料缺口说明`
      : '材料不齐全，上报前须填写材料缺口说明';
  },
  apply: () => ({ next: 'county_review', changes: {} }),
  summary: (_state, p) =>
    p.gapNote === ''
      ? '乡镇检查材料齐全，上报县总审核'
      : `乡镇上报县总审核，材料缺口说明：${clip(p.gapNote)}`,
});

export const returnPayloadSchema = z.object({
  comments: requiredText(1000),
  itemsToFix: z.array(requiredText(200)).min(1, '至少需要一项').max(30, '最多30项'),
});
const returnFieldLabels = { comments: '退回意见', itemsToFix: '需补正事项' };

function returned(role: Role, p: z.output<typeof returnPayloadSchema>, state: CaseState) {
  return {
    next: 'returned' as const,
    changes: {
      returnedBy: role,
      returnComments: p.comments,
      returnItems: p.itemsToFix,
      returnCount: state.returnCount + 1,
    },
  };
}

export const returnToGrid = defineCommand({
  name: 'returnToGrid',
  label: '退回网格员补正',
  roles: ['township_staff'],
  from: ['township_check'],
  to: ['returned'],
  payload: returnPayloadSchema,
  fieldLabels: returnFieldLabels,
  apply: (state, p, ctx) => returned(ctx.actor.role, p, state),
  summary: (_state, p) => `乡镇退回补正（需补正${p.itemsToFix.length}项）：${clip(p.comments)}`,
});

export const acceptReview = defineCommand({
  name: 'acceptReview',
  label: '审核通过',
  roles: ['county_staff'],
  from: ['county_review'],
  to: ['comparison'],
  payload: z.object({ opinion: requiredText(1000) }),
  fieldLabels: { opinion: '审核意见' },
  apply: (_state, _p, ctx) => ({
    next: 'comparison',
    changes: { reviewAcceptedOn: ctx.today, ...clearedReturn() },
  }),
  summary: (_state, p) => `县总帮扶中心审核通过，转信息比对：${clip(p.opinion)}`,
});

export const returnForCorrection = defineCommand({
  name: 'returnForCorrection',
  label: '退回补正',
  roles: ['county_staff'],
  from: ['county_review'],
  to: ['returned'],
  payload: returnPayloadSchema,
  fieldLabels: returnFieldLabels,
  apply: (state, p, ctx) => returned(ctx.actor.role, p, state),
  summary: (_state, p) => `县总退回补正（需补正${p.itemsToFix.length}项）：${clip(p.comments)}`,
});
