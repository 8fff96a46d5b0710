import type { Collection } from 'dexie';
import { db } from './database';
import { markCountNeutral } from './household-counts';
import { deleteMeta, getMeta, setMeta } from './meta';
import { householdSearchTokens } from './search-tokens';
import type { LocalRecord } from './types';

/**
 * The household search index (`searchTokens`, search-tokens.ts) built after a tablet's first pull instead
 * of during it. A household's tokens are about 25 entries of the multi-entry index, two thirds of every
 * index entry a first sync writes: the first pull adds households without them (sync-apply.ts,
 * `FreshTables`), so the list, its filters and its counts are there as soon as the records are, and the
 * tokens are filled in afterwards, a chunk per transaction, in key order.
 *
 * While that runs, `meta.searchTokensPending` holds `{after}`: every household whose id is at most `after`
 * has its tokens; one above it may not. A search reads the index and also looks at the households above
 * `after` one by one (`unindexedSearchMatches`), so it never misses a household, only runs slower; the list
 * says so (households-page.tsx). Any write of a household from new data outside the first pull sets its
 * tokens as before (identity-keys.ts `setDerivedKeys`), so the marker only ever covers first-pull rows.
 */

/** Households per building transaction: large enough to amortise a transaction, short enough to yield. */
export const SEARCH_BUILD_CHUNK = 1000;

/**
 * Called inside a first-pull page's transaction (with `meta` in scope) that adds households without their
 * tokens: the build starts from the first key again (the page's ids are anywhere in the key order).
 */
export async function noteUnindexedHouseholds(): Promise<void> {
  const pending = await getMeta('searchTokensPending');
  if (pending?.after !== '') await setMeta('searchTokensPending', { after: '' });
}

/** Whether some households may still lack their search tokens (the list shows that search is slower). */
export async function searchIndexPending(): Promise<boolean> {
  return (await getMeta('searchTokensPending')) !== undefined;
}

/**
 * One chunk of the build: the next households in key order get their tokens, and the marker moves past
 * them (or goes, after the last). True when nothing is left.
 */
async function buildChunk(size: number): Promise<boolean> {
  return db.transaction('rw', db.households, db.meta, async () => {
    const pending = await getMeta('searchTokensPending');
    if (!pending) return true;
    const rows = await db.households.where('id').above(pending.after).limit(size).toArray();
    const missing = rows.filter((row) => row.searchTokens === undefined);
    for (const row of missing) row.searchTokens = householdSearchTokens(row.data);
    if (missing.length > 0) {
      // Only the tokens change: no household moves between list buckets.
      markCountNeutral();
      await db.households.bulkPut(missing);
    }
    const last = rows.at(-1);
    if (rows.length < size || !last) {
      await deleteMeta('searchTokensPending');
      return true;
    }
    await setMeta('searchTokensPending', { after: last.id });
    return false;
  });
}

let building: Promise<void> | null = null;

/**
 * Builds what is missing of the search index, a chunk per transaction with a pause between them so the
 * screens' reads go in between. One build per page at a time: a second call returns the running one.
 * Resolves at once when nothing is pending. Started after a sync run (client/sync/run.ts) and when the app
 * unlocks (client/sync/engine.ts), so a build cut by a closed tab resumes.
 */
export function buildSearchIndex(chunk = SEARCH_BUILD_CHUNK): Promise<void> {
  building ??= (async () => {
    try {
      // Read-only first: at an unlock there is usually nothing to build.
      if (!(await searchIndexPending())) return;
      while (!(await buildChunk(chunk))) await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      building = null;
    }
  })();
  return building;
}

/** A household without tokens (the index cannot find it) that `search` matches. */
function unindexedMatch(row: LocalRecord, search: string): boolean {
  return (
    row.searchTokens === undefined &&
    householdSearchTokens(row.data).some((token) => token.startsWith(search))
  );
}

/**
 * The households the index cannot find yet that match `search` (normalised, non-empty), in key order,
 * or null when the index is complete. Read it in the same transaction as the index, with `meta`: the
 * build moves the marker and fills the index together, so each household is found by exactly one.
 */
export async function unindexedSearchMatches(
  search: string,
): Promise<Collection<LocalRecord, string> | null> {
  const pending = await getMeta('searchTokensPending');
  if (!pending) return null;
  return db.households
    .where('id')
    .above(pending.after)
    .filter((row) => unindexedMatch(row, search));
}
