import type { Change, PushReply } from '../../shared/sync/changes';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import { readPendingReport } from '../db/sync-start';
import {
  applyPushResultsAndTake,
  releaseUnsent,
  takeBatch,
  type BatchLimits,
  type PushOutcome,
  type TakenBatch,
} from '../db/sync-store';
import { setMeta } from '../db/meta';
import { outboxTally } from '../db/outbox';
import type { OutboxRow } from '../db/types';
import { queueUploadsOf } from '../db/upload-queue';
import type { SyncContext } from './context';
import { pushChanges } from './transport';
import { encodeRow, PUSH_BATCH_LIMITS } from './wire';

/** What a push did: the server's answers, and the rows kept on the tablet as 待修正 (`TakenBatch.onHold`). */
export interface PushTotals extends PushOutcome {
  held: number;
}

/** A batch whose request is on its way. */
interface Sending {
  batch: TakenBatch<Change>;
  /** The unsynced count the request tells the server. */
  pendingCount: number;
  reply: Promise<PushReply>;
}

/**
 * The row must wait for the answer to `sending`: its record is in that batch (the answer rebases the
 * record and refreshes the rev its waiting changes start from), or that batch holds a command or a
 * decision, whose answer may name other records.
 */
function waitsFor(sending: Sending): (row: OutboxRow) => boolean {
  if (sending.batch.rows.some((row) => row.kind !== 'record')) return () => true;
  const ids = new Set(sending.batch.rows.map((row) => row.recordId));
  return (row) => ids.has(row.recordId);
}

/**
 * Step 2: push the outbox in seq order, one bounded batch at a time (never the whole outbox in memory).
 * A batch is put under the sent-through watermark before it leaves (one meta row, client/db/outbox.ts);
 * if the answer never comes (network cut, server killed), its rows stay under it and go again unchanged
 * next time, and the server answers them from its idempotency table. Changes saved during the run get new rows and are sent in this run or the next.
 *
 * Requests go one after another, in seq order, but the tablet's own work overlaps them: while a batch is
 * on its way, the answer to the previous one is folded in and the next batch is taken (rows of records
 * still waiting for an answer end it early, see `waitsFor`). The outbox is counted once, when the push
 * starts; the counts are then followed in memory instead of counting the outbox after every batch.
 */
export async function pushOutbox(
  ctx: SyncContext,
  limits: BatchLimits = PUSH_BATCH_LIMITS,
): Promise<PushTotals> {
  const totals: PushTotals = { acknowledged: 0, conflicts: 0, rejected: 0, retryLater: 0, held: 0 };
  const tally = await outboxTally();
  let done = 0;
  let refusedHere = 0;
  // Rows on the tablet the server has not answered, less those already sent in this run.
  let unsynced = tally.unsynced;
  const report = () => {
    // Rows saved during the run are not in the starting count: the total never drops below what is done.
    const left = Math.max(0, tally.sendable - done - refusedHere);
    ctx.report({ push: { done, total: done + left } });
  };
  report();
  if (tally.sendable === 0) return totals;
  const author = { userId: ctx.user.id, userName: ctx.user.displayName, deviceId: ctx.deviceId };

  const send = (batch: TakenBatch<Change>): Sending => {
    unsynced -= batch.rows.length;
    const pendingCount = Math.max(0, unsynced);
    const reply = pushChanges(ctx.token(), {
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      deviceId: ctx.deviceId,
      pendingCount,
      changes: batch.changes,
    });
    // Awaited later; until then a failure must not count as unhandled.
    reply.catch(() => undefined);
    return { batch, pendingCount, reply };
  };

  const encode = (row: OutboxRow) => encodeRow(row, limits.maxBytes);
  const fold = (sent: Sending, outcome: PushOutcome) => {
    totals.acknowledged += outcome.acknowledged;
    totals.conflicts += outcome.conflicts;
    totals.rejected += outcome.rejected;
    totals.retryLater += outcome.retryLater;
    // Refused rows and rows without a final answer stay in the outbox.
    unsynced += outcome.rejected + outcome.retryLater;
    done += sent.batch.rows.length;
    report();
  };

  // `next` is taken (under the watermark) but not sent; `sending` is sent, its answer not folded in yet.
  // Every taken batch queues the files its records name before it can leave: once the server has the
  // records, the outbox no longer says which photos still have to go (client/db/upload-queue.ts).
  let next = await takeBatch(0, limits, encode);
  await queueUploadsOf(next.rows);
  let sending: Sending | null = null;
  for (;;) {
    totals.rejected += next.refused;
    // Held rows (待修正, the shared record check would refuse them) stay on the tablet, as refused ones do.
    totals.held += next.onHold;
    refusedHere += next.refused + next.onHold;
    const previous = sending;
    let reply: PushReply | null = null;
    try {
      // One request at a time: the next leaves once the previous one is answered.
      reply = previous ? await previous.reply : null;
      sending = next.rows.length > 0 ? send(next) : null;
    } catch (error) {
      // Best effort: a batch left under the watermark is still safe, it is sent as it is next time.
      await releaseUnsent(next).catch(() => undefined);
      throw error;
    }
    if (!previous || !reply) {
      if (!sending) return totals;
      next = await takeBatch(next.lastSeq, limits, encode, waitsFor(sending));
      await queueUploadsOf(next.rows);
      continue;
    }
    // While `sending` is on its way: the answer to `previous` and the batch after `sending`.
    const step = await applyPushResultsAndTake(
      {
        sent: previous.batch.rows,
        results: reply.results,
        author,
        reportedPending: previous.pendingCount,
        known: previous.batch.records,
      },
      { afterSeq: next.lastSeq, limits, encode, waitFor: sending ? waitsFor(sending) : undefined },
    );
    fold(previous, step.outcome);
    if (!sending && step.next.rows.length === 0) return totals;
    next = step.next;
    await queueUploadsOf(next.rows);
  }
}

/**
 * Tells the server how many changes wait on this tablet when that differs from what it last heard (after
 * a person discarded refused changes, say), so the township's overview and the wiped-tablet check agree
 * with the tablet. An empty push costs one small round trip and only happens when the count moved.
 */
export async function reportPendingCount(ctx: SyncContext): Promise<void> {
  const { unsynced, reported } = await readPendingReport();
  if (reported === unsynced) return;
  await pushChanges(ctx.token(), {
    protocolVersion: PROTOCOL_VERSION,
    schemaVersion: SCHEMA_VERSION,
    deviceId: ctx.deviceId,
    pendingCount: unsynced,
    changes: [],
  });
  await setMeta('reportedPending', unsynced);
}
