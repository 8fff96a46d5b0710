import { db } from './database';

/** Changes on this tablet the server does not have yet (waiting, being sent, or refused). */
export async function countUnsynced(): Promise<number> {
  return db.outbox.count();
}

/** ISO time of the oldest change still waiting, or null when everything is synced. */
export async function oldestUnsyncedAt(): Promise<string | null> {
  const first = await db.outbox.orderBy('seq').first();
  return first?.createdAt ?? null;
}
