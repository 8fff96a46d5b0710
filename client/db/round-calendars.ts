import Dexie from 'dexie';
import {
  ROUND_CALENDAR_TYPE,
  roundCalendarDataSchema,
  type RoundCalendarData,
} from '../../shared/domain/round-calendar';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { db } from './database';
import { getMeta, setMeta } from './meta';

/**
 * The year's visit rounds on the tablet (docs/dynamic-management.md): the server's `roundCalendar` records,
 * few and small, kept whole in `meta` (no table of their own). A tombstone removes one.
 */

/** Stores pulled calendars; call inside the sync's writing transaction (it covers `meta`). */
export async function storeRoundCalendars(records: readonly SyncedRecord[]): Promise<void> {
  const mine = records.filter((r) => r.type === ROUND_CALENDAR_TYPE);
  if (mine.length === 0) return;
  const stored = new Map(Object.entries((await getMeta('roundCalendars')) ?? {}));
  for (const record of mine) {
    const parsed = roundCalendarDataSchema.safeParse(record.data);
    if (record.deleted || !parsed.success) stored.delete(record.id);
    else stored.set(record.id, parsed.data);
  }
  await setMeta('roundCalendars', Object.fromEntries(stored));
}

/** Every calendar on this tablet. */
export async function roundCalendars(): Promise<RoundCalendarData[]> {
  return Object.values((await getMeta('roundCalendars')) ?? {});
}

/** Final visits dated between `from` and `to` (inclusive, `YYYY-MM-DD`), by household, from index keys. */
export async function householdsVisitedBetween(from: string, to: string): Promise<Set<string>> {
  const keys = await db.visits
    .where('[data.status+data.visitDate+householdId]')
    .between(['final', from, Dexie.minKey], ['final', to, Dexie.maxKey], true, true)
    .keys();
  const ids = new Set<string>();
  for (const key of keys) {
    if (Array.isArray(key) && typeof key[2] === 'string') ids.add(key[2]);
  }
  return ids;
}

/** Live households at one of `stages`, with their stage, from the `[deleted+data.stage+updatedAt]` index. */
export async function householdIdsAtStages(stages: readonly string[]): Promise<string[]> {
  const lists = await Promise.all(
    stages.map((stage) =>
      db.households
        .where('[deleted+data.stage+updatedAt]')
        .between([0, stage, Dexie.minKey], [0, stage, Dexie.maxKey])
        .primaryKeys(),
    ),
  );
  return lists.flat();
}
