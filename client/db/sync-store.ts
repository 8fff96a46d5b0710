import { householdIdOf, type RecordType } from '../../shared/domain/records';
import type { ChangeResult } from '../../shared/sync/changes';
import type { ConflictData, SyncedRecord } from '../../shared/sync/protocol';
import { ACKED_RECORD_TABLES, type AckedRow } from './acked';
import { db, RECORD_TABLES, recordTable } from './database';
import { sameValue } from './field-changes';
import { heldHouseholdsUpTo, holdOf, recordsOfRows, withHold } from './held-changes';
import { setMeta } from './meta';
import { isInflight, sentThrough, setSentThrough } from './outbox';
import { ALL_RECORD_TABLES, SYNC_WRITE_TABLES, assertOwner, rebaseBatch } from './sync-apply';
import type { ConflictRow, LocalRecord, OutboxRow, RecordChange } from './types';

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
  /** The rows of the batch, now under the sent-through watermark (being sent), in seq order. */
  rows: OutboxRow[];
  changes: C[];
  bytes: number;
  /** Where the next batch starts reading (rows at or below it were taken, skipped or refused). */
  lastSeq: number;
  /** Rows refused on the tablet because they can never be sent (kept as 'rejected' with the reason). */
  refused: number;
  /**
   * Rows held on the tablet (待修正): the shared record check says the server would refuse them, or they
   * wait for a held household (kept as 'held' with the reason, checked again by the next take).
   */
  onHold: number;
  /** The batch ended early at a row `waitFor` held back: take again once that answer is in. */
  held: boolean;
  /** Seqs of the rows this take put under the watermark (rows already under it were a cut send). */
  marked: number[];
  /** The watermark before this take: where a batch that never left puts it back (`releaseUnsent`). */
  markBefore: number;
  /** The newest seq in the outbox when the batch was taken: rows above it were saved afterwards. */
  newestSeq: number;
  /**
   * The local copies of the batch's records as the take read them (for the record check): the answer
   * compares the server's versions with them instead of reading them again (`applyPushResults`).
   */
  records: ReadonlyMap<string, LocalRecord>;
}

/** Reads 100 rows at a time: one chunk of a large outbox in memory, few requests for a whole batch. */
const READ_CHUNK = 100;

/**
 * Reads the next batch after `afterSeq` in seq order, bounded by count and bytes, and moves the
 * sent-through watermark (client/db/outbox.ts) to its last row in the same transaction, so an edit saved
 * meanwhile starts a new row instead of changing what is being sent. No row of the batch is written: one
 * meta row says what is being sent. Rows already under the watermark (a send that was cut) go again
 * unchanged, under the same change id, which makes the retry idempotent. Only one chunk of rows is in
 * memory at a time.
 *
 * `waitFor` ends the batch before the first row it returns true for (that row and everything after it
 * stay as they are): the caller takes the next batch while the previous one is still on its way, and a
 * row whose record that answer will rebase must wait for it.
 *
 * Each row not yet sent is checked with the server's own record check first (client/db/held-changes.ts):
 * a change the server would refuse is kept as 'held' with the reason, and a held row that now passes (the
 * worker fixed the field, or a pull did) goes with this batch.
 */
export async function takeBatch<C>(
  afterSeq: number,
  limits: BatchLimits,
  encode: (row: OutboxRow) => EncodedRow<C>,
  waitFor?: (row: OutboxRow) => boolean,
): Promise<TakenBatch<C>> {
  return db.transaction('rw', [db.outbox, db.meta, ...ALL_RECORD_TABLES], async () => {
    const markBefore = await sentThrough();
    const rows: OutboxRow[] = [];
    const marked: number[] = [];
    // Held rows that pass now: written back as 'pending' (few), the rest of the batch is not written.
    const released: OutboxRow[] = [];
    const changes: C[] = [];
    let bytes = 0;
    let lastSeq = afterSeq;
    let refused = 0;
    let onHold = 0;
    let held = false;
    let cursor = afterSeq;
    let full = false;
    const heldHouseholds = await heldHouseholdsUpTo(afterSeq);
    const batchRecords = new Map<string, LocalRecord>();
    while (!full) {
      const chunk = await db.outbox.where('seq').above(cursor).limit(READ_CHUNK).toArray();
      if (chunk.length === 0) break;
      const records = await recordsOfRows(chunk);
      for (const stored of chunk) {
        cursor = stored.seq;
        if (stored.state === 'rejected') {
          lastSeq = stored.seq;
          continue;
        }
        if (rows.length >= limits.maxCount || waitFor?.(stored)) {
          held = rows.length < limits.maxCount;
          full = true;
          break;
        }
        // A row being sent goes as it is: it is not checked again.
        const inflight = isInflight(stored, markBefore);
        const hold = inflight ? null : holdOf(stored, records, heldHouseholds);
        if (hold) {
          const kept = withHold(stored, hold);
          if (
            kept.state !== stored.state ||
            kept.error !== stored.error ||
            kept.errorField !== stored.errorField
          )
            await db.outbox.put(kept);
          onHold++;
          lastSeq = stored.seq;
          continue;
        }
        // A held row that passes now goes like any waiting row, without its old reason.
        const row = stored.state === 'held' ? withHold(stored, null) : stored;
        const encoded = encode(row);
        if (!encoded.ok) {
          await db.outbox.put({ ...row, state: 'rejected', error: encoded.reason });
          refused++;
          lastSeq = row.seq;
          continue;
        }
        if (rows.length > 0 && bytes + encoded.bytes > limits.maxBytes) {
          full = true;
          break;
        }
        rows.push(row);
        const record = records.get(row.recordId);
        if (record) batchRecords.set(row.recordId, record);
        if (!inflight) marked.push(row.seq);
        if (row !== stored) released.push(row);
        changes.push(encoded.change);
        bytes += encoded.bytes;
        lastSeq = row.seq;
      }
    }
    if (released.length > 0) await db.outbox.bulkPut(released);
    // Every pending row up to the batch's last one is in the batch (held and refused rows keep their own
    // state), so one watermark marks the whole batch as being sent.
    const top = marked.length > 0 ? Math.max(...marked) : markBefore;
    if (top > markBefore) await setSentThrough(top);
    const newestSeq = Number((await db.outbox.orderBy(':id').lastKey()) ?? 0);
    return {
      rows,
      changes,
      bytes,
      lastSeq,
      refused,
      onHold,
      held,
      marked,
      markBefore,
      newestSeq,
      records: batchRecords,
    };
  });
}

/**
 * A batch that was taken but never sent (the request before it failed) gives its rows back: the watermark
 * returns to where it was before the take, so they merge with later edits as if they had not been taken.
 * A row whose record got a new row since the take (an edit that could not merge into it) stays under the
 * watermark and is sent as it is (turned back, two waiting rows of one record would each carry part of
 * the edits); the rows of the batch before it stay under it too, which only means they go unmerged.
 * Nothing moves when the watermark was moved since (another take, a bundle file).
 */
export async function releaseUnsent(
  batch: Pick<TakenBatch<unknown>, 'marked' | 'markBefore' | 'newestSeq'>,
): Promise<void> {
  if (batch.marked.length === 0) return;
  await db.transaction('rw', db.outbox, db.meta, async () => {
    const mark = await sentThrough();
    if (mark !== Math.max(...batch.marked)) return;
    const added = await db.outbox.where('seq').above(batch.newestSeq).toArray();
    const edited = new Set(added.map((row) => row.recordId));
    let back = batch.markBefore;
    if (edited.size > 0) {
      for (const row of await db.outbox.bulkGet(batch.marked)) {
        if (row && edited.has(row.recordId)) back = Math.max(back, row.seq);
      }
    }
    if (back < mark) await setSentThrough(back);
  });
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

/**
 * The field a refusal names: the first segment of the first validation issue's path in the error details
 * (`[{ path: 'birthDate', message }]`, or `path: ['birthDate']`), or null when it names none.
 */
export function refusedField(details: unknown): string | null {
  if (!Array.isArray(details)) return null;
  for (const issue of details as unknown[]) {
    if (typeof issue !== 'object' || issue === null) continue;
    const path = (issue as { path?: unknown }).path;
    const first = Array.isArray(path) ? path[0] : typeof path === 'string' ? path.split('.')[0] : undefined;
    if (typeof first === 'string' && first !== '') return first;
  }
  return null;
}

function localTypeOf(row: OutboxRow): RecordType {
  // A command's record is the case, i.e. the household.
  return row.kind === 'command' ? 'household' : row.type;
}

/**
 * Every outbox row of the records `ids` as it stands now, by seq, for a batch `sent` whose answer came:
 * the rebase needs the rows other than the batch's own, and whether each of the batch's rows is still
 * there. Only the keys are looked up: a row being sent is never rewritten and a seq is never reused, so a
 * batch row still present is the row that was sent, and only the other rows (usually none) are read.
 */
async function rowsNow(sent: readonly OutboxRow[], ids: readonly string[]): Promise<Map<number, OutboxRow>> {
  const seqs = (
    await Promise.all(ids.map((id) => db.outbox.where('recordId').equals(id).primaryKeys()))
  ).flat();
  const sentBySeq = new Map(sent.map((row) => [row.seq, row]));
  const rows = new Map<number, OutboxRow>();
  const others: number[] = [];
  for (const seq of seqs) {
    const row = sentBySeq.get(seq);
    if (row) rows.set(seq, row);
    else others.push(seq);
  }
  if (others.length > 0) {
    for (const row of await db.outbox.bulkGet(others)) if (row) rows.set(row.seq, row);
  }
  return rows;
}

/**
 * Deletes the answered rows of a batch. A batch is usually one unbroken stretch of the outbox, and one
 * range delete costs a fraction of a delete per row (435 requests for a batch of visits). The range is
 * used only when it holds exactly the answered rows (counted in this transaction); otherwise, e.g. when a
 * refused row sits between them, the rows are deleted one by one.
 */
async function deleteAnswered(seqs: number[]): Promise<void> {
  if (seqs.length === 0) return;
  const first = Math.min(...seqs);
  const last = Math.max(...seqs);
  const range = db.outbox.where(':id').between(first, last, true, true);
  if ((await range.count()) === seqs.length) await range.delete();
  else await db.outbox.bulkDelete(seqs);
}

/**
 * The answered versions that change nothing of their local copy but its rev, its `pending` flag and its
 * time (client/db/acked.ts): a visit or member, not deleted on either side, with no change of it left in
 * the outbox (`waiting`), whose copy as the take read it (`known`; any edit since then made a new outbox
 * row, so it is in `waiting`) has the same data, unit and household as the server's version, and an older
 * rev. The rebase would have written exactly that row with the new rev; an `acked` row says the same.
 */
function unchangedByAnswer(
  latest: ReadonlyMap<string, SyncedRecord>,
  known: ReadonlyMap<string, LocalRecord>,
  waiting: ReadonlySet<string>,
): AckedRow['entries'] {
  const entries: AckedRow['entries'] = {};
  for (const [id, record] of latest) {
    if (record.deleted || waiting.has(id)) continue;
    const type = record.type as RecordType;
    const table: string | undefined = (RECORD_TABLES as Partial<Record<string, string>>)[type];
    if (table === undefined || !ACKED_RECORD_TABLES.includes(table)) continue;
    const local = known.get(id);
    if (!local || local.deleted !== 0 || (local.rev !== null && local.rev >= record.rev)) continue;
    if (local.unitId !== record.unitId) continue;
    if ((householdIdOf(type, record.data) ?? local.householdId ?? null) !== (local.householdId ?? null))
      continue;
    if (!sameValue(local.data, record.data)) continue;
    entries[id] = [record.rev, record.updatedAt];
  }
  return entries;
}

/**
 * Folds the server's answers to a batch back in, in one transaction: acknowledged rows leave the outbox
 * and their records are rebased on the server's version; conflicts are stored locally (the server kept
 * its value); refusals stay visible with their reason and are never retried blindly; rows without a
 * final answer stay under the watermark to be sent again, unchanged. `reportedPending`, when given, is the
 * unsynced count the request told the server, remembered in the same transaction.
 */
export async function applyPushResults(
  sent: readonly OutboxRow[],
  results: readonly ChangeResult[],
  author: PushAuthor,
  reportedPending?: number,
  known?: ReadonlyMap<string, LocalRecord>,
): Promise<PushOutcome> {
  const tables = SYNC_WRITE_TABLES;
  return db.transaction('rw', tables, async () => {
    await assertOwner(author.userId);
    const mark = await sentThrough();
    const byChangeId = new Map(results.map((result) => [result.changeId, result]));
    const latest = new Map<string, SyncedRecord>();
    const touched = new Map<string, RecordType>();
    const outcome: PushOutcome = { acknowledged: 0, conflicts: 0, rejected: 0, retryLater: 0 };
    const ids = new Set(sent.map((row) => row.recordId));
    for (const result of results) if (result.record) ids.add(result.record.id);
    const currentRows = await rowsNow(sent, [...ids]);
    const held = [...currentRows.values()];
    const answered = new Set<number>();
    const refused = new Map<number, OutboxRow>();
    for (const row of sent) {
      touched.set(row.recordId, localTypeOf(row));
      const current = currentRows.get(row.seq);
      if (!current || current.changeId !== row.changeId) continue;
      const result = byChangeId.get(row.changeId);
      if (!result || (result.status === 'rejected' && result.error?.code === 'internal_error')) {
        outcome.retryLater++;
        continue;
      }
      if (result.record) latest.set(result.record.id, result.record);
      if (result.status === 'rejected') {
        const errorField = refusedField(result.error?.details);
        refused.set(row.seq, {
          ...current,
          state: 'rejected',
          error: result.error?.message ?? '服务器拒绝了此修改',
          ...(errorField ? { errorField } : {}),
        });
        outcome.rejected++;
        continue;
      }
      if (result.status === 'conflict' && current.kind === 'record') {
        await storeConflicts(current, result, author);
        outcome.conflicts++;
      }
      answered.add(row.seq);
      outcome.acknowledged++;
    }
    await deleteAnswered([...answered]);
    if (refused.size > 0) await db.outbox.bulkPut([...refused.values()]);
    for (const id of latest.keys()) touched.delete(id);
    // The records' rows as they are now: answered ones gone, refused ones with their reason. Rows under
    // the watermark are shown to the rebase as 'inflight', so it never refreshes a row being sent.
    const left = held
      .filter((row) => !answered.has(row.seq))
      .map((row) => refused.get(row.seq) ?? row)
      .map((row) =>
        row.state === 'pending' && isInflight(row, mark) ? { ...row, state: 'inflight' as const } : row,
      );
    if (known) {
      // Records the server answered with exactly what the tablet holds: one small `acked` row each.
      const waiting = new Set(left.map((row) => row.recordId));
      const entries = unchangedByAnswer(latest, known, waiting);
      const ids = Object.keys(entries);
      if (ids.length > 0) {
        await db.acked.add({ entries });
        for (const id of ids) latest.delete(id);
      }
    }
    await rebaseBatch([...latest.values()], touched, { skipSameRev: false, refreshBaseRev: true }, left);
    if (reportedPending !== undefined) await setMeta('reportedPending', reportedPending);
    return outcome;
  });
}

/**
 * `applyPushResults` and then `takeBatch`, in one transaction: while one request is on its way, the
 * answer to the one before it is folded in and the batch after it is taken, with one transaction to
 * schedule and commit instead of two.
 */
export async function applyPushResultsAndTake<C>(
  answer: {
    sent: readonly OutboxRow[];
    results: readonly ChangeResult[];
    author: PushAuthor;
    reportedPending?: number;
    /** The batch's records as its take read them (`TakenBatch.records`). */
    known?: ReadonlyMap<string, LocalRecord>;
  },
  take: {
    afterSeq: number;
    limits: BatchLimits;
    encode: (row: OutboxRow) => EncodedRow<C>;
    waitFor?: (row: OutboxRow) => boolean;
  },
): Promise<{ outcome: PushOutcome; next: TakenBatch<C> }> {
  const tables = SYNC_WRITE_TABLES;
  return db.transaction('rw', tables, async () => {
    const outcome = await applyPushResults(
      answer.sent,
      answer.results,
      answer.author,
      answer.reportedPending,
      answer.known,
    );
    const next = await takeBatch(take.afterSeq, take.limits, take.encode, take.waitFor);
    return { outcome, next };
  });
}
