import type { SessionUserInfo } from '../../shared/auth';
import { db } from './database';
import { getMeta, setMeta } from './meta';
import type { DataOwner, SessionRow } from './types';

export async function readSession(): Promise<SessionRow | undefined> {
  return db.session.get('current');
}

/** Stores the signed-in session and makes its user the owner of the local data. */
export async function saveSession(session: Omit<SessionRow, 'key'>): Promise<void> {
  await db.transaction('rw', db.session, db.meta, async () => {
    await db.session.put({ ...session, key: 'current' });
    await setMeta('owner', {
      userId: session.user.id,
      username: session.user.username,
      displayName: session.user.displayName,
    });
  });
}

/** Keeps the stored user in step with the server (name or unit changed since the login). */
export async function updateSessionUser(user: SessionUserInfo): Promise<void> {
  await db.transaction('rw', db.session, db.meta, async () => {
    const session = await db.session.get('current');
    if (!session || session.user.id !== user.id) return;
    await db.session.put({ ...session, user });
    await setMeta('owner', { userId: user.id, username: user.username, displayName: user.displayName });
  });
}

/** Counts one more wrong PIN and returns the number of wrong PINs in a row. */
export async function recordPinFailure(): Promise<number> {
  return db.transaction('rw', db.session, async () => {
    const session = await db.session.get('current');
    if (!session) return 0;
    const pinFailures = session.pinFailures + 1;
    await db.session.put({ ...session, pinFailures });
    return pinFailures;
  });
}

export async function resetPinFailures(): Promise<void> {
  await db.transaction('rw', db.session, async () => {
    const session = await db.session.get('current');
    if (session && session.pinFailures !== 0) await db.session.put({ ...session, pinFailures: 0 });
  });
}

/** Forgets the token and the PIN; the records stay until someone else signs in or the user logs out. */
export async function dropSession(): Promise<void> {
  await db.session.delete('current');
}

/** The account the local records belong to, if any. */
export async function dataOwner(): Promise<DataOwner | undefined> {
  return getMeta('owner');
}

/**
 * Empties every table (records, blobs, outbox, session, sync state) so that nothing of the last user stays
 * readable on a shared tablet. Only the device id survives: it names the tablet, not a person.
 */
export async function wipeLocalData(): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    const id = await getMeta('deviceId');
    await Promise.all(db.tables.map((table) => table.clear()));
    if (id) await setMeta('deviceId', id);
  });
  clearLocalStorage(globalThis.localStorage);
}

/**
 * Deletes this origin's IndexedDB databases outright — the app's and any other — and the app's
 * localStorage keys: a revoked tablet keeps nothing, not even its device id (the next login makes a new
 * one). The app's database is recreated empty the next time something opens it.
 */
export async function deleteLocalDatabases(): Promise<void> {
  await db.delete({ disableAutoOpen: false });
  const others = indexedDB.databases ? await indexedDB.databases() : [];
  await Promise.all(
    others.map(
      ({ name }) =>
        new Promise<void>((resolve) => {
          if (!name) return resolve();
          const request = indexedDB.deleteDatabase(name);
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
  clearLocalStorage(globalThis.localStorage);
  globalThis.sessionStorage?.clear();
}

/**
 * Every localStorage key of the app starts with this prefix (e.g. the visit form's keystroke journal) and
 * holds the signed-in user's data, so a wipe removes them all.
 */
export const LOCAL_STORAGE_PREFIX = 'bangfu:';

export function clearLocalStorage(storage: Storage | undefined): void {
  if (!storage) return;
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(LOCAL_STORAGE_PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}
