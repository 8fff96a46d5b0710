import type { SyncedRecord } from '../../shared/sync/protocol';
import { db } from './database';
import { getMeta, setMeta } from './meta';
import type { LocalRecord, MergedHousehold } from './types';

/**
 * Households merged into another one as duplicates (one person, one file, docs/identity.md). The server
 * turns the merged-away household into a tombstone pulled with `data: {mergedInto: <survivor id>}`
 * (docs/sync-protocol.md, section 3). The tablet keeps that fact in `meta` (`mergedHouseholds`, merges
 * are rare: a small map) so the household's page can say what happened and link to the survivor.
 *
 * The merge moved the household's members, visits and photos to the survivor. When the survivor is in
 * this tablet's scope those records come back through the pull as updates (their revs are below the
 * tombstone's, so they arrive first, or later when someone edited them since). When it is not (a merge
 * across units) they never come back: the tablet would keep orphans of a household that no longer
 * exists. So on the tombstone, the children still filed under the merged-away household that have no
 * outbox row are deleted; a child with an outbox row (any state) stays, and its push is answered by the
 * server like any other change.
 */

/** The types whose records hang off a household (`householdId`) and move with a merge. */
const CHILD_TABLES = () => [db.members, db.visits, db.attachments];

/** The survivor named by a household tombstone, or null for any other record. */
export function mergedIntoOf(record: SyncedRecord): string | null {
  if (record.type !== 'household' || !record.deleted) return null;
  const survivor = record.data.mergedInto;
  return typeof survivor === 'string' && survivor.length > 0 && survivor !== record.id ? survivor : null;
}

/**
 * Remembers the merges among `records` and drops the children of the merged-away households that nothing
 * on this tablet still refers to. Call after the records themselves were written (so children moved in
 * the same page are already filed under the survivor), inside the writing transaction: it needs `meta`,
 * the outbox and the member, visit and attachment tables.
 */
export async function applyMergedTombstones(records: readonly SyncedRecord[]): Promise<void> {
  const merges = new Map<string, MergedHousehold>();
  for (const record of records) {
    const survivorId = mergedIntoOf(record);
    if (survivorId) merges.set(record.id, { survivorId, mergedAt: record.updatedAt });
  }
  if (merges.size === 0) return;
  const known = (await getMeta('mergedHouseholds')) ?? {};
  await setMeta('mergedHouseholds', { ...known, ...Object.fromEntries(merges) });

  const ids = [...merges.keys()];
  const tables = CHILD_TABLES();
  const children = await Promise.all(tables.map((table) => table.where('householdId').anyOf(ids).toArray()));
  const all = children.flat();
  if (all.length === 0) return;
  // Few rows (one household's children): one index read for all of them.
  const waiting = new Set(
    await db.outbox
      .where('recordId')
      .anyOf(all.map((row) => row.id))
      .keys(),
  );
  await Promise.all(
    tables.map((table, index) => {
      const gone = (children[index] ?? []).filter((row) => !waiting.has(row.id)).map((row) => row.id);
      return gone.length > 0 ? table.bulkDelete(gone) : undefined;
    }),
  );
}

/** Where a merged-away household went, as its page shows it. */
export interface MergeTarget {
  /** The household that holds the file now (a chain of merges is followed to its end). */
  survivorId: string;
  mergedAt: string;
  /** The survivor's local copy, or null when it is not on this tablet (filed in another unit). */
  survivor: LocalRecord | null;
}

/** Null when `householdId` was not merged into another household (as far as this tablet has pulled). */
export async function mergeTargetOf(householdId: string): Promise<MergeTarget | null> {
  const merged = (await getMeta('mergedHouseholds')) ?? {};
  // Own keys only: the id comes from the address bar ("constructor" is no household).
  const entry = (id: string) => (Object.hasOwn(merged, id) ? merged[id] : undefined);
  const first = entry(householdId);
  if (!first) return null;
  let { survivorId } = first;
  const seen = new Set([householdId, survivorId]);
  for (let next = entry(survivorId); next && !seen.has(next.survivorId); next = entry(survivorId)) {
    survivorId = next.survivorId;
    seen.add(survivorId);
  }
  const survivor = await db.households.get(survivorId);
  return {
    survivorId,
    mergedAt: first.mergedAt,
    survivor: survivor && survivor.deleted === 0 ? survivor : null,
  };
}
