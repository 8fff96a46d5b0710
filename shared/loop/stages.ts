import { z } from 'zod';

/**
 * Places of a case in the closed loop (附件2 闭环式管理流程). The state machine that moves a case between
 * them lives beside this file; every household record carries its current stage.
 */
export const LOOP_STAGES = [
  'entry', // 申请/识别/发现/意外致困: registered, not yet visited
  'visit', // 基层工会走访、收集资料、初审 in progress on the tablet
  'returned', // 退回补正: returned to the grid worker with comments
  'township_check', // 乡镇（街道）工会完整性检查、上报
  'county_review', // 县总帮扶中心审核
  'comparison', // 信息比对
  'classification', // 分类认定：深度 / 相对 / 意外致困
  'plan', // 帮扶方案、集体审批
  'public_notice', // 公示
  'filing', // 市总帮扶中心备案
  'disbursement', // 打卡发放
  'managed', // 动态管理
  'phase_out', // 渐退期 (six months, deep difficulty only)
  'exited', // 脱困退出
] as const;

export const loopStageSchema = z.enum(LOOP_STAGES).describe('闭环环节');
export type LoopStage = z.infer<typeof loopStageSchema>;

export const LOOP_STAGE_LABELS: Record<LoopStage, string> = {
  entry: '待走访',
  visit: '走访初审中',
  returned: '退回补正',
  township_check: '乡镇审核上报',
  county_review: '县总审核',
  comparison: '信息比对',
  classification: '分类认定',
  plan: '帮扶方案与集体审批',
  public_notice: '公示',
  filing: '市总备案',
  disbursement: '待发放',
  managed: '动态管理（已发放）',
  phase_out: '渐退期',
  exited: '已脱困退出',
};

/** How a case entered the loop. */
export const ENTRY_CHANNELS = [
  'worker_applied',
  'county_identified',
  'grassroots_found',
  'sudden_hardship',
] as const;
export const entryChannelSchema = z.enum(ENTRY_CHANNELS).describe('申报渠道');
export type EntryChannel = z.infer<typeof entryChannelSchema>;

export const ENTRY_CHANNEL_LABELS: Record<EntryChannel, string> = {
  worker_applied: '职工主动申请',
  county_identified: '县级工会主动识别',
  grassroots_found: '基层工会走访发现',
  sudden_hardship: '意外致困（快速通道）',
};
