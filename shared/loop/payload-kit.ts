import { z } from 'zod';
import type { LoopContext } from './define';

/** Free text that must be filled in (trimmed). Messages complete the field label. */
export function requiredText(max: number) {
  return z.string({ error: '必须是文字' }).trim().min(1, '不能为空').max(max, `不能超过${max}个字`);
}

/** Free text that may be left empty; absent becomes ''. */
export function optionalText(max: number) {
  return z.string({ error: '必须是文字' }).trim().max(max, `不能超过${max}个字`).default('');
}

/** Client-generated record ids (UUIDs in practice); kept loose so imports from other systems fit. */
export const recordIdSchema = z.string({ error: '必须是文字' }).trim().min(1, '不能为空').max(64, '过长');

/** A refusal when `date` lies after today, naming the field. */
export function afterToday(date: string, label: string, ctx: LoopContext): string | null {
  return date > ctx.today ? `${label}（${date}）不能晚于今天（${ctx.today}）` : null;
}

/** The first refusal of a list of rule results. */
export function firstRefusal(...results: (string | null)[]): string | null {
  return results.find((result) => result !== null) ?? null;
}
