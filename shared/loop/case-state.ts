import { z } from 'zod';
import { roleSchema } from '../role-schema';
import { dateSchema } from '../validation/dates';
import { fenSchema } from '../validation/money';
import { entryChannelSchema, loopStageSchema } from './stages';
import type { EntryChannel } from './stages';
import {
  assistanceMeasureSchema,
  categorySchema,
  comparisonSourceSchema,
  exitReasonSchema,
} from './vocabulary';

const optionalDate = dateSchema.nullable();

/**
 * The part of a household record the closed loop needs. Flat keys, because the household record stores them
 * as its own fields and sync merges per top-level field. What each step recorded in full (opinions, minutes,
 * per-source notes) lives in the step's event on the timeline; the state keeps what later rules and the
 * screens need. Dates are `YYYY-MM-DD` in China time.
 */
export const caseStateSchema = z.object({
  stage: loopStageSchema,
  /** When the case reached its current stage (ISO timestamp), for queue ages. */
  stageEnteredAt: z.iso.datetime({ offset: true }),
  /** 1 for the first filing, +1 for each re-filing (返困). */
  cycle: z.int().min(1),
  entryChannel: entryChannelSchema,
  /** Path of the unit the household belongs to (its grid); scope checks test against it. */
  unitPath: z.string().min(1),
  enteredOn: dateSchema,

  lastVisitId: z.string().nullable(),
  visitSubmittedOn: optionalDate,
  /** Checklist items (附件1) the submitted visit still lacks; empty when complete. */
  missingMaterials: z.array(z.string()),

  /** Role that returned the case for correction, while it is returned. */
  returnedBy: roleSchema.nullable(),
  returnComments: z.string().nullable(),
  returnItems: z.array(z.string()),
  returnCount: z.int().min(0),

  reviewAcceptedOn: optionalDate,

  comparedSources: z.array(comparisonSourceSchema),
  inconsistentSources: z.array(comparisonSourceSchema),
  comparisonCompletedOn: optionalDate,

  /**
   * The household's category (the same field as the household record's): `unclassified` until decided,
   * then kept through a new round of a filed household until reclassified.
   */
  category: categorySchema,
  /** What the classifier suggested at classification; null when no suggestion was shown. */
  suggestedCategory: categorySchema.nullable(),
  classifiedOn: optionalDate,

  planMeasures: z.array(assistanceMeasureSchema),
  planTotalFen: fenSchema,
  planProposedOn: optionalDate,
  planApproved: z.boolean(),
  /** Date of the collective-approval meeting that approved the plan. */
  planApprovedOn: optionalDate,

  noticeStartDate: optionalDate,
  noticeEndDate: optionalDate,
  openObjections: z.int().min(0),
  openObjectionIds: z.array(z.string()),
  objectionCount: z.int().min(0),
  noticeCompletedOn: optionalDate,

  /** City record filing (市总备案) of this round; not the household's filing date (建档, `filedAt`). */
  cityFiled: z.boolean(),
  cityFileNumber: z.string().nullable(),
  cityFiledOn: optionalDate,

  disbursed: z.boolean(),
  disbursedTotalFen: fenSchema,
  lastDisbursedOn: optionalDate,

  lastFollowUpOn: optionalDate,

  exitReason: exitReasonSchema.nullable(),
  exitNoticeDate: optionalDate,
  phaseOutStartDate: optionalDate,
  /** The phase-out runs until this date; the exit can be completed the day after. */
  phaseOutUntil: optionalDate,
  exitedOn: optionalDate,
});
export type CaseState = z.infer<typeof caseStateSchema>;

/** Fields of one round of review, from the comparison on; cleared when a new round or cycle starts. */
export function clearedRound(): Pick<
  CaseState,
  | 'reviewAcceptedOn'
  | 'comparedSources'
  | 'inconsistentSources'
  | 'comparisonCompletedOn'
  | 'suggestedCategory'
  | 'classifiedOn'
  | 'planMeasures'
  | 'planTotalFen'
  | 'planProposedOn'
  | 'planApproved'
  | 'planApprovedOn'
  | 'noticeStartDate'
  | 'noticeEndDate'
  | 'openObjections'
  | 'openObjectionIds'
  | 'objectionCount'
  | 'noticeCompletedOn'
  | 'cityFiled'
  | 'cityFileNumber'
  | 'cityFiledOn'
  | 'disbursed'
  | 'disbursedTotalFen'
  | 'lastDisbursedOn'
> {
  return {
    reviewAcceptedOn: null,
    comparedSources: [],
    inconsistentSources: [],
    comparisonCompletedOn: null,
    suggestedCategory: null,
    classifiedOn: null,
    planMeasures: [],
    planTotalFen: 0,
    planProposedOn: null,
    planApproved: false,
    planApprovedOn: null,
    ...clearedNotice(),
    cityFiled: false,
    cityFileNumber: null,
    cityFiledOn: null,
    disbursed: false,
    disbursedTotalFen: 0,
    lastDisbursedOn: null,
  };
}

export function clearedNotice(): Pick<
  CaseState,
  | 'noticeStartDate'
  | 'noticeEndDate'
  | 'openObjections'
  | 'openObjectionIds'
  | 'objectionCount'
  | 'noticeCompletedOn'
> {
  return {
    noticeStartDate: null,
    noticeEndDate: null,
    openObjections: 0,
    openObjectionIds: [],
    objectionCount: 0,
    noticeCompletedOn: null,
  };
}

export function clearedReturn(): Pick<CaseState, 'returnedBy' | 'returnComments' | 'returnItems'> {
  return { returnedBy: null, returnComments: null, returnItems: [] };
}

export function clearedExit(): Pick<
  CaseState,
  'exitReason' | 'exitNoticeDate' | 'phaseOutStartDate' | 'phaseOutUntil' | 'exitedOn'
> {
  return {
    exitReason: null,
    exitNoticeDate: null,
    phaseOutStartDate: null,
    phaseOutUntil: null,
    exitedOn: null,
  };
}

/** A freshly registered case at `entry`. */
export function newCaseState(init: {
  entryChannel: EntryChannel;
  unitPath: string;
  enteredOn: string;
  at: string;
}): CaseState {
  return {
    stage: 'entry',
    stageEnteredAt: init.at,
    cycle: 1,
    entryChannel: init.entryChannel,
    unitPath: init.unitPath,
    enteredOn: init.enteredOn,
    lastVisitId: null,
    visitSubmittedOn: null,
    missingMaterials: [],
    ...clearedReturn(),
    returnCount: 0,
    ...clearedRound(),
    category: 'unclassified',
    lastFollowUpOn: null,
    ...clearedExit(),
  };
}
