import {
  CLIENT_RECORD_TYPES,
  RECORD_DEFINITIONS,
  validateDraft,
  type RecordType,
} from '../../shared/domain/records';
import { db, recordTable } from './database';
import type { LocalRecord, OutboxRow, RecordData } from './types';

/**
 * Changes held on the tablet (待修正): a change the server's record check would refuse is not sent. The
 * server refuses a record change whose merged data is not a valid draft (`validateDraft`, shared, called
 * by `checkData` in sync-server/sync/record-change.ts); the tablet runs that same function on the record as
 * it stands here when it builds a push batch or a bundle file, and keeps the change as 'held' with the
 * reason instead. A held change stays mergeable: the worker's fix lands in it, and the next sync checks it
 * again and sends it, with no step of its own. Changes that depend on a held household (its members,
 * visits, photos and case steps) wait with it, so the server never sees them before the household.
 */

export interface Hold {
  /** Why, in Chinese, naming the field. */
  reason: string;
  /** The first field the check named (for the link to it), when the record itself is at fault. */
  field?: string;
}

/** At most this many of the check's messages go into a reason. */
const MAX_MESSAGES = 3;

/** Changes that wait on a held household say so (the household's own change says why). */
export const WAITS_FOR_HOUSEHOLD = '等待本户的待修正项修正后一起同步';

/**
 * States whose rows the check looks at: not yet sent. A row being sent must go as it is: callers leave out
 * the pending rows under the sent-through watermark (client/db/outbox.ts `isInflight`) before asking.
 */
export function isCheckable(row: OutboxRow): boolean {
  return row.state === 'pending' || row.state === 'held';
}

function isClientType(type: RecordType): boolean {
  return CLIENT_RECORD_TYPES.includes(type);
}

/**
 * The fields the record type has: a newer server may hand out fields this app does not know yet, which the
 * server checks itself; they must not hold the tablet's changes for ever.
 */
function knownData(type: RecordType, data: RecordData): RecordData {
  const known: Readonly<Record<string, unknown>> = RECORD_DEFINITIONS[type].fields;
  return Object.fromEntries(Object.entries(data).filter(([key]) => Object.hasOwn(known, key)));
}

/**
 * Why the server would refuse a record with this data (the shared draft check), or null. Pure.
 * `today` defaults to today in China, as on the server.
 */
export function recordHold(type: RecordType, data: RecordData, today?: string): Hold | null {
  if (!isClientType(type)) return null;
  const verdict = validateDraft(type, knownData(type, data), today ? { today } : undefined);
  if (verdict.ok) return null;
  const messages = [...new Set(verdict.issues.map((issue) => issue.message))];
  const more = messages.length > MAX_MESSAGES ? `等 ${messages.length} 项` : '';
  const field = verdict.issues[0]?.path.split('.')[0];
  return {
    reason: `${messages.slice(0, MAX_MESSAGES).join('；')}${more}`,
    ...(field ? { field } : {}),
  };
}

/** The household a row belongs to (the case of a command, the household of a member/visit/photo). */
function householdOfRow(row: OutboxRow, record: LocalRecord | undefined): string | null {
  if (row.kind === 'command') return row.recordId;
  if (row.type === 'household') return row.recordId;
  return record?.householdId ?? null;
}

/**
 * The verdict for one row, given the records of the rows (by record id) and the households already held
 * in this pass (`heldHouseholds`, updated here: a held household change holds what follows it).
 */
export function holdOf(
  row: OutboxRow,
  records: ReadonlyMap<string, LocalRecord>,
  heldHouseholds: Set<string>,
  today?: string,
): Hold | null {
  if (!isCheckable(row) || row.kind === 'resolveConflict') return null;
  const record = row.kind === 'record' ? records.get(row.recordId) : undefined;
  if (row.kind === 'record' && row.op === 'upsert' && record && record.deleted === 0) {
    const own = recordHold(row.type, record.data, today);
    if (own) {
      if (row.type === 'household') heldHouseholds.add(row.recordId);
      return own;
    }
  }
  const household = householdOfRow(row, record);
  if (household && heldHouseholds.has(household) && !(row.kind === 'record' && row.type === 'household')) {
    return { reason: WAITS_FOR_HOUSEHOLD };
  }
  return null;
}

/** The local records of the record rows among `rows` that the check looks at, by id (one read per type). */
export async function recordsOfRows(rows: readonly OutboxRow[]): Promise<Map<string, LocalRecord>> {
  const idsByType = new Map<RecordType, Set<string>>();
  for (const row of rows) {
    if (row.kind !== 'record' || !isCheckable(row) || !isClientType(row.type)) continue;
    const ids = idsByType.get(row.type) ?? new Set<string>();
    ids.add(row.recordId);
    idsByType.set(row.type, ids);
  }
  const records = new Map<string, LocalRecord>();
  await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      for (const record of await recordTable(type).bulkGet([...ids])) {
        if (record) records.set(record.id, record);
      }
    }),
  );
  return records;
}

/**
 * Households whose own change was held among the rows up to `uptoSeq` (already checked in this pass): what
 * follows them waits. Held rows are few, read through the state index.
 */
export async function heldHouseholdsUpTo(uptoSeq: number): Promise<Set<string>> {
  const rows = await db.outbox.where('state').equals('held').toArray();
  return new Set(
    rows
      .filter((row) => row.seq <= uptoSeq && row.kind === 'record' && row.type === 'household')
      .map((row) => row.recordId),
  );
}

/** A row with a hold's verdict written on it, or cleared of one (the row goes on). */
export function withHold(row: OutboxRow, hold: Hold | null): OutboxRow {
  const next: OutboxRow = { ...row };
  delete next.error;
  delete next.errorField;
  if (!hold) return row.state === 'held' ? { ...next, state: 'pending' } : next;
  return { ...next, state: 'held', error: hold.reason, ...(hold.field ? { errorField: hold.field } : {}) };
}
