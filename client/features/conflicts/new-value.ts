import { validateDraft, type RecordType } from '../../../shared/domain/records';
import { DELETED_FIELD } from '../../../shared/sync/protocol';
import { parseYuan } from '../../../shared/validation/money';
import { fieldName, optionLabels } from './value-format';

/**
 * How a person may type a third value for a conflicted field, and how that text becomes the field's value,
 * checked with the shared record schema so the server will accept it.
 */

export type ValueEditor =
  | { kind: 'none' }
  | { kind: 'text' }
  | { kind: 'number' }
  | { kind: 'yuan' }
  | { kind: 'choice'; options: { value: string; label: string }[]; numeric: boolean };

export function editorFor(type: RecordType, field: string, values: readonly unknown[]): ValueEditor {
  if (field === DELETED_FIELD) return { kind: 'none' };
  const present = values.filter((value) => value !== null && value !== undefined);
  if (present.some((value) => typeof value === 'object' || typeof value === 'boolean'))
    return { kind: 'none' };
  const labels = optionLabels(type, field);
  if (labels) {
    return {
      kind: 'choice',
      options: Object.entries(labels).map(([value, label]) => ({ value, label })),
      numeric: present.some((value) => typeof value === 'number'),
    };
  }
  if (/Fen$/.test(field)) return { kind: 'yuan' };
  if (present.some((value) => typeof value === 'number')) return { kind: 'number' };
  return { kind: 'text' };
}

export type ParsedValue = { ok: true; value: unknown } | { ok: false; message: string };

/** Turns the typed text into the field's value, or says in Chinese what is wrong with it. */
export function parseNewValue(
  type: RecordType,
  field: string,
  editor: ValueEditor,
  text: string,
): ParsedValue {
  const label = fieldName(type, field);
  const trimmed = text.trim();
  let value: unknown;
  switch (editor.kind) {
    case 'none':
      return { ok: false, message: '此项只能在两个值中选择' };
    case 'text':
      value = trimmed === '' ? null : trimmed;
      break;
    case 'number':
      if (trimmed === '') value = null;
      else if (Number.isFinite(Number(trimmed))) value = Number(trimmed);
      else return { ok: false, message: `${label}必须是数字` };
      break;
    case 'yuan': {
      if (trimmed === '') {
        value = null;
        break;
      }
      const parsed = parseYuan(trimmed);
      if (!parsed.ok) return { ok: false, message: `${label}${parsed.message}` };
      value = parsed.fen;
      break;
    }
    case 'choice':
      if (trimmed === '') value = null;
      else value = editor.numeric ? Number(trimmed) : trimmed;
      break;
  }
  const verdict = validateDraft(type, { [field]: value });
  if (!verdict.ok) {
    const issue = verdict.issues.find((item) => item.path === field || item.path.startsWith(`${field}.`));
    if (issue) return { ok: false, message: issue.message };
  }
  return { ok: true, value };
}
