import { db } from './database';
import type { OutboxRow, OutboxState } from './types';

/**
 * Changes on this tablet the server does not have yet (waiting, being sent, or refused), plus the photos
 * whose records went ahead of them and that are still only here (client/db/upload-queue.ts): what a
 * logout or another account's login would destroy.
 */
export async function countUnsynced(): Promise<number> {
  return db.transaction('r', db.outbox, db.meta, async () => {
    const queued = (await db.meta.get('uploadQueue'))?.value;
    return (await db.outbox.count()) + (Array.isArray(queued) ? queued.length : 0);
  });
}

/** ISO time of the oldest change still waiting, or null when everything is synced. */
export async function oldestUnsyncedAt(): Promise<string | null> {
  const first = await db.outbox.orderBy('seq').first();
  return first?.createdAt ?? null;
}

/**
 * The sent-through watermark (meta `sentThrough`): the highest outbox seq a push has taken to send. A
 * 'pending' row at or below it may have reached the server, so it is being sent ('inflight' in effect):
 * it is never changed again and goes again byte for byte until the server answers it. Taking a batch
 * moves the mark instead of rewriting each of its rows. Held and refused rows keep their own state
 * wherever they sit. Rows stored as 'inflight' (a bundle file freezes its rows that way, and rows of
 * earlier versions of the app) are being sent too. Read inside the caller's transaction (with `db.meta`
 * in its scope) so the mark and the rows agree.
 */
export async function sentThrough(): Promise<number> {
  const row = await db.meta.get('sentThrough');
  return typeof row?.value === 'number' ? row.value : 0;
}

/** Moves the watermark (inside the caller's transaction). */
export async function setSentThrough(seq: number): Promise<void> {
  await db.meta.put({ key: 'sentThrough', value: seq });
}

/** The row is being sent (it may have reached the server): never changed, resent as it is. */
export function isInflight(row: Pick<OutboxRow, 'seq' | 'state'>, mark: number): boolean {
  return row.state === 'inflight' || (row.state === 'pending' && row.seq <= mark);
}

/** A waiting row later edits merge into: pending and above the watermark, or held (待修正). */
export function isMergeable(row: Pick<OutboxRow, 'seq' | 'state'>, mark: number): boolean {
  return row.state === 'held' || (row.state === 'pending' && row.seq > mark);
}

/** The state a person (and a test) sees: 'inflight' for a pending row under the watermark. */
export function effectiveState(row: Pick<OutboxRow, 'seq' | 'state'>, mark: number): OutboxState {
  return isInflight(row, mark) ? 'inflight' : row.state;
}

/** Every outbox row in seq order with its effective state (tests and diagnostics). */
export async function outboxWithStates(): Promise<OutboxRow[]> {
  return db.transaction('r', db.outbox, db.meta, async () => {
    const mark = await sentThrough();
    const rows = await db.outbox.orderBy('seq').toArray();
    return rows.map((row) => ({ ...row, state: effectiveState(row, mark) }));
  });
}
