import { z } from 'zod';
import { addMonths } from '../loop/calendar';
import type { LoopStage } from '../loop/stages';
import { addDays } from '../validation/dates';
import { formatFen } from '../validation/money';
import { CAUSE_LABELS, type Cause } from '../domain/household-codes';
import type { EffectiveSettings, MonitoringThresholds } from './settings';

/**
 * The monitoring and early-warning rules (监测预警), pure: the server feeds them what it knows about one
 * household and stores what they return. Every warning carries a `key` that names the occasion (the visit,
 * the filing date, the end of the phase-out…), so evaluating the same facts twice raises it once. Reasons
 * are zh-CN sentences that quote the figures and dates.
 */

export const WARNING_RULES = [
  'income_below_standard',
  'visit_overdue',
  'disbursement_overdue',
  'phase_out_ending',
  'suggest_exit',
  'suggest_refile',
] as const;
export const warningRuleSchema = z.enum(WARNING_RULES);
export type WarningRule = z.infer<typeof warningRuleSchema>;

export const WARNING_RULE_LABELS: Record<WarningRule, string> = {
  income_below_standard: '收入低于低保标准',
  visit_overdue: '超期未走访',
  disbursement_overdue: '备案后超期未发放',
  phase_out_ending: '渐退期即将到期',
  suggest_exit: '建议脱困退出',
  suggest_refile: '建议返困重新建档',
};

/** Which level of the household's units owns (acts on) each warning. */
export const WARNING_OWNER_LEVEL: Record<WarningRule, 'township' | 'county'> = {
  income_below_standard: 'township',
  visit_overdue: 'township',
  disbursement_overdue: 'county',
  phase_out_ending: 'county',
  suggest_exit: 'county',
  suggest_refile: 'county',
};

export const WARNING_ACTIONS = ['open_case', 'start_visit', 'refile'] as const;
export const warningActionSchema = z.enum(WARNING_ACTIONS);
export type WarningAction = z.infer<typeof warningActionSchema>;
export const WARNING_ACTION_LABELS: Record<WarningAction, string> = {
  open_case: '办理案件',
  start_visit: '安排走访',
  refile: '返困重新建档',
};

export interface RaisedWarning {
  rule: WarningRule;
  /** Names the occasion; (household, rule, key) is raised once. */
  key: string;
  reason: string;
}

/** Why a household is on the monitoring register (监测名单). */
export const REGISTER_REASONS = [
  'exited_recently',
  'phase_out',
  'marginal',
  'serious_cause',
  'manual',
] as const;
export const registerReasonSchema = z.enum(REGISTER_REASONS);
export type RegisterReason = z.infer<typeof registerReasonSchema>;
export const REGISTER_REASON_LABELS: Record<RegisterReason, string> = {
  exited_recently: '脱困不满12个月（脱困不稳定户）',
  phase_out: '渐退期',
  marginal: '边缘易致困户',
  serious_cause: '大病、灾害或意外致困',
  manual: '人工纳入',
};

/** Causes that put a household on the register when they become its main cause: illness, disaster, accident. */
export const SERIOUS_CAUSES: readonly Cause[] = [6, 7, 8];

/** Months after the exit during which a household is monitored as 脱困不稳定户. */
export const EXIT_MONITOR_MONTHS = 12;

const FILED_STAGES: readonly LoopStage[] = ['managed', 'phase_out'];

/** One income measurement: a visit's per-capita monthly income against the standard of that day. */
export interface IncomeObservation {
  visitId: string;
  on: string;
  perCapitaFen: number;
  /** null when no standard was configured that day (the observation then decides nothing). */
  standardFen: number | null;
}

export interface IncomeFinding {
  warning: RaisedWarning | null;
  /** Between 1× (inclusive) and the marginal multiple (exclusive) of the standard: 边缘易致困户. */
  marginal: boolean;
}

/** What a visit's income says: below the standard (a warning), marginal (the register), or neither. */
export function incomeFinding(
  observation: IncomeObservation,
  settings: Pick<EffectiveSettings, 'marginalMultiplier'>,
): IncomeFinding {
  const { perCapitaFen, standardFen } = observation;
  if (standardFen === null) return { warning: null, marginal: false };
  if (perCapitaFen < standardFen) {
    return {
      warning: {
        rule: 'income_below_standard',
        key: `visit:${observation.visitId}`,
        reason: `${observation.on}走访测算家庭月人均收入${formatFen(perCapitaFen)}，低于当地低保标准${formatFen(standardFen)}`,
      },
      marginal: false,
    };
  }
  // Integer comparison in hundredths of the multiple, so a boundary is never missed by rounding.
  const multiple = Math.round(settings.marginalMultiplier * 100);
  return { warning: null, marginal: perCapitaFen * 100 < standardFen * multiple };
}

/** What the time-based rules need of one case (from its case state). */
export interface CaseFacts {
  stage: LoopStage;
  /** Date of the latest visit or follow-up visit, or null. */
  lastVisitOn: string | null;
  cityFiledOn: string | null;
  disbursed: boolean;
  phaseOutUntil: string | null;
}

export interface TimeEvaluation {
  warnings: RaisedWarning[];
  /** The first day on which evaluating again may raise something new; null when nothing can fall due. */
  nextDueOn: string | null;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/**
 * The date-driven rules on `today`: a filed household not visited for more than N months, a filed case not
 * paid within N days of the city filing, a phase-out ending within N days. A rule whose day has not come
 * yet contributes that day to `nextDueOn`, so a sweep can skip the case until then.
 */
export function timeWarnings(
  facts: CaseFacts,
  thresholds: Pick<MonitoringThresholds, 'visitOverdueMonths' | 'disbursementDays' | 'phaseOutNoticeDays'>,
  today: string,
): TimeEvaluation {
  const warnings: RaisedWarning[] = [];
  let nextDueOn: string | null = null;

  if (FILED_STAGES.includes(facts.stage) && facts.lastVisitOn) {
    const months = thresholds.visitOverdueMonths;
    const due = addDays(addMonths(facts.lastVisitOn, months), 1);
    if (today >= due) {
      warnings.push({
        rule: 'visit_overdue',
        key: `visit-after:${facts.lastVisitOn}`,
        reason: `已建档家庭超过${months}个月未走访（上次走访${facts.lastVisitOn}）`,
      });
    } else nextDueOn = earliest(nextDueOn, due);
  }

  if (facts.stage === 'disbursement' && facts.cityFiledOn && !facts.disbursed) {
    const days = thresholds.disbursementDays;
    const due = addDays(facts.cityFiledOn, days + 1);
    if (today >= due) {
      warnings.push({
        rule: 'disbursement_overdue',
        key: `filed:${facts.cityFiledOn}`,
        reason: `市总备案（${facts.cityFiledOn}）后已超过${days}天未发放帮扶资金`,
      });
    } else nextDueOn = earliest(nextDueOn, due);
  }

  if (facts.stage === 'phase_out' && facts.phaseOutUntil) {
    const from = addDays(facts.phaseOutUntil, -thresholds.phaseOutNoticeDays);
    if (today >= from) {
      const left = daysBetween(today, facts.phaseOutUntil);
      warnings.push({
        rule: 'phase_out_ending',
        key: `phase-out:${facts.phaseOutUntil}`,
        reason:
          left >= 0
            ? `渐退期将于${facts.phaseOutUntil}到期（还有${left}天），请回访并办理渐退期满退出`
            : `渐退期已于${facts.phaseOutUntil}到期，请办理渐退期满退出`,
      });
    } else nextDueOn = earliest(nextDueOn, from);
  }
  return { warnings, nextDueOn };
}

/**
 * Six (N) consecutive months not below the standard: the trailing run of observations whose income is
 * not below that day's standard (observations without a standard end a run) started at least N months
 * before today. Only filed, managed households (a phase-out is already leaving). `nextDueOn` is the day
 * the current run would complete.
 */
export function exitSuggestion(
  stage: LoopStage,
  observations: readonly IncomeObservation[],
  months: number,
  today: string,
): TimeEvaluation {
  if (stage !== 'managed') return { warnings: [], nextDueOn: null };
  const sorted = [...observations].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let runStart: IncomeObservation | null = null;
  for (const o of sorted) {
    const above = o.standardFen !== null && o.perCapitaFen >= o.standardFen;
    runStart = above ? (runStart ?? o) : null;
  }
  const latest = sorted.at(-1);
  if (!runStart || !latest) return { warnings: [], nextDueOn: null };
  const due = addMonths(runStart.on, months);
  if (today < due) return { warnings: [], nextDueOn: due };
  return {
    warnings: [
      {
        rule: 'suggest_exit',
        key: `above-since:${runStart.on}`,
        reason: `自${runStart.on}起走访测算家庭月人均收入连续${months}个月以上不低于当地低保标准（最近一次${latest.on}：${formatFen(latest.perCapitaFen)}），建议评估脱困退出`,
      },
    ],
    nextDueOn: null,
  };
}

export interface Causes {
  mainCause: Cause | null;
  secondaryCauses: readonly Cause[];
}

/** Causes the household has now and did not have before (main or secondary). */
export function newCauses(before: Causes | null, after: Causes): Cause[] {
  const had = new Set<Cause>(before ? [...before.secondaryCauses] : []);
  if (before?.mainCause) had.add(before.mainCause);
  const now = [...(after.mainCause ? [after.mainCause] : []), ...after.secondaryCauses];
  return [...new Set(now)].filter((cause) => !had.has(cause));
}

/** A new main cause among illness, disaster, accident puts the household on the register. */
export function seriousMainCause(before: Causes | null, after: Causes): Cause | null {
  const main = after.mainCause;
  if (main === null || !SERIOUS_CAUSES.includes(main)) return null;
  return before?.mainCause === main ? null : main;
}

/** A household on the register with a new hardship cause: suggest re-filing (or a new round if filed). */
export function refileSuggestion(causes: readonly Cause[], day: string): RaisedWarning | null {
  if (causes.length === 0) return null;
  const names = causes.map((c) => CAUSE_LABELS[c]).join('、');
  return {
    rule: 'suggest_refile',
    key: `causes:${[...causes].sort((a, b) => a - b).join(',')}:${day}`,
    reason: `监测户${day}新增致困原因：${names}，建议核实后重新建档帮扶`,
  };
}

/** Automatic register reasons that follow from the case alone (exit within 12 months, phase-out). */
export function caseRegisterReason(
  stage: LoopStage,
  exitedOn: string | null,
  today: string,
): 'exited_recently' | 'phase_out' | null {
  if (stage === 'phase_out') return 'phase_out';
  if (stage === 'exited' && exitedOn && addMonths(exitedOn, EXIT_MONITOR_MONTHS) >= today) {
    return 'exited_recently';
  }
  return null;
}
