import type { RecordType } from '../../../shared/domain/records';
import {
  fieldLabelOf,
  fieldOptionLabels,
  formatFieldValue as formatSharedValue,
  isOpaqueId,
  recordTitle,
} from '../../../shared/format/field-value';

export { recordTitle };

/**
 * Field values in plain Chinese, as a worker reads them on a conflict or a refused change: the one shared
 * formatter (`shared/format/field-value.ts`) with the tablet's conventions — empty is "（空）", the worker
 * sees their own ID numbers in full.
 */

export const EMPTY_VALUE = '（空）';

type Labels = Readonly<Record<string | number, string>>;

/** The option labels of a field with a fixed list of choices, or null for free input. */
export function optionLabels(type: RecordType, field: string): Labels | null {
  return fieldOptionLabels(type, field);
}

/** The zh-CN name of a field, e.g. "户主姓名"; the pseudo-field of a delete conflict reads "是否删除此记录". */
export function fieldName(type: RecordType, field: string): string {
  return fieldLabelOf(type, field);
}

/** One value of `field` of a `type` record in plain Chinese. */
export function formatFieldValue(type: RecordType, field: string, value: unknown): string {
  return formatSharedValue(type, field, value, {
    empty: EMPTY_VALUE,
    reveal: true,
    deleted: ['已删除', '保留（未删除）'],
  });
}

/**
 * Whether a field is worth showing a worker in a list of changes: links to other records (a household's
 * id), unit codes and stored-file names mean nothing to a reader and are left out.
 */
export function isReadableField(field: string, value: unknown): boolean {
  if (field === 'unitId' || field === 'sha256' || /Sha$|Shas$/.test(field)) return false;
  return !isOpaqueId(value);
}
