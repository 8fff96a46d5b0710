import { z } from 'zod';

/**
 * The six oversight indicators of the plan (三、(四) 跟踪督导). Their definitions — numerator, denominator,
 * period rule, what counts as timely — are in docs/indicators.md; the arithmetic is in ./compute.ts and
 * the per-household facts it counts in ./facts.ts.
 */
export const INDICATOR_KEYS = [
  'identification',
  'method',
  'coverage',
  'fileUpdate',
  'disbursement',
  'exit',
] as const;
export const indicatorKeySchema = z.enum(INDICATOR_KEYS, { error: '未知的指标' });
export type IndicatorKey = z.infer<typeof indicatorKeySchema>;

export interface IndicatorText {
  label: string;
  numerator: string;
  denominator: string;
  /** One line under the figure: how it is counted. */
  rule: string;
}

export const INDICATOR_TEXT: Record<IndicatorKey, IndicatorText> = {
  identification: {
    label: '帮扶对象精准识别率',
    numerator: '备案后未因不符合条件退出',
    denominator: '本期市总备案户数',
    rule: '本期首次备案的家庭中，本轮未以“核查不符合建档条件”退出的比例',
  },
  method: {
    label: '帮扶方式精准率',
    numerator: '帮扶措施对应主要致困原因',
    denominator: '本期集体审批通过的方案数',
    rule: '方案中至少一项措施对应家庭的主要致困原因（因病→大病救助，因学→子女助学，失业下岗→就业/技能/创业帮扶……）',
  },
  coverage: {
    label: '建档困难职工帮扶措施覆盖率',
    numerator: '在档且已发放帮扶',
    denominator: '期末在档户数',
    rule: '期末（或今天）在档的家庭中，本轮建档后已获发放的比例',
  },
  fileUpdate: {
    label: '档案管理与更新及时性',
    numerator: '轮次内完成走访更新',
    denominator: '本期走访轮次应走访户数',
    rule: '本期结束（或进行中）的走访轮次中，应走访户在轮次起止日期内完成走访的比例',
  },
  disbursement: {
    label: '帮扶资金发放及时性',
    numerator: '备案后按期首次发放',
    denominator: '本期首次发放户数',
    rule: '本期首次发放中，在县级参数“备案后发放时限”内发放的比例',
  },
  exit: {
    label: '困难职工脱困退出精准率',
    numerator: '退出依据充分且未返困',
    denominator: '本期脱困退出户数',
    rule: '本期退出中，“符合脱困条件”有走访测算收入不低于低保标准为据，且在观察期内未返困、未取消渐退的比例',
  },
};

/** Which part of an indicator a drill-down lists: the numerator, the denominator, or the gap between them. */
export const INDICATOR_PARTS = ['numerator', 'denominator', 'gap'] as const;
export const indicatorPartSchema = z.enum(INDICATOR_PARTS, { error: '未知的指标口径' });
export type IndicatorPart = z.infer<typeof indicatorPartSchema>;
export const INDICATOR_PART_LABELS: Record<IndicatorPart, string> = {
  numerator: '分子',
  denominator: '分母',
  gap: '未达标',
};
