import { newId } from '../../shared/sync/ids';
import type { Db } from '../db/database';
import { appendAudit } from '../audit/audit';
import { isWithinScope } from '../../shared/org';
import { RECORD_TYPES, validateDraft, type RecordType } from '../../shared/domain/records';
import { canonicalJson, type JsonObject, type JsonValue } from '../../shared/sync/canonical-json';
import type { FieldConflict } from '../../shared/sync/merge';
import { DELETED_FIELD, type ConflictData } from '../../shared/sync/protocol';
import { WRITE_ROLES, type SyncActor } from './actor';
import { reject } from './rejection';
import { stmt } from './statements';
import { getRecord, writeRecord, type StoredRecord } from './store';

/**
 * Conflicts (同步冲突): stored in `sync_conflicts` for office queries and mirrored as records of type
 * `conflict` so that tablets and the county pull them like everything else.
 */

interface ConflictRow {
  id: string;
  record_type: string;
  record_id: string;
  household_id: string | null;
  unit_id: string;
  unit_path: string;
  field: string;
  base_value: string;
  server_value: string;
  client_value: string;
  client_user_id: string;
  client_user_name: string;
  device_id: string | null;
  change_id: string | null;
  created_at: string;
  status: 'open' | 'resolved';
  resolution: string | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolved_at: string | null;
}

const parse = (text: string): JsonValue => JSON.parse(text) as JsonValue;

function conflictData(row: ConflictRow): ConflictData {
  const data: ConflictData = {
    recordType: row.record_type,
    recordId: row.record_id,
    householdId: row.household_id,
    field: row.field,
    baseValue: parse(row.base_value),
    serverValue: parse(row.server_value),
    clientValue: parse(row.client_value),
    clientUserId: row.client_user_id,
    clientUserName: row.client_user_name,
    deviceId: row.device_id,
    changeId: row.change_id,
    createdAt: row.created_at,
    status: row.status,
  };
  if (row.status === 'resolved' && row.resolution !== null) {
    data.resolution = parse(row.resolution);
    if (row.resolved_by) data.resolvedBy = row.resolved_by;
    if (row.resolved_by_name) data.resolvedByName = row.resolved_by_name;
    if (row.resolved_at) data.resolvedAt = row.resolved_at;
  }
  return data;
}

function getConflictRow(db: Db, id: string): ConflictRow | null {
  return (stmt(db, 'SELECT * FROM sync_conflicts WHERE id = ?').get(id) as ConflictRow | undefined) ?? null;
}

/** Writes the pulled mirror of a conflict row (a new rev each time the conflict changes). */
function mirror(db: Db, row: ConflictRow, userId: string | null): StoredRecord {
  return writeRecord(db, {
    id: row.id,
    type: 'conflict',
    unitId: row.unit_id,
    householdId: row.household_id,
    data: conflictData(row) as unknown as JsonObject,
    deleted: false,
    userId,
    deviceId: null,
  });
}

export interface OpenConflictInput {
  record: StoredRecord;
  conflict: FieldConflict;
  actor: SyncActor;
  deviceId: string | null;
  changeId: string | null;
}

/**
 * Stores a conflict and returns its id. An open conflict on the same field with the same server and client
 * values is reused, so a tablet re-sending the same edit under a new change id does not multiply them.
 */
export function openConflict(db: Db, input: OpenConflictInput): string {
  const { record, conflict, actor } = input;
  const serverValue = canonicalJson(conflict.serverValue);
  const clientValue = canonicalJson(conflict.clientValue);
  const existing = stmt(
    db,
    `SELECT id FROM sync_conflicts WHERE record_id = ? AND field = ? AND status = 'open'
        AND server_value = ? AND client_value = ?`,
  ).get(record.id, conflict.field, serverValue, clientValue) as { id: string } | undefined;
  if (existing) return existing.id;
  const row: ConflictRow = {
    id: newId(),
    record_type: record.type,
    record_id: record.id,
    household_id: record.householdId,
    unit_id: record.unitId,
    unit_path: record.unitPath,
    field: conflict.field,
    base_value: canonicalJson(conflict.baseValue),
    server_value: serverValue,
    client_value: clientValue,
    client_user_id: actor.id,
    client_user_name: actor.displayName,
    device_id: input.deviceId,
    change_id: input.changeId,
    created_at: new Date().toISOString(),
    status: 'open',
    resolution: null,
    resolved_by: null,
    resolved_by_name: null,
    resolved_at: null,
  };
  stmt(
    db,
    `INSERT INTO sync_conflicts (id, record_type, record_id, household_id, unit_id, unit_path, field, base_value,
       server_value, client_value, client_user_id, client_user_name, device_id, change_id, created_at, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
  ).run(
    row.id,
    row.record_type,
    row.record_id,
    row.household_id,
    row.unit_id,
    row.unit_path,
    row.field,
    row.base_value,
    row.server_value,
    row.client_value,
    row.client_user_id,
    row.client_user_name,
    row.device_id,
    row.change_id,
    row.created_at,
  );
  mirror(db, row, actor.id);
  appendAudit(db, {
    userId: actor.id,
    role: actor.role,
    unitId: actor.unitId,
    action: 'sync.conflict_open',
    entityType: record.type,
    entityId: record.id,
    caseId: record.householdId,
    detail: {
      conflictId: row.id,
      field: conflict.field,
      base: conflict.baseValue,
      server: conflict.serverValue,
      client: conflict.clientValue,
      deviceId: input.deviceId,
      changeId: input.changeId,
    },
  });
  return row.id;
}

export interface ResolveInput {
  conflictId: string;
  value: JsonValue;
  actor: SyncActor;
  deviceId: string | null;
  changeId: string | null;
}

export interface ResolveOutcome {
  conflict: StoredRecord;
  record: StoredRecord;
}

/**
 * A person's decision: writes the chosen value to the field (a normal write with a new rev and an audit
 * entry) and resolves this and every other open conflict on the same field. Call inside a transaction.
 */
export function resolveConflict(db: Db, input: ResolveInput): ResolveOutcome {
  const { actor, value } = input;
  const row = getConflictRow(db, input.conflictId);
  if (!row) reject('unknown_conflict');
  if (!WRITE_ROLES.includes(actor.role)) reject('role_not_allowed');
  if (!isWithinScope(row.unit_path, actor.unitPath)) reject('out_of_scope');
  if (row.status === 'resolved') {
    reject('conflict_already_resolved', {
      resolution: row.resolution === null ? null : parse(row.resolution),
    });
  }
  const record = getRecord(db, row.record_id);
  if (!record) reject('record_not_found');

  let data = record.data;
  let deleted = record.deleted;
  let before: JsonValue;
  if (row.field === DELETED_FIELD) {
    if (typeof value !== 'boolean') reject('invalid_data', [{ path: '', message: '请选择删除或保留' }]);
    before = record.deleted;
    deleted = value;
  } else {
    before = record.data[row.field] ?? null;
    data = { ...record.data, [row.field]: value };
    if ((RECORD_TYPES as readonly string[]).includes(record.type)) {
      const verdict = validateDraft(record.type as RecordType, data);
      if (!verdict.ok) reject('invalid_data', verdict.issues);
    }
  }

  const changed = deleted !== record.deleted || canonicalJson(before) !== canonicalJson(value);
  const written = changed
    ? writeRecord(db, {
        id: record.id,
        type: record.type,
        unitId: record.unitId,
        householdId: record.householdId,
        data,
        deleted,
        userId: actor.id,
        deviceId: input.deviceId,
      })
    : record;

  const now = new Date().toISOString();
  const resolution = canonicalJson(value);
  const siblings = stmt(
    db,
    `SELECT * FROM sync_conflicts WHERE record_id = ? AND field = ? AND status = 'open' ORDER BY created_at`,
  ).all(row.record_id, row.field) as ConflictRow[];
  let mirrored: StoredRecord | null = null;
  for (const sibling of siblings) {
    stmt(
      db,
      `UPDATE sync_conflicts SET status = 'resolved', resolution = ?, resolved_by = ?, resolved_by_name = ?,
         resolved_at = ? WHERE id = ?`,
    ).run(resolution, actor.id, actor.displayName, now, sibling.id);
    const updated = getConflictRow(db, sibling.id);
    if (!updated) continue;
    const stored = mirror(db, updated, actor.id);
    if (sibling.id === row.id) mirrored = stored;
  }
  appendAudit(db, {
    userId: actor.id,
    role: actor.role,
    unitId: actor.unitId,
    action: 'sync.conflict_resolve',
    entityType: record.type,
    entityId: record.id,
    caseId: record.householdId,
    detail: {
      conflictId: row.id,
      resolvedTogether: siblings.map((s) => s.id).filter((id) => id !== row.id),
      field: row.field,
      from: before,
      to: value,
      rev: written.rev,
      deviceId: input.deviceId,
      changeId: input.changeId,
    },
  });
  return { conflict: mirrored ?? mustGet(db, row.id), record: written };
}

function mustGet(db: Db, id: string): StoredRecord {
  const record = getRecord(db, id);
  if (!record) reject('unknown_conflict');
  return record;
}

export interface ConflictListFilter {
  scopePath: string;
  status: 'open' | 'resolved' | 'all';
  householdId?: string;
}

/** Conflict records within a scope, newest first (for the county's case page and lists). */
export function listConflicts(db: Db, filter: ConflictListFilter): StoredRecord[] {
  const clauses = ['(unit_path = ? OR (unit_path >= ? AND unit_path < ?))'];
  const params: string[] = [filter.scopePath, `${filter.scopePath}/`, `${filter.scopePath}0`];
  if (filter.status !== 'all') {
    clauses.push('status = ?');
    params.push(filter.status);
  }
  if (filter.householdId) {
    clauses.push('household_id = ?');
    params.push(filter.householdId);
  }
  const ids = db
    .prepare(
      `SELECT id FROM sync_conflicts WHERE ${clauses.join(' AND ')} ORDER BY created_at DESC LIMIT 500`,
    )
    .all(...params) as { id: string }[];
  return ids.flatMap(({ id }) => {
    const record = getRecord(db, id);
    return record ? [record] : [];
  });
}
