import { COMPARISON_SOURCES } from '../../shared/loop/vocabulary';
import type { JsonValue } from '../../shared/sync/canonical-json';
import { addDays } from '../../shared/validation/dates';

/** Takes one closed-loop step as `user` (through REST); throws unless it is applied. */
export type StepAs = (
  user: 'county' | 'city',
  caseId: string,
  command: string,
  payload: Record<string, JsonValue>,
) => Promise<unknown>;

/**
 * Walks a case from 县总审核 (county_review) to 动态管理 (managed) through the REST commands, with the
 * approval and notice dated in the past so no clock has to move (`today` is the case clock's day); with
 * `phaseOut`, on into the six-month phase-out (渐退期: a deep-difficulty case lifted out).
 */
export async function walkToFiled(
  step: StepAs,
  caseId: string,
  today: string,
  options: {
    phaseOut?: boolean;
    fileNumber?: string;
    /** The plan's one measure (default 生活救助). */
    measure?: string;
    /** The first payment's day (default `today`); null: not paid yet (the case waits at 待发放). */
    paidOn?: string | null;
  } = {},
): Promise<void> {
  await step('county', caseId, 'acceptReview', { opinion: '材料齐全，审核通过' });
  await step('county', caseId, 'recordComparison', {
    results: COMPARISON_SOURCES.map((source) => ({ source, result: 'consistent' })),
  });
  await step('county', caseId, 'completeComparison', { conclusion: '八项比对一致' });
  await step('county', caseId, 'classify', { category: 'deep', suggestedCategory: 'deep' });
  await step('county', caseId, 'proposePlan', {
    measures: [{ measure: options.measure ?? 'living_relief', amountFen: 200_000 }],
  });
  await step('county', caseId, 'approvePlan', {
    meetingDate: addDays(today, -14),
    attendees: ['王主任', '李科长', '张会计'],
    decision: 'approved',
    minutes: '同意',
  });
  await step('county', caseId, 'startNotice', { startDate: addDays(today, -13), place: '社区公示栏' });
  await step('county', caseId, 'completeNotice', {});
  await step('city', caseId, 'fileRecord', {
    fileNumber: options.fileNumber ?? `BZ-${caseId.slice(0, 8)}`,
    filedOn: today,
  });
  if (options.paidOn === null) return;
  await step('county', caseId, 'disburse', {
    amountFen: 100_000,
    paidOn: options.paidOn ?? today,
    bankCardLast4: '0123',
  });
  if (options.phaseOut) {
    await step('county', caseId, 'exit', {
      reason: 'lifted_out',
      explanation: '户主再就业，人均收入连续六个月高于低保标准',
      noticeDate: today,
    });
  }
}
