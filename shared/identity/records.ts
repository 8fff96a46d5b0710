import { z } from 'zod';
import { evidenceKindSchema, findingKindSchema, findingStatusSchema } from './api';

/**
 * The tablet's copy of a duplicate finding: a server-authored record of type `duplicateFinding`, in the
 * unit of the household it holds, pulled like comments and case events. It tells the grid worker why the
 * household's case is on hold, in words that reveal nothing of the other household but where it is filed
 * and how far its case is.
 */
export const DUPLICATE_FINDING_TYPE = 'duplicateFinding';

export const duplicateFindingDataSchema = z.object({
  /** The held household (on this tablet). */
  householdId: z.string(),
  kind: findingKindSchema,
  evidence: z.array(evidenceKindSchema),
  status: findingStatusSchema,
  /** What the worker reads, e.g. 户主身份证号 3416…1234 已在涡阳县城关街道建档（县总审核中）：本户暂停办理，待县总核实. */
  message: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** How it was settled, in words (合并到另一户 / 不是重复：理由). */
  resolutionText: z.string().nullable(),
  /** After a merge: the household that survived (this one, or the one this one was merged into). */
  survivorId: z.string().nullable(),
});
export type DuplicateFindingData = z.infer<typeof duplicateFindingDataSchema>;
