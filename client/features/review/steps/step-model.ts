import type { CaseDetailReply } from '../../../../shared/cases/api';
import { LOOP_COMMANDS, type LoopCommandName } from '../../../../shared/loop/commands';
import type { LoopStage } from '../../../../shared/loop/stages';

/** One step offered on the case page: enabled when the server allows it, otherwise with its reason. */
export interface OfferedStep {
  command: LoopCommandName;
  label: string;
  allowed: boolean;
  reason: string | null;
}

/** Steps taken elsewhere: registration has its own page, and the visit steps happen on the tablet. */
const NOT_ON_CASE_PAGE: ReadonlySet<string> = new Set(['register']);

function isCommandName(name: string): name is LoopCommandName {
  return Object.hasOwn(LOOP_COMMANDS, name);
}

/**
 * The steps of the case's current stage, as the server reports them (`availability`): the allowed ones and,
 * disabled, the ones that belong to this stage but are not the caller's to take now, each with the reason
 * (another role's step, a rule not met yet such as "公示期至…"). Steps of other stages are left out.
 */
export function offeredSteps(availability: CaseDetailReply['availability'], stage: LoopStage): OfferedStep[] {
  return availability.flatMap((entry) => {
    if (!isCommandName(entry.command) || NOT_ON_CASE_PAGE.has(entry.command)) return [];
    const definition = LOOP_COMMANDS[entry.command];
    if (!entry.allowed && !(definition.from as readonly LoopStage[]).includes(stage)) return [];
    return [
      {
        command: entry.command,
        label: entry.label,
        allowed: entry.allowed,
        reason: entry.allowed ? null : (entry.reason ?? '当前不可办理'),
      },
    ];
  });
}
