import { z } from 'zod';
import { typeError } from '../validation/messages';
import { unitIdSchema } from '../org';
import { dateSchema } from '../validation/dates';
import { recordIdSchema, shortTextSchema } from './common-fields';
import { defineRecord, type DraftOf, type FinalOf } from './record-kit';

/** A home-visit round (入户走访轮次) set by a county or township, one of the "five ones". */
export const visitRoundFields = {
  unitId: unitIdSchema,
  name: shortTextSchema,
  startDate: dateSchema,
  endDate: dateSchema,
  /** The households to visit in this round; one atomic list. */
  householdIds: z.array(recordIdSchema, { error: typeError('必须是列表') }).max(100_000),
};

export const VISIT_ROUND_FIELD_LABELS: Record<keyof typeof visitRoundFields, string> = {
  unitId: '组织单位',
  name: '轮次名称',
  startDate: '开始日期',
  endDate: '结束日期',
  householdIds: '走访家庭',
};

const VISIT_ROUND_REQUIRED = [
  'unitId',
  'name',
  'startDate',
  'endDate',
  'householdIds',
] as const satisfies readonly (keyof typeof visitRoundFields)[];

export const visitRoundDefinition = defineRecord({
  term: '入户走访轮次',
  fields: visitRoundFields,
  labels: VISIT_ROUND_FIELD_LABELS,
  required: VISIT_ROUND_REQUIRED,
  rules(data, ctx) {
    if (data.startDate && data.endDate && data.endDate < data.startDate) {
      ctx.report('endDate', `不能早于开始日期（${data.startDate}）`);
    }
    const ids = data.householdIds ?? [];
    if (new Set(ids).size !== ids.length) ctx.report('householdIds', '包含重复的家庭');
  },
});

export type VisitRoundDraft = DraftOf<typeof visitRoundFields>;
export type VisitRound = FinalOf<typeof visitRoundFields, (typeof VISIT_ROUND_REQUIRED)[number]>;

/** Which households of a round have a visit dated inside the round, and which are still to visit. */
export function visitRoundProgress(
  round: { householdIds: readonly string[]; startDate: string; endDate: string },
  visits: readonly { householdId?: string | null; visitDate?: string | null }[],
): { visited: string[]; pending: string[] } {
  const visitedIds = new Set(
    visits
      .filter((v) => v.visitDate && v.visitDate >= round.startDate && v.visitDate <= round.endDate)
      .map((v) => v.householdId),
  );
  return {
    visited: round.householdIds.filter((id) => visitedIds.has(id)),
    pending: round.householdIds.filter((id) => !visitedIds.has(id)),
  };
}
