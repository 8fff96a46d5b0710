import type { RecordType } from '../../shared/domain/records';
import type { ChangeResult } from '../../shared/sync/changes';
import type { ConflictData, SyncedRecord } from '../../shared/sync/protocol';
import { db, recordTable } from './database';
import { ALL_RECORD_TABLES, assertOwner, rebaseBatch } from './sync-apply';
import type { ConflictRow, OutboxRow, RecordChange } from './types';

/**
 * The sync engine's side of IndexedDB for pushing: take the next batch of the outbox, and fold the
 * server's answers back in (client/sync/push.ts drives it). Pulled pages are applied in sync-pull.ts.
 */

export interface BatchLimits {
  maxCount: number;
  /** Bytes of the encoded changes together (the request envelope is the caller's margin). */
  maxBytes: number;
}

/** A row as it will be sent (the wire change and its encoded size), or why it can never be sent. */
export type EncodedRow<C> = { ok: true; change: C; bytes: number } | { ok: false; reason: string };

export interface TakenBatch<C> {
  /** The rows of the batch, now 'inflight', in seq order. */
  rows: OutboxRow[];
  changes: C[];
  bytes: number;
  /** Where the next batch starts reading (rows at or below it were taken, skipped or refused). */
  lastSeq: number;
  /** Rows refused on the tablet because they can never be sent (kept as 'rejected' with the reason). */
  refused: number;
}

const READ_CHUNK = 100;

/**
 * Reads the next batch after `afterSeq` in seq order, bounded by count and bytes, and marks it
 * 'inflight' in the same transaction, so an edit saved meanwhile starts a new row instead of changing
 * what is being sent. Rows already 'inflight' (a send that was cut) go again unchanged, under the same
 * change id, which makes the retry idempotent. Only one chunk of rows is in memory at a time.
 */
export async function takeBatch<C>(
  afterSeq: number,
  limits: BatchLimits,
  encode: (row: OutboxRow) => EncodedRow<C>,
): Promise<TakenBatch<C>> {
  return db.transaction('rw', db.outbox, async () => {
    const rows: OutboxRow[] = [];
    const changes: C[] = [];
    let bytes = 0;
    let lastSeq = afterSeq;
    let refused = 0;
    let cursor = afterSeq;
    let full = false;
    while (!full) {
      const chunk = await db.outbox.where('seq').above(cursor).limit(READ_CHUNK).toArray();
      if (chunk.length === 0) break;
      for (const row of chunk) {
        cursor = row.seq;
        if (row.state === 'rejected') {
          lastSeq = row.seq;
          continue;
        }
        const encoded = encode(row);
        if (!encoded.ok) {
          await db.outbox.put({ ...row, state: 'rejected', error: encoded.reason });
          refused++;
          lastSeq = row.seq;
          continue;
        }
        if (rows.length >= limits.maxCount || (rows.length > 0 && bytes + encoded.bytes > limits.maxBytes)) {
          full = true;
          break;
        }
        rows.push(row.state === 'inflight' ? row : { ...row, state: 'inflight' });
        changes.push(encoded.change);
        bytes += encoded.bytes;
        lastSeq = row.seq;
      }
    }
    if (rows.length > 0) await db.outbox.bulkPut(rows);
    return { rows, changes, bytes, lastSeq, refused };
  });
}

/** Changes that will be sent (waiting or being sent); refused ones wait for a person. */
export async function countSendable(): Promise<number> {
  return db.outbox.where('state').anyOf('pending', 'inflight').count();
}

/** Who pushed, for the local copy of a conflict until the server's own conflict record is pulled. */
export interface PushAuthor {
  userId: string;
  userName: string;
  deviceId: string;
}

export interface PushOutcome {
  acknowledged: number;
  conflicts: number;
  rejected: number;
  /** Rows without a final answer (no result, or a server error that is not stored): sent again next run. */
  retryLater: number;
}

async function householdOf(row: RecordChange, server: SyncedRecord | undefined): Promise<string | null> {
  if (row.type === 'household') return row.recordId;
  const fromServer = server?.data.householdId;
  if (typeof fromServer === 'string') return fromServer;
  return (await recordTable(row.type).get(row.recordId))?.householdId ?? null;
}

async function storeConflicts(row: RecordChange, result: ChangeResult, author: PushAuthor): Promise<void> {
  const householdId = await householdOf(row, result.record);
  const now = new Date().toISOString();
  for (const conflict of result.conflicts ?? []) {
    // The pulled conflict record (with the server's times and names) replaces this one later.
    if (await db.conflicts.get(conflict.conflictId)) continue;
    const data: ConflictData = {
      recordType: row.type,
      recordId: row.recordId,
      householdId,
      field: conflict.field,
      baseValue: conflict.baseValue,
      serverValue: conflict.serverValue,
      clientValue: conflict.clientValue,
      clientUserId: author.userId,
      clientUserName: author.userName,
      deviceId: author.deviceId,
      changeId: row.changeId,
      createdAt: now,
      status: 'open',
    };
    const local: ConflictRow = {
      id: conflict.conflictId,
      type: row.type,
      recordId: row.recordId,
      householdId,
      unitId: row.unitId ?? result.record?.unitId ?? '',
      data,
      createdAt: now,
    };
    await db.conflicts.put(local);
  }
}

function localTypeOf(row: OutboxRow): RecordType {
  // A command's record is the case, i.e. the household.
  return row.kind === 'command' ? 'household' : row.type;
}

/**
 * Folds the server's answers to a batch back in, in one transaction: acknowledged rows leave the outbox
 * and their records are rebased on the server's version; conflicts are stored locally (the server kept
 * its value); refusals stay visible with their reason and are never retried blindly; rows without a
 * final answer stay 'inflight' to be sent again, unchanged.
 */
export async function applyPushResults(
  sent: readonly OutboxRow[],
  results: readonly ChangeResult[],
  author: PushAuthor,
): Promise<PushOutcome> {
  const tables = [db.meta, db.outbox, db.conflicts, db.comments, db.caseEvents, ...ALL_RECORD_TABLES];
  return db.transaction('rw', tables, async () => {
    await assertOwner(author.userId);
    const byChangeId = new Map(results.map((result) => [result.changeId, result]));
    const latest = new Map<string, SyncedRecord>();
    const touched = new Map<string, RecordType>();
    const outcome: PushOutcome = { acknowledged: 0, conflicts: 0, rejected: 0, retryLater: 0 };
    const currentRows = await db.outbox.bulkGet(sent.map((row) => row.seq));
    const answered: number[] = [];
    const refused: OutboxRow[] = [];
    for (const [index, row] of sent.entries()) {
      touched.set(row.recordId, localTypeOf(row));
      const current = currentRows[index];
      if (!current || current.changeId !== row.changeId) continue;
      const result = byChangeId.get(row.changeId);
      if (!result || (result.status === 'rejected' && result.error?.code === 'internal_error')) {
        outcome.retryLater++;
        continue;
      }
      if (result.record) latest.set(result.record.id, result.record);
      if (result.status === 'rejected') {
        refused.push({ ...current, state: 'rejected', error: result.error?.message ?? '服务器拒绝了此修改' });
        outcome.rejected++;
        continue;
      }
      if (result.status === 'conflict' && current.kind === 'record') {
        await storeConflicts(current, result, author);
        outcome.conflicts++;
      }
      answered.push(row.seq);
      outcome.acknowledged++;
    }
    if (answered.length > 0) await db.outbox.bulkDelete(answered);
    if (refused.length > 0) await db.outbox.bulkPut(refused);
    for (const id of latest.keys()) touched.delete(id);
    await rebaseBatch([...latest.values()], touched, { skipSameRev: false, refreshBaseRev: true });
    return outcome;
  });
}

export interface OutboxCounts {
  /** Changes that will be sent (waiting or being sent). */
  waiting: number;
  /** Changes the server refused, waiting for a person. */
  rejected: number;
}

export async function outboxCounts(): Promise<OutboxCounts> {
  const [waiting, rejected] = await Promise.all([
    countSendable(),
    db.outbox.where('state').equals('rejected').count(),
  ]);
  return { waiting, rejected };
}
