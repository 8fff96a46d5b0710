import { householdIdOf, type RecordType } from '../../shared/domain/records';
import { DELETED_FIELD } from '../../shared/sync/protocol';
import { setDerivedKeys } from './identity-keys';
import type { LocalRecord, OutboxRow, RecordData } from './types';

/**
 * The rebase rule, pure: a record's local copy is the server's version with the changes still in the
 * outbox (waiting, being sent, or refused) laid on top in the order they were made. Fields nobody touched
 * locally take the server's value; a field with a local edit keeps what the user typed until the server
 * has answered that edit. Refused changes stay on top too, so a refusal never erases what was typed.
 */
export function rebaseData(server: RecordData, rows: readonly OutboxRow[]): RecordData {
  const data: RecordData = { ...server };
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    if (row.kind === 'record' && row.op === 'upsert') {
      for (const [field, change] of Object.entries(row.fields)) data[field] = change.to ?? null;
    } else if (row.kind === 'resolveConflict' && row.state !== 'rejected' && row.field !== DELETED_FIELD) {
      // A refused decision (someone else decided first) is not laid over the server's value.
      data[row.field] = row.value ?? null;
    }
  }
  return data;
}

/**
 * Whether the local copy reads as deleted: a local delete (or a decision to delete) still waiting wins;
 * otherwise the server's tombstone counts only when no local edit is waiting — an edit made on this tablet
 * stays visible until the server has turned it into an edit-against-delete conflict.
 */
export function rebasedDeleted(serverDeleted: boolean, rows: readonly OutboxRow[]): boolean {
  let deleted: boolean | null = null;
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    if (row.kind === 'record') deleted = row.op === 'delete';
    else if (row.kind === 'resolveConflict' && row.state !== 'rejected' && row.field === DELETED_FIELD) {
      deleted = row.value === true;
    }
  }
  return deleted ?? serverDeleted;
}

/** What a server version of a record means for its local copy. */
export type RebaseAction =
  | { kind: 'put'; row: LocalRecord }
  | { kind: 'delete' }
  /** Leave the local copy alone (it is newer, or holds edits a tombstone must not erase). */
  | { kind: 'keep' };

/** A record's version as the server hands it out (pull pages and push results). */
export interface ServerVersion {
  id: string;
  unitId: string;
  rev: number;
  deleted: boolean;
  data: RecordData;
  updatedAt: string;
}

/**
 * The local copy of `type` after the server's version `server`, given the outbox rows still held for that
 * record (any state); `derived` as for `setDerivedKeys`. A tombstone removes the local copy unless something of this tablet about the record
 * is still waiting: then the copy stays as it is, and pushing that edit makes the server store an
 * edit-against-delete conflict for a person to decide.
 */
export function rebaseRecord(
  type: RecordType,
  server: ServerVersion,
  local: LocalRecord | undefined,
  rows: readonly OutboxRow[],
  derived: { searchTokens: boolean } = { searchTokens: true },
): RebaseAction {
  if (local && local.rev !== null && local.rev > server.rev) return { kind: 'keep' };
  const ownEdits = rows.some((row) => row.kind !== 'command');
  if (server.deleted) return ownEdits ? { kind: 'keep' } : { kind: 'delete' };
  const data = rebaseData(server.data, rows);
  const row: LocalRecord = {
    id: server.id,
    rev: server.rev,
    unitId: server.unitId,
    householdId:
      type === 'household'
        ? (local?.householdId ?? null)
        : (householdIdOf(type, data) ?? local?.householdId ?? null),
    deleted: rebasedDeleted(false, rows) ? 1 : 0,
    data,
    // Lists order by the last change; a copy with local work keeps the time of that work.
    updatedAt: rows.length > 0 && local ? local.updatedAt : server.updatedAt,
    pending: rows.length > 0 ? 1 : 0,
  };
  setDerivedKeys(type, row, derived);
  return { kind: 'put', row };
}
