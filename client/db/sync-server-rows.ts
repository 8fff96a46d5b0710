import { RECORD_TYPES, type RecordType } from '../../shared/domain/records';
import { DUPLICATE_FINDING_TYPE } from '../../shared/identity/records';
import { MONITORING_ENTRY_TYPE } from '../../shared/monitoring/records';
import { conflictDataSchema, type SyncedRecord } from '../../shared/sync/protocol';
import { db } from './database';
import { storeRoundCalendars } from './round-calendars';
import { storeCountySettings } from './county-settings';
import type { ConflictRow, ServerRow } from './types';

/**
 * Records only the server writes (`SERVER_RECORD_TYPES`): conflicts to resolve, reviewers' comments,
 * the case's history, duplicate findings (one person, one file) and monitoring register entries. The tablet keeps the server's data
 * as it came; a tombstone removes the row.
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

const SERVER_ROW_TABLES = {
  comment: 'comments',
  caseEvent: 'caseEvents',
  [DUPLICATE_FINDING_TYPE]: 'duplicateFindings',
  [MONITORING_ENTRY_TYPE]: 'monitoringEntries',
} as const;
type ServerRowType = keyof typeof SERVER_ROW_TABLES;

function isServerRowType(type: string): type is ServerRowType {
  return Object.hasOwn(SERVER_ROW_TABLES, type);
}

/** Stores pulled (or pushed-back) server records; types this build does not know are ignored. */
export async function storeServerRecords(records: readonly SyncedRecord[]): Promise<void> {
  const conflicts: ConflictRow[] = [];
  const goneConflicts: string[] = [];
  const rows = new Map<ServerRowType, { put: ServerRow[]; gone: string[] }>();
  for (const record of records) {
    if (record.type === 'conflict') {
      if (record.deleted) goneConflicts.push(record.id);
      else {
        const row = toConflictRow(record);
        if (row) conflicts.push(row);
      }
      continue;
    }
    if (!isServerRowType(record.type)) continue;
    let group = rows.get(record.type);
    if (!group) rows.set(record.type, (group = { put: [], gone: [] }));
    if (record.deleted) group.gone.push(record.id);
    else group.put.push(toServerRow(record));
  }
  const writes: Promise<unknown>[] = [];
  if (conflicts.length > 0) writes.push(db.conflicts.bulkPut(conflicts));
  if (goneConflicts.length > 0) writes.push(db.conflicts.bulkDelete(goneConflicts));
  for (const [type, group] of rows) {
    const table = db[SERVER_ROW_TABLES[type]];
    if (group.put.length > 0) writes.push(table.bulkPut(group.put));
    if (group.gone.length > 0) writes.push(table.bulkDelete(group.gone));
  }
  writes.push(storeRoundCalendars(records));
  writes.push(storeCountySettings(records));
  await Promise.all(writes);
}
