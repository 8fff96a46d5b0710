import { db } from './database';
import type { MetaKey, MetaValues } from './types';

export async function getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value });
}

export async function deleteMeta(key: MetaKey): Promise<void> {
  await db.meta.delete(key);
}

/**
 * This tablet's stable id (UUID), created on first use and kept across logouts: it names the device, not
 * the user, so the server can tell which tablet a change came from.
 */
export async function deviceId(): Promise<string> {
  // Read first: once the id exists (every call but the first), no read-write transaction is needed.
  const known = await getMeta('deviceId');
  if (known) return known;
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta('deviceId');
    if (existing) return existing;
    const id = crypto.randomUUID();
    await setMeta('deviceId', id);
    return id;
  });
}
