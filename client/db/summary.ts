import { db } from './database';
import { getMeta } from './meta';

/** What this tablet holds, for the home page and the status area. */
export interface LocalSummary {
  households: number;
  visits: number;
  trainings: number;
  unsynced: number;
  lastSyncAt: string | null;
}

/** Counts of local data; read it through `useLiveQuery(localSummary)` so it follows every change. */
export async function localSummary(): Promise<LocalSummary> {
  const [households, visits, trainings, unsynced, lastSyncAt] = await Promise.all([
    db.households.where('deleted').equals(0).count(),
    db.visits.where('deleted').equals(0).count(),
    db.trainings.where('deleted').equals(0).count(),
    db.outbox.count(),
    getMeta('lastSyncAt'),
  ]);
  return { households, visits, trainings, unsynced, lastSyncAt: lastSyncAt ?? null };
}
