import { LOOP_STAGE_LABELS, loopStageSchema } from '../../../../shared/loop/stages';

/** A case stage's Chinese label, or the code itself for a stage this build does not know. */
export function STAGE_LABELS_FOR_COVERAGE(stage: string): string {
  const parsed = loopStageSchema.safeParse(stage);
  return parsed.success ? LOOP_STAGE_LABELS[parsed.data] : stage;
}
