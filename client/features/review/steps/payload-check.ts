import type { z } from 'zod';
import { fragmentErrorMap } from '../../../../shared/domain/record-kit';
import type { CaseState } from '../../../../shared/loop/case-state';
import { LOOP_COMMANDS, type LoopCommandName } from '../../../../shared/loop/commands';
import { DEFAULT_LOOP_CONFIG, type LoopConfig } from '../../../../shared/loop/config';
import { applyCommand } from '../../../../shared/loop/machine';
import type { Role } from '../../../../shared/roles';

/**
 * Inline validation of a step's form with the same rules the server applies: the step's payload schema
 * (per field, in Chinese) and then the step's guard run by the shared state machine on the case as the
 * page last loaded it. The server still decides; this only saves a round trip and says where the problem is.
 */

export interface PayloadIssue {
  /** Dotted path inside the payload (`itemsToFix.1`, `results.3.note`); '' for the whole form. */
  path: string;
  /** zh-CN fragment that follows the field's label, with the item named when inside a list ("第2项不能为空"). */
  message: string;
}

export type PayloadCheck<T> = { ok: true; payload: T } | { ok: false; issues: PayloadIssue[] };

function issuesOf(error: z.ZodError, labels: Readonly<Record<string, string>>): PayloadIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    const last = path[path.length - 1];
    let prefix = '';
    if (path.length === 2 && typeof last === 'number') {
      // A plain list item (itemsToFix.1): the list's label is on screen, the item's position is not.
      prefix = `第${last + 1}项`;
    } else if (path.length > 2 && typeof last === 'string' && issue.code !== 'custom') {
      // A field inside a list row (measures.0.amountFen): name the field; custom rules are whole sentences.
      prefix = labels[last] ?? '';
    }
    return { path: path.join('.'), message: `${prefix}${issue.message}` };
  });
}

/** Parses a form's payload with the step's own schema. */
export function parsePayload<N extends LoopCommandName>(
  command: N,
  payload: unknown,
): PayloadCheck<z.output<(typeof LOOP_COMMANDS)[N]['payload']>> {
  const schema: z.ZodType = LOOP_COMMANDS[command].payload;
  const parsed = schema.safeParse(payload, { error: fragmentErrorMap });
  return parsed.success
    ? { ok: true, payload: parsed.data as z.output<(typeof LOOP_COMMANDS)[N]['payload']> }
    : { ok: false, issues: issuesOf(parsed.error, LOOP_COMMANDS[command].fieldLabels) };
}

/** Messages at a field or inside it (for a list field, the messages of its items too). */
export function issuesAt(issues: readonly PayloadIssue[], path: string): string[] {
  return issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`)).map((i) => i.message);
}

/**
 * The step's rules (guard) as the server will apply them, on the case as last loaded: null when they pass,
 * otherwise the zh-CN reason. Refusals other than the guard's (role, stage) are the server's to tell.
 */
export function guardRefusal(
  state: CaseState | null,
  command: LoopCommandName,
  payload: unknown,
  actor: { role: Role; unitPath: string },
  serverNow: string,
  config: LoopConfig = DEFAULT_LOOP_CONFIG,
): string | null {
  const now = new Date(serverNow);
  const result = applyCommand(
    state,
    { command, payload } as Parameters<typeof applyCommand>[1],
    actor,
    Number.isNaN(now.getTime()) ? new Date() : now,
    config,
  );
  return !result.ok && result.code === 'guard_failed' ? result.reason : null;
}
