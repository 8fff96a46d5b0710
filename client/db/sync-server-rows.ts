import { RECORD_TYPES, type RecordType } from '../../shared/domain/records';
import { conflictDataSchema, type SyncedRecord } from '../../shared/sync/protocol';
import { db } from './database';
import type { ConflictRow, ServerRow } from './types';

/**
 * Records only the server writes (`SERVER_RECORD_TYPES`): conflicts to resolve, reviewers' comments and
 * the case's history. The tablet keeps the server's data as it came; a tombstone removes the row.
 */

function isRecordType(type: string): type is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(type);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function toConflictRow(record: SyncedRecord): ConflictRow | null {
  const parsed = conflictDataSchema.safeParse(record.data);
  if (!parsed.success || !isRecordType(parsed.data.recordType)) return null;
  return {
    id: record.id,
    type: parsed.data.recordType,
    recordId: parsed.data.recordId,
    householdId: parsed.data.householdId,
    unitId: record.unitId,
    // The server's data as sent (a newer server may add keys this build does not know).
    data: record.data,
    createdAt: parsed.data.createdAt,
  };
}

function toServerRow(record: SyncedRecord): ServerRow {
  return {
    id: record.id,
    householdId: text(record.data.householdId),
    unitId: record.unitId,
    data: record.data,
    createdAt: text(record.data.createdAt) ?? text(record.data.at) ?? record.updatedAt,
  };
}

/** Stores pulled (or pushed-back) server records; types this build does not know are ignored. */
export async function storeServerRecords(records: readonly SyncedRecord[]): Promise<void> {
  const conflicts: ConflictRow[] = [];
  const comments: ServerRow[] = [];
  const caseEvents: ServerRow[] = [];
  const gone = { conflict: [] as string[], comment: [] as string[], caseEvent: [] as string[] };
  for (const record of records) {
    if (record.type !== 'conflict' && record.type !== 'comment' && record.type !== 'caseEvent') continue;
    if (record.deleted) {
      gone[record.type].push(record.id);
      continue;
    }
    if (record.type === 'conflict') {
      const row = toConflictRow(record);
      if (row) conflicts.push(row);
    } else if (record.type === 'comment') comments.push(toServerRow(record));
    else caseEvents.push(toServerRow(record));
  }
  await Promise.all([
    conflicts.length > 0 ? db.conflicts.bulkPut(conflicts) : null,
    comments.length > 0 ? db.comments.bulkPut(comments) : null,
    caseEvents.length > 0 ? db.caseEvents.bulkPut(caseEvents) : null,
    gone.conflict.length > 0 ? db.conflicts.bulkDelete(gone.conflict) : null,
    gone.comment.length > 0 ? db.comments.bulkDelete(gone.comment) : null,
    gone.caseEvent.length > 0 ? db.caseEvents.bulkDelete(gone.caseEvent) : null,
  ]);
}
