import { db } from './database';
import { getMeta } from './meta';
import { countOutbox, type OutboxTally } from './outbox';
import type { MetaValues } from './types';

/**
 * What a sync run needs to know before it starts, read in ONE read-only transaction: with nothing to
 * send and nothing new on the server, a sync is this read, one pull request and the time it finished.
 */
export interface SyncStart extends OutboxTally {
  deviceKey: MetaValues['deviceKey'] | undefined;
  /** Cursor of the last pull; undefined on a tablet that has never pulled. */
  syncCursor: string | undefined;
  /** A pull of this local database has reached the end (see `MetaValues.pulledToEnd`). */
  pulledToEnd: boolean;
}

export async function readSyncStart(): Promise<SyncStart> {
  return db.transaction('r', db.meta, db.outbox, async () => {
    const [deviceKey, syncCursor, pulledToEnd, tally] = await Promise.all([
      getMeta('deviceKey'),
      getMeta('syncCursor'),
      getMeta('pulledToEnd'),
      countOutbox(),
    ]);
    return { deviceKey, syncCursor, pulledToEnd: pulledToEnd === true, ...tally };
  });
}

/** The unsynced count now and the one the server last heard, read together. */
export async function readPendingReport(): Promise<{ unsynced: number; reported: number | undefined }> {
  return db.transaction('r', db.meta, db.outbox, async () => {
    const [unsynced, reported] = await Promise.all([db.outbox.count(), getMeta('reportedPending')]);
    return { unsynced, reported };
  });
}
