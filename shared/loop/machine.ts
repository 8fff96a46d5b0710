import { isWithinScope } from '../org';
import { ROLE_LABELS } from '../roles';
import type { Role } from '../roles';
import { todayInChina } from '../validation/clock';
import { newCaseState } from './case-state';
import type { CaseState } from './case-state';
import { LOOP_COMMANDS, LOOP_COMMAND_NAMES } from './commands';
import type { LoopCommand, LoopCommandInput, LoopCommandName } from './commands';
import { DEFAULT_LOOP_CONFIG } from './config';
import type { LoopConfig } from './config';
import { targetsOf } from './define';
import type { LoopActor, LoopContext } from './define';
import { LOOP_STAGE_LABELS } from './stages';
import type { LoopStage } from './stages';

export const LOOP_ERROR_CODES = [
  'forbidden_role',
  'wrong_stage',
  'out_of_scope',
  'invalid_payload',
  'guard_failed',
] as const;
export type LoopErrorCode = (typeof LOOP_ERROR_CODES)[number];

/** One step on a case's timeline and in the audit log. */
export interface CaseEvent {
  command: LoopCommandName;
  /** null for the step that opened the case. */
  fromStage: LoopStage | null;
  toStage: LoopStage;
  /** zh-CN one-liner. */
  summary: string;
  /** What the step recorded, as parsed (defaults filled in). */
  payload: LoopCommand['payload'];
  at: string;
  cycle: number;
  actorRole: Role;
  actorUnitPath: string;
}

export type LoopResult =
  { ok: true; state: CaseState; event: CaseEvent } | { ok: false; code: LoopErrorCode; reason: string };

const NOT_REGISTERED = '尚未登记';

function stageLabel(state: CaseState | null): string {
  return state === null ? NOT_REGISTERED : LOOP_STAGE_LABELS[state.stage];
}

function isCommandName(name: unknown): name is LoopCommandName {
  return typeof name === 'string' && Object.hasOwn(LOOP_COMMANDS, name);
}

function context(actor: LoopActor, now: Date, config: LoopConfig): LoopContext {
  return { actor, now, today: todayInChina(now), config };
}

/** Role and stage checks shared by `applyCommand` and `commandAvailability`. */
function roleAndStageRefusal(
  state: CaseState | null,
  name: LoopCommandName,
  role: Role,
): { code: 'forbidden_role' | 'wrong_stage'; reason: string } | null {
  const def = LOOP_COMMANDS[name];
  const where = `当前环节「${stageLabel(state)}」`;
  if (!def.roles.includes(role)) {
    const who = def.roles.map((r) => ROLE_LABELS[r]).join('、');
    return {
      code: 'forbidden_role',
      reason: `${where}：${ROLE_LABELS[role]}无权「${def.label}」，此操作由${who}办理`,
    };
  }
  if (state === null && def.from.length > 0) {
    return { code: 'wrong_stage', reason: `${where}：案件尚未登记，不能「${def.label}」` };
  }
  if (state !== null && def.from.length === 0) {
    return { code: 'wrong_stage', reason: `${where}：案件已登记，不能重复登记` };
  }
  if (state !== null && !def.from.includes(state.stage)) {
    const allowed = def.from.map((s) => `「${LOOP_STAGE_LABELS[s]}」`).join('、');
    return { code: 'wrong_stage', reason: `${where}：不能「${def.label}」，此操作仅适用于${allowed}环节` };
  }
  return null;
}

/**
 * Applies one step to a case. `state` is null for a case not yet registered (only `register` applies).
 * Checks, in order: role, stage, organisation scope, payload, rules. Pure: the input is never changed; on
 * refusal nothing changes and the reason (zh-CN) names the current stage.
 */
export function applyCommand(
  state: CaseState | null,
  command: LoopCommand | LoopCommandInput,
  actor: LoopActor,
  now: Date,
  config: LoopConfig = DEFAULT_LOOP_CONFIG,
): LoopResult {
  const name: unknown = command.command;
  if (!isCommandName(name)) {
    return { ok: false, code: 'invalid_payload', reason: `当前环节「${stageLabel(state)}」：未知的操作` };
  }
  // Admin appears in no step's roles: administrators manage accounts, never cases.
  const refusal = roleAndStageRefusal(state, name, actor.role);
  if (refusal) return { ok: false, ...refusal };
  if (state !== null && !isWithinScope(state.unitPath, actor.unitPath)) {
    return {
      ok: false,
      code: 'out_of_scope',
      reason: `当前环节「${stageLabel(state)}」：该案件不属于您所在单位的管辖范围`,
    };
  }
  const ctx = context(actor, now, config);
  const base =
    state ??
    // The opening step fills in channel, unit and date; its rules see this provisional case.
    newCaseState({
      entryChannel: 'worker_applied',
      unitPath: actor.unitPath,
      enteredOn: ctx.today,
      at: now.toISOString(),
    });
  const result = LOOP_COMMANDS[name].execute(base, command.payload, ctx);
  if (!result.ok) {
    return { ok: false, code: result.code, reason: `当前环节「${stageLabel(state)}」：${result.reason}` };
  }
  return {
    ok: true,
    state: result.state,
    event: {
      command: name,
      fromStage: state === null ? null : state.stage,
      toStage: result.state.stage,
      summary: result.summary,
      payload: result.payload as LoopCommand['payload'],
      at: now.toISOString(),
      cycle: result.state.cycle,
      actorRole: actor.role,
      actorUnitPath: actor.unitPath,
    },
  };
}

export interface CommandAvailability {
  command: LoopCommandName;
  label: string;
  allowed: boolean;
  /** Why not, when not allowed (zh-CN). */
  code?: 'forbidden_role' | 'wrong_stage' | 'guard_failed';
  reason?: string;
}

/**
 * Every step with whether `role` may take it on this case now, and why not. Rules that depend on what will
 * be recorded are checked only when the step is applied.
 */
export function commandAvailability(
  state: CaseState | null,
  role: Role,
  now: Date,
  config: LoopConfig = DEFAULT_LOOP_CONFIG,
): CommandAvailability[] {
  const ctx = context({ role, unitPath: state?.unitPath ?? '' }, now, config);
  return LOOP_COMMAND_NAMES.map((name) => {
    const def = LOOP_COMMANDS[name];
    const refusal = roleAndStageRefusal(state, name, role);
    if (refusal) return { command: name, label: def.label, allowed: false, ...refusal };
    const failed = state === null ? null : def.check(state, ctx);
    if (failed !== null) {
      return {
        command: name,
        label: def.label,
        allowed: false,
        code: 'guard_failed',
        reason: `当前环节「${stageLabel(state)}」：${failed}`,
      };
    }
    return { command: name, label: def.label, allowed: true };
  });
}

/** The steps the UI may offer `role` on this case now. */
export function allowedCommands(
  state: CaseState | null,
  role: Role,
  now: Date,
  config: LoopConfig = DEFAULT_LOOP_CONFIG,
): LoopCommandName[] {
  return commandAvailability(state, role, now, config)
    .filter((entry) => entry.allowed)
    .map((entry) => entry.command);
}

/** One edge of the documented graph; `from` null is the opening step. */
export interface LoopTransition {
  command: LoopCommandName;
  from: LoopStage | null;
  to: LoopStage;
}

/** The documented graph of the loop, read off the command definitions. */
export const LOOP_TRANSITIONS: readonly LoopTransition[] = LOOP_COMMAND_NAMES.flatMap((command) => {
  const def = LOOP_COMMANDS[command];
  const froms: (LoopStage | null)[] = def.from.length === 0 ? [null] : [...def.from];
  return froms.flatMap((from) => targetsOf(def, from).map((to) => ({ command, from, to })));
});
