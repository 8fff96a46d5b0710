import type { z } from 'zod';
import type { Role } from '../roles';
import type { CaseState } from './case-state';
import type { LoopConfig } from './config';
import type { LoopStage } from './stages';

/** Who is acting: the role and the path of the unit the account belongs to. */
export interface LoopActor {
  role: Role;
  unitPath: string;
}

/** What every rule of a step may look at besides the case and the payload. */
export interface LoopContext {
  actor: LoopActor;
  now: Date;
  /** Today in China (`YYYY-MM-DD`), derived from `now`. */
  today: string;
  config: LoopConfig;
}

/** What a step decides: where the case goes and which fields change. */
export interface StepOutcome {
  next: LoopStage;
  changes: Partial<CaseState>;
}

/**
 * One step of the loop as written in `commands-*.ts`. `from` empty means the step opens a case (no state
 * yet); then the rules see the case as it would be right after opening.
 */
export interface CommandSpec<N extends string, S extends z.ZodType> {
  name: N;
  /** zh-CN name of the step as buttons and the timeline show it. */
  label: string;
  roles: readonly Role[];
  from: readonly LoopStage[];
  /** Every stage the step can lead to (the documented graph). */
  to: readonly LoopStage[];
  /** Narrower targets per starting stage, where `to` would overstate the graph. */
  edges?: Partial<Record<LoopStage, readonly LoopStage[]>>;
  payload: S;
  /** zh-CN labels of payload keys (and keys inside list items), for refusal messages. */
  fieldLabels: Record<string, string>;
  /** Rules on the case and the date alone: when one fails the UI does not offer the step. zh-CN reason. */
  precondition?: (state: CaseState, ctx: LoopContext) => string | null;
  /** Rules that also look at what is being recorded. zh-CN reason. */
  guard?: (state: CaseState, payload: z.output<S>, ctx: LoopContext) => string | null;
  apply: (state: CaseState, payload: z.output<S>, ctx: LoopContext) => StepOutcome;
  /** zh-CN one-liner for the timeline; `state` is the case before the step. */
  summary: (state: CaseState, payload: z.output<S>, ctx: LoopContext) => string;
}

export type ExecuteResult =
  | { ok: true; state: CaseState; summary: string; payload: unknown }
  | { ok: false; code: 'invalid_payload' | 'guard_failed'; reason: string };

export type CommandDefinition<N extends string, S extends z.ZodType> = CommandSpec<N, S> & {
  /** Parses the payload, runs the rules and builds the next state. Never mutates `state`. */
  execute(state: CaseState, rawPayload: unknown, ctx: LoopContext): ExecuteResult;
  /** The precondition alone, for offering the step in the UI. */
  check(state: CaseState, ctx: LoopContext): string | null;
};

/** Fallback zh-CN fragments for zod's built-in issues; schemas with their own message keep it. */
const payloadErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? '必须填写' : '格式不正确';
    case 'too_small':
      return issue.origin === 'array' ? `至少需要${String(issue.minimum)}项` : '不能为空';
    case 'too_big':
      return issue.origin === 'string' ? `不能超过${String(issue.maximum)}个字` : '过多或过大';
    case 'invalid_value':
      return '不是可选的值';
    default:
      return '格式不正确';
  }
};

function describeIssue(issue: z.core.$ZodIssue, labels: Record<string, string>): string {
  const parts: string[] = [];
  for (const key of issue.path) {
    if (typeof key === 'number') parts.push(`第${key + 1}项`);
    else if (typeof key === 'string') parts.push(labels[key] ?? key);
  }
  return `${parts.join('')}${issue.message}`;
}

/** Copies a flat record and its list values (the case state holds only scalars and lists of strings). */
function copyFlat<T extends object>(record: T): T {
  const copy = { ...record };
  for (const key of Object.keys(copy) as (keyof T)[]) {
    const value = copy[key];
    if (Array.isArray(value)) copy[key] = [...(value as unknown[])] as T[keyof T];
  }
  return copy;
}

/** The stages a step may lead to from `from` (null: the opening step). */
export function targetsOf(
  spec: Pick<CommandSpec<string, z.ZodType>, 'to' | 'edges'>,
  from: LoopStage | null,
): readonly LoopStage[] {
  return (from === null ? undefined : spec.edges?.[from]) ?? spec.to;
}

export function defineCommand<N extends string, S extends z.ZodType>(
  spec: CommandSpec<N, S>,
): CommandDefinition<N, S> {
  return {
    ...spec,
    check(state, ctx) {
      return spec.precondition ? spec.precondition(state, ctx) : null;
    },
    execute(state, rawPayload, ctx) {
      const parsed = spec.payload.safeParse(rawPayload, { error: payloadErrorMap });
      if (!parsed.success) {
        const messages = parsed.error.issues.map((issue) => describeIssue(issue, spec.fieldLabels));
        return {
          ok: false,
          code: 'invalid_payload',
          reason: `「${spec.label}」填写有误：${messages.join('；')}`,
        };
      }
      const payload = parsed.data;
      // Rules get a copy, so a careless rule cannot reach the caller's object.
      const before = copyFlat(state);
      const refusal = spec.precondition?.(before, ctx) ?? spec.guard?.(before, payload, ctx) ?? null;
      if (refusal !== null) return { ok: false, code: 'guard_failed', reason: refusal };
      const outcome = spec.apply(before, payload, ctx);
      if (!targetsOf(spec, spec.from.length === 0 ? null : state.stage).includes(outcome.next)) {
        // A step leading outside its documented targets is a bug in the definitions, not a user error.
        throw new Error(`Loop command ${spec.name} led to undocumented stage ${outcome.next}`);
      }
      const stageChanged = outcome.next !== state.stage || spec.from.length === 0;
      const next: CaseState = {
        ...before,
        ...copyFlat(outcome.changes),
        stage: outcome.next,
        stageEnteredAt: stageChanged ? ctx.now.toISOString() : before.stageEnteredAt,
      };
      return { ok: true, state: next, summary: spec.summary(before, payload, ctx), payload };
    },
  };
}

/** Shortens free text for one-line summaries. */
export function clip(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Sorted union of a list with more items, in the order of `order`. */
export function orderedUnion<T extends string>(order: readonly T[], ...lists: (readonly T[])[]): T[] {
  const present = new Set(lists.flat());
  return order.filter((item) => present.has(item));
}
