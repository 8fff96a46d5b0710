import { DATABASE_NAME } from './database-name';
import type { SessionRow } from './types';

/**
 * The stored session, read with IndexedDB itself, for the first screen: whether to show the login form or
 * the PIN, and whose PIN. Dexie (99 KB of code, and on a new device the creation of every table) is not
 * needed for that, so the login and PIN screens paint without it; it loads right after
 * (docs/benchmarks.md, first screen). Everything else, writes included, goes through session.ts.
 *
 * Reads the `session` table's `current` row as Dexie stores it (a plain object under its inbound key).
 * Opens the database at whatever version it has, so a pending schema upgrade is left to Dexie; on a device
 * where the database does not exist yet, the creation is aborted (nothing is left behind, Dexie creates it
 * with its schema later) and the answer is "no session". The connection is closed as soon as the row is
 * read, so it never blocks Dexie's own open or upgrade.
 */
export function peekSession(name = DATABASE_NAME): Promise<SessionRow | undefined> {
  return new Promise((resolve, reject) => {
    let fresh = false;
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => {
      // Only a database that does not exist yet gets here (no version asked for): do not create it.
      fresh = true;
      request.transaction?.abort();
    };
    request.onerror = (event) => {
      if (fresh) {
        // The aborted creation: an AbortError, which must not reach window.onerror as unhandled.
        event.preventDefault();
        resolve(undefined);
      } else reject(request.error ?? new Error('IndexedDB open failed'));
    };
    request.onsuccess = () => {
      const connection = request.result;
      // Another tab upgrading the schema meanwhile must not wait for this read.
      connection.onversionchange = () => connection.close();
      if (!connection.objectStoreNames.contains('session')) {
        connection.close();
        resolve(undefined);
        return;
      }
      let row: SessionRow | undefined;
      try {
        const tx = connection.transaction('session', 'readonly');
        const get = tx.objectStore('session').get('current');
        get.onsuccess = () => {
          row = get.result as SessionRow | undefined;
        };
        tx.oncomplete = () => {
          connection.close();
          resolve(row);
        };
        tx.onabort = () => {
          connection.close();
          reject(tx.error ?? new Error('IndexedDB read failed'));
        };
      } catch (error) {
        connection.close();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
  });
}

let early: Promise<SessionRow | undefined> | null = null;

/**
 * Starts the read at once (session-store.ts, when it is evaluated, before React), so the answer is there
 * when the app asks for it with `takeSessionPeek`.
 */
export function startSessionPeek(): void {
  early ??= peekSession();
  // Whoever takes it handles a failure; until then it must not count as unhandled.
  early.catch(() => undefined);
}

/** The read `startSessionPeek` started (once), or a new one. */
export function takeSessionPeek(): Promise<SessionRow | undefined> {
  const read = early ?? peekSession();
  early = null;
  return read;
}
