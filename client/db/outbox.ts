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

export interface OutboxCounts {
  /** Changes that will be sent (waiting or being sent). */
  waiting: number;
  /** Changes held on the tablet until the worker fixes a field (待修正); they go by themselves once fixed. */
  held: number;
  /** Changes the server refused, waiting for a person. */
  rejected: number;
}

/** The outbox as a push starts: counted once, then followed in memory batch by batch. */
export interface OutboxTally {
  /** Every row (waiting, being sent, held, refused): the unsynced count the server is told. */
  unsynced: number;
  /** Rows a push looks at: all but the refused ones (held rows are checked again, and go once fixed). */
  sendable: number;
}

/**
 * Three single-range counts: the whole outbox, its refused rows and its held rows (both few). Counting
 * 'pending' and 'inflight' with `anyOf` walks every row with a cursor, which took a second on a
 * 10,000-row outbox. Call inside a transaction for a consistent set.
 */
async function countStates(): Promise<{ unsynced: number; rejected: number; held: number }> {
  const [unsynced, rejected, held] = await Promise.all([
    db.outbox.count(),
    db.outbox.where('state').equals('rejected').count(),
    db.outbox.where('state').equals('held').count(),
  ]);
  return { unsynced, rejected, held };
}

export async function countOutbox(): Promise<OutboxTally> {
  const { unsynced, rejected } = await countStates();
  return { unsynced, sendable: Math.max(0, unsynced - rejected) };
}

export async function outboxTally(): Promise<OutboxTally> {
  return db.transaction('r', db.outbox, countOutbox);
}

/** Changes that will be sent (waiting or being sent); held and refused ones wait for a person. */
export async function countSendable(): Promise<number> {
  return (await outboxCounts()).waiting;
}

/** For the sync screen (a live query, so no transaction of its own). */
export async function outboxCounts(): Promise<OutboxCounts> {
  const { unsynced, rejected, held } = await countStates();
  return { waiting: Math.max(0, unsynced - rejected - held), held, rejected };
}
