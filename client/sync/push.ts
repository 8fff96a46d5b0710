import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import { getMeta, setMeta } from '../db/meta';
import { countUnsynced } from '../db/outbox';
import { applyPushResults, countSendable, takeBatch, type PushOutcome } from '../db/sync-store';
import type { SyncContext } from './context';
import { pushChanges } from './transport';
import { encodeRow, PUSH_BATCH_LIMITS } from './wire';

/**
 * Step 2: push the outbox in seq order, one bounded batch at a time (never the whole outbox in memory).
 * A batch is marked 'inflight' before it leaves; if the answer never comes (network cut, server killed),
 * the rows stay 'inflight' and go again unchanged next time, and the server answers them from its
 * idempotency table. Changes saved during the run get new rows and are sent in this run or the next.
 */
export async function pushOutbox(ctx: SyncContext, limits = PUSH_BATCH_LIMITS): Promise<PushOutcome> {
  const totals: PushOutcome = { acknowledged: 0, conflicts: 0, rejected: 0, retryLater: 0 };
  let afterSeq = 0;
  let done = 0;
  ctx.report({ push: { done, total: await countSendable() } });
  for (;;) {
    const batch = await takeBatch(afterSeq, limits, (row) => encodeRow(row, limits.maxBytes));
    totals.rejected += batch.refused;
    if (batch.rows.length === 0) break;
    afterSeq = batch.lastSeq;
    const pendingCount = Math.max(0, (await countUnsynced()) - batch.rows.length);
    const reply = await pushChanges(ctx.token(), {
      protocolVersion: PROTOCOL_VERSION,
      schemaVersion: SCHEMA_VERSION,
      deviceId: ctx.deviceId,
      pendingCount,
      changes: batch.changes,
    });
    const outcome = await applyPushResults(batch.rows, reply.results, {
      userId: ctx.user.id,
      userName: ctx.user.displayName,
      deviceId: ctx.deviceId,
    });
    await setMeta('reportedPending', pendingCount);
    totals.acknowledged += outcome.acknowledged;
    totals.conflicts += outcome.conflicts;
    totals.rejected += outcome.rejected;
    totals.retryLater += outcome.retryLater;
    done += batch.rows.length;
    // Rows left 'inflight' by this run (no final answer) are not sent again until the next run.
    const total = done + Math.max(0, (await countSendable()) - totals.retryLater);
    ctx.report({ push: { done, total } });
  }
  return totals;
}

/**
 * Tells the server how many changes wait on this tablet when that differs from what it last heard (after
 * a person discarded refused changes, say), so the township's overview and the wiped-tablet check agree
 * with the tablet. An empty push costs one small round trip and only happens when the count moved.
 */
export async function reportPendingCount(ctx: SyncContext): Promise<void> {
  const unsynced = await countUnsynced();
  if ((await getMeta('reportedPending')) === unsynced) return;
  await pushChanges(ctx.token(), {
    protocolVersion: PROTOCOL_VERSION,
    schemaVersion: SCHEMA_VERSION,
    deviceId: ctx.deviceId,
    pendingCount: unsynced,
    changes: [],
  });
  await setMeta('reportedPending', unsynced);
}
