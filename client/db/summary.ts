import { Dexie } from 'dexie';
import { db } from './database';
import { ALL_LIVE } from './household-counts';
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
    liveHouseholdCount(),
    db.visits.where('deleted').equals(0).count(),
    db.trainings.where('deleted').equals(0).count(),
    db.outbox.count(),
    getMeta('lastSyncAt'),
  ]);
  return { households, visits, trainings, unsynced, lastSyncAt: lastSyncAt ?? null };
}

/** The `[deleted+updatedAt]` range of deleted (1) or live (0) households. */
export function householdsByDeleted(deleted: 0 | 1) {
  // A fresh array as the upper key: IndexedDB refuses a key holding one array object twice.
  return db.households.where('[deleted+updatedAt]').between([deleted, Dexie.minKey], [deleted, [[]]]);
}

/**
 * Live households, from the counts kept with every write (household-counts.ts): counting the 50,000 live
 * entries of an index walks them all, about a second on a tablet.
 */
export async function liveHouseholdCount(): Promise<number> {
  return countedHouseholds(ALL_LIVE, () => householdsByDeleted(0).count());
}

/** A kept household count, or `fallback()` when no count has been kept yet (an empty database). */
export async function countedHouseholds(bucket: string, fallback: () => Promise<number>): Promise<number> {
  const counts = await getMeta('householdCounts');
  return counts ? (counts[bucket] ?? 0) : fallback();
}
