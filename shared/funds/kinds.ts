import { z } from 'zod';

/**
 * The three kinds of assistance projects the plan funds (三、(三) 提升资金使用质量): prevention before
 * hardship (事前预防), relief after it (事后救助), and warmth / quality-of-life projects (送温暖·提升生活品质).
 * Every disbursement is booked to one of them; each county has a budget per year and kind.
 */
export const FUND_KINDS = ['prevention', 'relief', 'warmth'] as const;
export const fundKindSchema = z.enum(FUND_KINDS, {
  error: '项目类别应为事前预防、事后救助或送温暖·提升生活品质',
});
export type FundKind = z.infer<typeof fundKindSchema>;
export const FUND_KIND_LABELS: Record<FundKind, string> = {
  prevention: '事前预防',
  relief: '事后救助',
  warmth: '送温暖·提升生活品质',
};

const RELIEF_MEASURES: readonly string[] = ['living_relief', 'illness_relief', 'schooling_aid'];
const PREVENTION_MEASURES: readonly string[] = ['employment_help', 'skills_training', 'entrepreneurship_aid'];

/**
 * The kind a disbursement is booked to unless the county chooses another: relief (生活救助, 大病救助,
 * 子女助学) is 事后救助; a plan of only employment, skills or entrepreneurship help is 事前预防; anything
 * else (其他帮扶, no measure) is 事后救助. 送温暖 is never guessed: the county picks it on the form.
 */
export function defaultFundKind(planMeasures: readonly string[]): FundKind {
  if (planMeasures.some((m) => RELIEF_MEASURES.includes(m))) return 'relief';
  if (planMeasures.some((m) => PREVENTION_MEASURES.includes(m))) return 'prevention';
  return 'relief';
}
