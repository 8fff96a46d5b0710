import { z } from 'zod';
import { dateSchema } from '../validation/dates';

/**
 * Rules of the loop that come from local practice rather than the source document, so each county can set
 * them (see ../../docs/closed-loop.md).
 */
export const loopConfigSchema = z.object({
  /** Public notice length in working days (公示期, local practice ≥ 5). */
  noticeWorkingDays: z.int().min(1).max(30),
  /** Shorter notice for sudden hardship (意外致困快速响应). */
  suddenNoticeWorkingDays: z.int().min(1).max(30),
  /** Sudden-hardship cases go from the visit straight to the county, skipping the township check. */
  suddenSkipsTownshipCheck: z.boolean(),
  /** Phase-out (渐退期) of a deep-difficulty case that meets the exit conditions; 0 exits directly. */
  phaseOutMonths: z.int().min(0).max(24),
  /** Fewest distinct attendees for the collective approval (集体审批) to count. */
  minApprovalAttendees: z.int().min(1).max(50),
  /** Public holidays on weekdays (法定节假日), not counted as working days. */
  holidays: z.array(dateSchema),
  /** Weekend days that are working days (调休上班). */
  adjustedWorkdays: z.array(dateSchema),
});
export type LoopConfig = z.infer<typeof loopConfigSchema>;

export const DEFAULT_LOOP_CONFIG: LoopConfig = {
  noticeWorkingDays: 5,
  suddenNoticeWorkingDays: 3,
  suddenSkipsTownshipCheck: true,
  phaseOutMonths: 6,
  minApprovalAttendees: 3,
  holidays: [],
  adjustedWorkdays: [],
};
