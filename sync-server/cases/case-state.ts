import { CASE_FIELDS, type CaseField } from '../../shared/domain/household';
import { caseStateSchema, entryChannelSchema, newCaseState, type CaseState } from '../../shared/loop';
import { todayInChina } from '../../shared/validation/clock';
import { canonicalJson, type JsonObject, type JsonValue } from '../../shared/sync/canonical-json';
import type { StoredRecord } from '../sync/store';

/**
 * The case state lives in the household record's flat data (`CASE_FIELDS`); `unitPath` comes from the
 * record's unit. A household a tablet created carries only the opening fields (stage, entryChannel, cycle,
 * category): the rest take the values of a freshly registered case.
 */
export function caseStateOf(household: StoredRecord): CaseState {
  const data = household.data;
  const channel = entryChannelSchema.safeParse(data.entryChannel);
  const base = newCaseState({
    // A household found on a tablet without a channel was found by a grassroots visit.
    entryChannel: channel.success ? channel.data : 'grassroots_found',
    unitPath: household.unitPath,
    enteredOn: todayInChina(new Date(household.createdAt)),
    at: household.createdAt,
  });
  const merged: Record<string, unknown> = { ...base };
  const shape = caseStateSchema.shape;
  for (const field of CASE_FIELDS) {
    const value = data[field];
    if (value === undefined || value === null) {
      // Nullable fields stay null; non-nullable ones keep the opening value.
      continue;
    }
    const parsed = shape[field].safeParse(value);
    if (parsed.success) merged[field] = parsed.data;
  }
  merged.unitPath = household.unitPath;
  const state = caseStateSchema.safeParse(merged);
  return state.success ? state.data : base;
}

/** The case fields of a state as they are stored in the household data (everything but `unitPath`). */
export function caseFieldsOf(state: CaseState): Record<CaseField, JsonValue> {
  const out = {} as Record<CaseField, JsonValue>;
  for (const field of CASE_FIELDS) {
    const value = state[field];
    out[field] = Array.isArray(value) ? [...(value as JsonValue[])] : (value as JsonValue);
  }
  return out;
}

/** Fields whose stored value differs, with old → new (absent and null are the same). */
export function changedFields(
  before: JsonObject,
  after: JsonObject,
): { field: string; from: JsonValue; to: JsonValue }[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: { field: string; from: JsonValue; to: JsonValue }[] = [];
  for (const field of keys) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (canonicalJson(from) !== canonicalJson(to)) changes.push({ field, from, to });
  }
  return changes;
}
