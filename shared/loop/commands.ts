import { z } from 'zod';
import {
  approvePlan,
  classify,
  completeComparison,
  proposePlan,
  recordComparison,
} from './commands-assessment';
import { cancelPhaseOut, completeExit, exit, recordFollowUpVisit, refile } from './commands-aftercare';
import {
  acceptReview,
  forwardToCounty,
  register,
  returnForCorrection,
  returnToGrid,
  startVisit,
  submitVisit,
} from './commands-intake';
import {
  completeNotice,
  disburse,
  fileRecord,
  recordObjection,
  settleObjection,
  startNotice,
} from './commands-notice';

/**
 * Every step of the closed loop (附件2), in the order a case meets them. Each entry says who may do it
 * (`roles`), from which stages (`from`), what it records (`payload`), the extra rules (`precondition`,
 * `guard`) and where the case goes (`to`, decided by `apply`). docs/closed-loop.md is the same list as a table.
 */
export const LOOP_COMMANDS = {
  register,
  startVisit,
  submitVisit,
  forwardToCounty,
  returnToGrid,
  acceptReview,
  returnForCorrection,
  recordComparison,
  completeComparison,
  classify,
  proposePlan,
  approvePlan,
  startNotice,
  recordObjection,
  settleObjection,
  completeNotice,
  fileRecord,
  disburse,
  recordFollowUpVisit,
  exit,
  cancelPhaseOut,
  completeExit,
  refile,
} as const;

export type LoopCommandName = keyof typeof LOOP_COMMANDS;
export const LOOP_COMMAND_NAMES = Object.keys(LOOP_COMMANDS) as LoopCommandName[];

export const LOOP_COMMAND_LABELS = Object.fromEntries(
  LOOP_COMMAND_NAMES.map((name) => [name, LOOP_COMMANDS[name].label]),
) as Record<LoopCommandName, string>;

function envelope<N extends LoopCommandName, S extends z.ZodType>(name: N, payload: S) {
  return z.object({ command: z.literal(name), payload });
}

/** A step as it travels from the UI to the server: `{ command, payload }`. */
export const loopCommandSchema = z.discriminatedUnion('command', [
  envelope('register', register.payload),
  envelope('startVisit', startVisit.payload),
  envelope('submitVisit', submitVisit.payload),
  envelope('forwardToCounty', forwardToCounty.payload),
  envelope('returnToGrid', returnToGrid.payload),
  envelope('acceptReview', acceptReview.payload),
  envelope('returnForCorrection', returnForCorrection.payload),
  envelope('recordComparison', recordComparison.payload),
  envelope('completeComparison', completeComparison.payload),
  envelope('classify', classify.payload),
  envelope('proposePlan', proposePlan.payload),
  envelope('approvePlan', approvePlan.payload),
  envelope('startNotice', startNotice.payload),
  envelope('recordObjection', recordObjection.payload),
  envelope('settleObjection', settleObjection.payload),
  envelope('completeNotice', completeNotice.payload),
  envelope('fileRecord', fileRecord.payload),
  envelope('disburse', disburse.payload),
  envelope('recordFollowUpVisit', recordFollowUpVisit.payload),
  envelope('exit', exit.payload),
  envelope('cancelPhaseOut', cancelPhaseOut.payload),
  envelope('completeExit', completeExit.payload),
  envelope('refile', refile.payload),
]);

/** A parsed step (defaults filled in). */
export type LoopCommand = z.output<typeof loopCommandSchema>;
/** A step as a client may send it (fields with defaults may be left out). */
export type LoopCommandInput = z.input<typeof loopCommandSchema>;
export type LoopCommandPayload<N extends LoopCommandName> = z.output<(typeof LOOP_COMMANDS)[N]['payload']>;
export type LoopCommandPayloadInput<N extends LoopCommandName> = z.input<
  (typeof LOOP_COMMANDS)[N]['payload']
>;
