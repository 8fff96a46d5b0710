import {
  EMPTY_VALUE,
  fieldLabelOf,
  formatFieldValue as formatSharedValue,
  formatPlain as formatSharedPlain,
} from '../../../../shared/format/field-value';

/**
 * How the review screens write a stored value: the one shared formatter (`shared/format/field-value.ts`)
 * with the review's conventions — empty as —, ID numbers masked unless the reviewer reveals them.
 */

export { EMPTY_VALUE };

/** Any JSON value as short text, for fields with no special rule (never JSON). */
export function formatPlain(value: unknown): string {
  return formatSharedPlain(value);
}

/**
 * A field's value as the review shows it. `reveal` shows ID numbers in full (the reviewer asked to see
 * it); bank cards are always masked.
 */
export function formatFieldValue(field: string, value: unknown, options: { reveal?: boolean } = {}): string {
  return formatSharedValue(null, field, value, options);
}

/** The zh-CN label of a field of a record type; unknown fields keep their key. */
export function labelOf(type: string, field: string): string {
  if (field === '$deleted') return '记录是否删除';
  return fieldLabelOf(type, field);
}

/** `YYYY-MM-DD` of an ISO time in China (UTC+8), for compact tables. */
export function chinaDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
