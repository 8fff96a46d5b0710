import { jsonEqual, type JsonObject, type JsonValue } from './canonical-json';
import { DELETED_FIELD } from './protocol';

/**
 * The server's per-field three-way merge, pure so that it can be property-tested and so that a client can
 * predict the outcome. The server state is what is stored now; each field change says what the tablet
 * saw (`from`) and what it wants (`to`). Order is the server's: nothing here looks at clocks.
 */

export interface FieldEdit {
  from: JsonValue;
  to: JsonValue;
}

/** The stored record, or null when the server has never seen this id. */
export interface StoredState {
  data: Readonly<JsonObject>;
  deleted: boolean;
}

export interface FieldConflict {
  field: string;
  baseValue: JsonValue;
  serverValue: JsonValue;
  clientValue: JsonValue;
}

export type FieldVerdict = 'take' | 'same' | 'conflict';

/** One field: still what the tablet saw → take the new value; already the new value → nothing; else conflict. */
export function mergeField(serverValue: JsonValue | undefined, edit: FieldEdit): FieldVerdict {
  if (jsonEqual(serverValue, edit.to)) return 'same';
  if (jsonEqual(serverValue, edit.from)) return 'take';
  return 'conflict';
}

export interface MergeOutcome {
  /** The record's data after the change (a new object; the input is never mutated). */
  data: JsonObject;
  /** Whether the record is a tombstone after the change. */
  deleted: boolean;
  /** True when the server did not have the record and the change creates it. */
  created: boolean;
  /** Fields whose stored value changes, with the value before and after. */
  changes: { field: string; from: JsonValue; to: JsonValue }[];
  /** Conflicts to store; the server keeps its value for each. */
  conflicts: FieldConflict[];
  /** True when the stored record changes, i.e. it needs a new rev. */
  write: boolean;
}

export type RecordOp = 'upsert' | 'delete';

export interface MergeInput {
  op: RecordOp;
  fields: Readonly<Record<string, FieldEdit>>;
  /**
   * For deletes: whether someone other than this device changed the record after the rev the tablet based
   * its delete on. The server knows this from its write log; the merge only decides what it means.
   */
  changedByOthersSinceBase: boolean;
}

function valueOf(data: Readonly<JsonObject>, field: string): JsonValue {
  return Object.hasOwn(data, field) ? (data[field] ?? null) : null;
}

function mergeFields(base: Readonly<JsonObject>, fields: Readonly<Record<string, FieldEdit>>) {
  const data: JsonObject = { ...base };
  const changes: MergeOutcome['changes'] = [];
  const conflicts: FieldConflict[] = [];
  // Sorted so the outcome never depends on the key order of the request body.
  for (const field of Object.keys(fields).sort()) {
    const edit = fields[field];
    if (!edit) continue;
    const serverValue = valueOf(base, field);
    const verdict = mergeField(serverValue, edit);
    if (verdict === 'take') {
      data[field] = edit.to;
      changes.push({ field, from: serverValue, to: edit.to });
    } else if (verdict === 'conflict') {
      conflicts.push({ field, baseValue: edit.from, serverValue, clientValue: edit.to });
    }
  }
  return { data, changes, conflicts };
}

/** Applies one record change to the stored state (see docs/sync-protocol.md, section 4.1). */
export function mergeRecordChange(stored: StoredState | null, input: MergeInput): MergeOutcome {
  if (stored === null) {
    if (input.op === 'delete') {
      return { data: {}, deleted: true, created: false, changes: [], conflicts: [], write: false };
    }
    // Nothing to conflict with: a new record takes every value it is given.
    const data: JsonObject = {};
    const changes: MergeOutcome['changes'] = [];
    for (const field of Object.keys(input.fields).sort()) {
      const edit = input.fields[field];
      if (!edit) continue;
      data[field] = edit.to;
      changes.push({ field, from: null, to: edit.to });
    }
    return { data, deleted: false, created: true, changes, conflicts: [], write: true };
  }

  if (input.op === 'delete') {
    if (stored.deleted) return unchanged(stored);
    if (input.changedByOthersSinceBase) {
      return {
        ...unchanged(stored),
        conflicts: [{ field: DELETED_FIELD, baseValue: false, serverValue: false, clientValue: true }],
      };
    }
    return {
      data: { ...stored.data },
      deleted: true,
      created: false,
      changes: [],
      conflicts: [],
      write: true,
    };
  }

  const merged = mergeFields(stored.data, input.fields);
  const conflicts = stored.deleted
    ? // Edit against delete: the edit is kept in the tombstone, a person decides whether to restore.
      [{ field: DELETED_FIELD, baseValue: false, serverValue: true, clientValue: false }, ...merged.conflicts]
    : merged.conflicts;
  return {
    data: merged.data,
    deleted: stored.deleted,
    created: false,
    changes: merged.changes,
    conflicts,
    write: merged.changes.length > 0,
  };
}

function unchanged(stored: StoredState): MergeOutcome {
  return {
    data: { ...stored.data },
    deleted: stored.deleted,
    created: false,
    changes: [],
    conflicts: [],
    write: false,
  };
}
