import { db } from './database';

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
