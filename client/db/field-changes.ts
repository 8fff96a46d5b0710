import type { FieldChange, RecordData } from './types';

/** Structural equality of JSON-like field values (primitives, arrays, plain objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && sameValue(left[key], right[key]));
}

/** A field never set reads as null, so "absent" and "cleared" compare equal and travel the same way. */
export function fieldValue(data: RecordData, key: string): unknown {
  const value = data[key];
  return value === undefined ? null : value;
}

/** The per-field changes an edit makes to `before` (fields whose value stays the same are left out). */
export function diffFields(before: RecordData, patch: RecordData): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const [key, raw] of Object.entries(patch)) {
    const from = fieldValue(before, key);
    const to = raw === undefined ? null : raw;
    if (!sameValue(from, to)) changes[key] = { from, to };
  }
  return changes;
}

/**
 * Folds new changes into a queued change of the same record: a field keeps its first `from` (what the
 * server last gave us) and takes the newest `to`; a field edited back to where it started drops out.
 */
export function mergeFieldChanges(
  queued: Record<string, FieldChange>,
  next: Record<string, FieldChange>,
): Record<string, FieldChange> {
  const merged = new Map(Object.entries(queued));
  for (const [key, change] of Object.entries(next)) {
    const first = queued[key];
    const from = first ? first.from : change.from;
    if (sameValue(from, change.to)) merged.delete(key);
    else merged.set(key, { from, to: change.to });
  }
  return Object.fromEntries(merged);
}
