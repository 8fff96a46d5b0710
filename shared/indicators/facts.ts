import type { Cause } from '../domain/household-codes';
import { addMonths } from '../loop/calendar';
import type { LoopStage } from '../loop/stages';
import type { AssistanceMeasure, ExitReason } from '../loop/vocabulary';

/**
 * The facts about one household that the indicators count, derived from its case state alone (pure). The
 * server keeps one row per fact (`indicator_facts`, sync-server/oversight/) and counters by unit and month
 * beside it; docs/indicators.md says why each fact is read this way.
 */

export const FACT_KINDS = ['filed', 'paid', 'plan', 'exit', 'closed'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface CaseFact {
  kind: FactKind;
  /** The fact's day (YYYY-MM-DD, China). */
  day: string;
  /** 1 when the fact meets its indicator's test (always 1 for `paid` and `closed`). */
  ok: 0 | 1;
}

/**
 * The measures that answer each main cause of hardship (主要致困原因). A cause that names no particular
 * need (无社会保险, 社保待遇未落实, 其他) is answered by any measure.
 */
export const MEASURES_FOR_CAUSE: Record<Cause, readonly AssistanceMeasure[] | 'any'> = {
  1: ['living_relief'],
  2: ['employment_help', 'skills_training', 'entrepreneurship_aid'],
  3: ['employment_help', 'skills_training', 'entrepreneurship_aid'],
  4: 'any',
  5: 'any',
  6: ['illness_relief'],
  7: ['living_relief'],
  8: ['living_relief', 'illness_relief'],
  9: ['schooling_aid'],
  10: 'any',
};

/** 帮扶方式精准: the approved plan answers the main cause. Without a main cause nothing can be matched. */
export function methodMatches(mainCause: Cause | null, measures: readonly AssistanceMeasure[]): boolean {
  if (mainCause === null || measures.length === 0) return false;
  const wanted = MEASURES_FOR_CAUSE[mainCause];
  return wanted === 'any' || measures.some((m) => wanted.includes(m));
}

/** 精准识别: a filing holds unless the same cycle ends with an exit as not eligible (核查不符合建档条件). */
export function identificationHeld(exitReason: ExitReason | null): boolean {
  return exitReason !== 'ineligible';
}

export interface IncomeMeasure {
  perCapitaFen: number;
  standardFen: number | null;
}

/**
 * An exit is grounded when it is not "lifted out" (death, moving away, own request, not eligible: facts
 * the county records), or when it is and the last income measured at a visit on or before the exit is at
 * least the 低保 standard of that day.
 */
export function exitEvidenced(reason: ExitReason, lastIncome: IncomeMeasure | null): boolean {
  if (reason !== 'lifted_out') return true;
  return (
    lastIncome !== null &&
    lastIncome.standardFen !== null &&
    lastIncome.perCapitaFen >= lastIncome.standardFen
  );
}

/** An exit holds when grounded and the household did not come back (返困, 取消渐退) within `stableMonths`. */
export function exitHeld(
  evidenced: boolean,
  exitOn: string,
  returnedOn: string | null,
  stableMonths: number,
): boolean {
  return evidenced && (returnedOn === null || returnedOn > addMonths(exitOn, stableMonths));
}

export interface CaseFactsInput {
  stage: LoopStage;
  cityFiledOn: string | null;
  disbursed: boolean;
  lastDisbursedOn: string | null;
  planApproved: boolean;
  planApprovedOn: string | null;
  planMeasures: readonly AssistanceMeasure[];
  mainCause: Cause | null;
  exitReason: ExitReason | null;
  exitNoticeDate: string | null;
  exitedOn: string | null;
  /** The last income measured on or before the exit's day (only read for an exit). */
  incomeAtExit: IncomeMeasure | null;
}

/**
 * The facts the current state of a case shows, for its current cycle. `filed` and `paid` are the first
 * filing and first payment of the cycle: the caller keeps the first one it saw (a new round of a filed
 * household clears the round's fields but the household stays filed). An exit (`exit`) is shown while the
 * case is in the phase-out or exited; `closed` once the file is closed (exited).
 */
export function caseFacts(input: CaseFactsInput): CaseFact[] {
  const facts: CaseFact[] = [];
  if (input.cityFiledOn) {
    facts.push({ kind: 'filed', day: input.cityFiledOn, ok: identificationHeld(input.exitReason) ? 1 : 0 });
  }
  if (input.disbursed && input.lastDisbursedOn)
    facts.push({ kind: 'paid', day: input.lastDisbursedOn, ok: 1 });
  if (input.planApproved && input.planApprovedOn) {
    facts.push({
      kind: 'plan',
      day: input.planApprovedOn,
      ok: methodMatches(input.mainCause, input.planMeasures) ? 1 : 0,
    });
  }
  const exiting = input.stage === 'phase_out' || input.stage === 'exited';
  if (exiting && input.exitReason && input.exitNoticeDate) {
    facts.push({
      kind: 'exit',
      day: input.exitNoticeDate,
      ok: exitEvidenced(input.exitReason, input.incomeAtExit) ? 1 : 0,
    });
  }
  if (input.stage === 'exited' && input.exitedOn) facts.push({ kind: 'closed', day: input.exitedOn, ok: 1 });
  return facts;
}
