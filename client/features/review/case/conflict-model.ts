import type { SyncedRecord } from '../../../../shared/sync/protocol';
import { DELETED_FIELD, conflictDataSchema, type ConflictData } from '../../../../shared/sync/protocol';
import type { JsonValue } from '../../../../shared/sync/canonical-json';
import { canonicalJson } from '../../../../shared/sync/canonical-json';
import { parseYuan } from '../../../../shared/validation/money';

/**
 * Conflicts from sync (同步冲突) as the case page offers them: the base value both tablets started from, the
 * server's value and the tablet's, each one a choice; or a value typed by the reviewer.
 */

export interface CaseConflict {
  id: string;
  data: ConflictData;
}

/** Conflict records of the case that parse, open ones first, newest first within each group. */
export function caseConflicts(records: readonly SyncedRecord[]): CaseConflict[] {
  const parsed = records.flatMap((record) => {
    if (record.deleted) return [];
    const data = conflictDataSchema.safeParse(record.data);
    return data.success ? [{ id: record.id, data: data.data }] : [];
  });
  return parsed.sort((a, b) => {
    if (a.data.status !== b.data.status) return a.data.status === 'open' ? -1 : 1;
    return b.data.createdAt.localeCompare(a.data.createdAt);
  });
}

export type ConflictSide = 'base' | 'server' | 'client';

export interface ConflictChoice {
  side: ConflictSide;
  label: string;
  value: JsonValue;
}

/** The distinct values to pick from (a side equal to another is offered once, under the first name). */
export function conflictChoices(data: ConflictData): ConflictChoice[] {
  const sides: ConflictChoice[] = [
    { side: 'server', label: '服务器现值', value: data.serverValue },
    { side: 'client', label: '平板填写值', value: data.clientValue },
    { side: 'base', label: '修改前原值', value: data.baseValue },
  ];
  const seen = new Set<string>();
  return sides.filter((choice) => {
    const key = canonicalJson(choice.value ?? null);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** How a reviewer may type a new value: as text, as yuan (fen fields), as a number, or not at all. */
export type EditKind = 'text' | 'yuan' | 'number' | null;

export function editKind(data: ConflictData): EditKind {
  if (data.field === DELETED_FIELD) return null;
  const values = [data.baseValue, data.serverValue, data.clientValue].filter(
    (v) => v !== null && v !== undefined,
  );
  if (values.length === 0) return 'text';
  if (values.every((v) => typeof v === 'string')) return 'text';
  if (values.every((v) => typeof v === 'number')) return data.field.endsWith('Fen') ? 'yuan' : 'number';
  return null;
}

export type EditedValue = { ok: true; value: JsonValue } | { ok: false; message: string };

/** The typed text as the field's value; an empty entry clears the field. */
export function parseEditedValue(kind: Exclude<EditKind, null>, text: string): EditedValue {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (kind === 'text') return { ok: true, value: trimmed };
  if (kind === 'yuan') {
    const parsed = parseYuan(trimmed);
    return parsed.ok ? { ok: true, value: parsed.fen } : { ok: false, message: `金额${parsed.message}` };
  }
  const number = Number(trimmed);
  return Number.isFinite(number) ? { ok: true, value: number } : { ok: false, message: '请输入数字' };
}
