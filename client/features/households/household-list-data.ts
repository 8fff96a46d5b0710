import { Dexie, type Collection } from 'dexie';
import { db } from '../../db/database';
import { normalizeSearchQuery } from '../../db/search-tokens';
import { bucketOf } from '../../db/household-counts';
import { unindexedSearchMatches } from '../../db/search-index';
import { countedHouseholds, householdsByDeleted, liveHouseholdCount } from '../../db/summary';
import type { LocalRecord } from '../../db/types';
import type { HouseholdListQuery } from './household-list-query';
import { currentRoundOnTablet, dueNotVisitedIds } from './round-due';

/**
 * The queries behind "My households". With 50,000 households on a tablet the first screen never waits
 * for a whole index: the worker sees rows first and the number (and the rest of the list) right after.
 *
 * - One filter or none, no search: one compound index `[deleted+<field>+updatedAt]` gives pages directly
 *   (offset/limit on the index, newest change first); the number comes from the counts kept with every
 *   write (client/db/household-counts.ts).
 * - Search, "visit due" (本期待走访: due in the current round and not yet visited in it, round-due.ts) or
 *   several filters: the first screen comes from candidates read a chunk at a time
 *   (search matches or newest households) and checked row by row; then `completeHouseholdList` collects
 *   the matching keys from the indexes (`searchTokens` multi-entry prefix, stage, category, pending, final
 *   visits since the period start), intersects them and pages by key.
 */
export type HouseholdListPlan =
  | { kind: 'range'; only: Constraint | null; head: LocalRecord[] }
  | {
      kind: 'keys';
      /** Null while `ids` holds only the first matches (see SCAN_LIMIT). */
      total: number | null;
      ids: readonly string[];
      head: LocalRecord[];
    };

/** Rows read with the plan, so the first screen paints without a second round trip. */
export const LIST_HEAD_SIZE = 40;

/**
 * Candidate rows looked at, at most, for the first screen of a list that needs more than one index range
 * (a search, "visit due", several filters). An estate name can match thousands of households, and
 * Chromium checks every index entry it returns against the table (about 0.1 ms each on a tablet): the
 * first screen comes from the first candidates, the whole list right after (`completeHouseholdList`).
 */
export const SCAN_LIMIT = 1_000;

interface Constraint {
  field: 'data.stage' | 'data.category' | 'pending';
  value: string | number;
}

function constraintsOf(query: HouseholdListQuery): Constraint[] | null {
  const constraints: Constraint[] = [];
  if (query.filter === 'returned') {
    if (query.stage && query.stage !== 'returned') return null;
    constraints.push({ field: 'data.stage', value: 'returned' });
  } else if (query.stage) {
    constraints.push({ field: 'data.stage', value: query.stage });
  }
  if (query.category) constraints.push({ field: 'data.category', value: query.category });
  if (query.filter === 'pending') constraints.push({ field: 'pending', value: 1 });
  return constraints;
}

/**
 * A key above every string and number. A fresh array each time: IndexedDB refuses a key that holds the same
 * array object twice (`Dexie.maxKey` is one shared object).
 */
function aboveAll(): unknown[][] {
  return [[]];
}

/** Live households (not deleted), newest change first, optionally with one field fixed. */
function rangeCollection(only: Constraint | null): Collection<LocalRecord, string> {
  if (only === null) {
    return db.households.where('[deleted+updatedAt]').between([0, Dexie.minKey], [0, aboveAll()]).reverse();
  }
  return db.households
    .where(`[deleted+${only.field}+updatedAt]`)
    .between([0, only.value, Dexie.minKey], [0, only.value, aboveAll()])
    .reverse();
}

async function keySet(constraint: Constraint): Promise<Set<string>> {
  return new Set(await rangeCollection(constraint).primaryKeys());
}

/** Households with a final visit dated on or after `since` (`YYYY-MM-DD`), from the visit index's keys. */
export async function householdsVisitedSince(since: string): Promise<Set<string>> {
  const keys = await db.visits
    .where('[data.status+data.visitDate+householdId]')
    .between(['final', since, Dexie.minKey], ['final', aboveAll()])
    .keys();
  const ids = new Set<string>();
  for (const key of keys) {
    if (Array.isArray(key) && typeof key[2] === 'string') ids.add(key[2]);
  }
  return ids;
}

/** Households due in the round of `today` and not yet visited in it (none before the first round). */
async function dueInCurrentRound(today: string): Promise<Set<string>> {
  const round = await currentRoundOnTablet(today);
  return round === null ? new Set() : dueNotVisitedIds(round);
}

/**
 * Every household matching `search`: the index's matches, then those the index may not hold yet (while
 * it is built after a first sync, search-index.ts), read in one transaction with the build's marker.
 */
async function searchMatches(search: string): Promise<string[]> {
  return db.transaction('r', db.households, db.meta, async () => {
    const [indexed, unindexed] = await Promise.all([
      db.households.where('searchTokens').startsWith(search).primaryKeys(),
      unindexedSearchMatches(search).then((rest) => rest?.primaryKeys() ?? []),
    ]);
    return [...indexed, ...unindexed];
  });
}

async function searchIds(search: string): Promise<string[]> {
  const [matches, deleted] = await Promise.all([searchMatches(search), householdsByDeleted(1).primaryKeys()]);
  const gone = new Set(deleted);
  // One household can match through several tokens (name and address): keep its first place.
  return [...new Set(matches)].filter((id) => !gone.has(id));
}

export interface PlanOptions {
  /** Read the whole list before answering, not only its first screen. */
  complete?: boolean;
}

function meets(row: LocalRecord, constraint: Constraint): boolean {
  if (constraint.field === 'pending') return row.pending === constraint.value;
  return row.data[constraint.field === 'data.stage' ? 'stage' : 'category'] === constraint.value;
}

/**
 * The first screen of a list that needs more than one index: one cursor walks the candidates in list
 * order (search matches, each household once, or the newest households) and checks each row, until the
 * screen is full or SCAN_LIMIT rows were looked at. The plan is complete only when the walk reached the
 * end; otherwise its `total` is null and `completeHouseholdList` reads the whole list.
 */
async function firstScreenPlan(
  query: HouseholdListQuery,
  today: string,
  search: string,
  constraints: readonly Constraint[],
): Promise<HouseholdListPlan> {
  const due = query.filter === 'due' ? await dueInCurrentRound(today) : null;
  let scanned = 0;
  const walk = (candidates: Collection<LocalRecord, string>, limit: number) =>
    candidates
      .until(() => scanned >= SCAN_LIMIT)
      .filter((row) => {
        scanned += 1;
        if (row.deleted !== 0 || !constraints.every((c) => meets(row, c))) return false;
        return due === null || due.has(row.id);
      })
      .limit(limit)
      .toArray();
  if (search === '') {
    const found = await walk(rangeCollection(null), LIST_HEAD_SIZE);
    return firstScreen(found, found.length < LIST_HEAD_SIZE && scanned < SCAN_LIMIT);
  }
  // The index's matches, then those it may not hold yet (search-index.ts), with the build's marker.
  return db.transaction('r', db.households, db.meta, async () => {
    const found = await walk(
      db.households.where('searchTokens').startsWith(search).distinct(),
      LIST_HEAD_SIZE,
    );
    const unindexed = await unindexedSearchMatches(search);
    if (unindexed && found.length < LIST_HEAD_SIZE && scanned < SCAN_LIMIT) {
      found.push(...(await walk(unindexed, LIST_HEAD_SIZE - found.length)));
    }
    // While the index is built the whole list is always read (the walk above counts index entries only).
    return firstScreen(found, !unindexed && found.length < LIST_HEAD_SIZE && scanned < SCAN_LIMIT);
  });
}

function firstScreen(found: LocalRecord[], complete: boolean): HouseholdListPlan {
  const ids = found.map((row) => row.id);
  return { kind: 'keys', total: complete ? ids.length : null, ids, head: found };
}

/**
 * Works out how to list the households for `query` on `today` (`YYYY-MM-DD`) and reads the first screen.
 * A range plan does not count its rows (`countHouseholdList` does, afterwards): counting walks the whole
 * index range, and the worker should see the list before the number.
 */
export async function planHouseholdList(
  query: HouseholdListQuery,
  today: string,
  options: PlanOptions = {},
): Promise<HouseholdListPlan> {
  const constraints = constraintsOf(query);
  if (constraints === null) return { kind: 'keys', total: 0, ids: [], head: [] };
  const search = normalizeSearchQuery(query.search);

  if (search === '' && query.filter !== 'due' && constraints.length <= 1) {
    const only = constraints[0] ?? null;
    const head = await rangeCollection(only).limit(LIST_HEAD_SIZE).toArray();
    return { kind: 'range', only, head };
  }

  if (!options.complete) return firstScreenPlan(query, today, search, constraints);
  let ids = search === '' ? await rangeCollection(null).primaryKeys() : await searchIds(search);
  for (const constraint of constraints) {
    const allowed = await keySet(constraint);
    ids = ids.filter((id) => allowed.has(id));
  }
  if (query.filter === 'due') {
    const due = await dueInCurrentRound(today);
    ids = ids.filter((id) => due.has(id));
  }
  const head = await bulkRows(ids.slice(0, LIST_HEAD_SIZE));
  return { kind: 'keys', total: ids.length, ids, head };
}

/**
 * The whole list behind a first-screen plan and its length: the count of a range, or every match of a
 * broad search. The screen shows the first rows while this runs.
 */
export async function completeHouseholdList(
  plan: HouseholdListPlan,
  query: HouseholdListQuery,
  today: string,
): Promise<{ plan: HouseholdListPlan; total: number }> {
  if (plan.kind === 'keys' && plan.total === null) {
    const whole = await planHouseholdList(query, today, { complete: true });
    return { plan: whole, total: whole.kind === 'keys' ? whole.ids.length : await countHouseholdList(whole) };
  }
  return { plan, total: await countHouseholdList(plan) };
}

/** How many households a plan lists (a partial search plan: how many it has found so far). */
export async function countHouseholdList(plan: HouseholdListPlan): Promise<number> {
  if (plan.kind === 'keys') return plan.total ?? plan.ids.length;
  // A short range is counted from the first screen already read.
  if (plan.head.length < LIST_HEAD_SIZE) return plan.head.length;
  const { only } = plan;
  if (only === null) return liveHouseholdCount();
  return countedHouseholds(bucketOf(only.field, only.value), () => rangeCollection(only).count());
}

async function bulkRows(ids: readonly string[]): Promise<LocalRecord[]> {
  const rows = await db.households.bulkGet([...ids]);
  return rows.filter((row): row is LocalRecord => row !== undefined);
}

/** The rows `offset … offset + limit − 1` of a planned list. */
export async function fetchHouseholdRows(
  plan: HouseholdListPlan,
  offset: number,
  limit: number,
): Promise<LocalRecord[]> {
  if (plan.kind === 'range') {
    return rangeCollection(plan.only).offset(offset).limit(limit).toArray();
  }
  return bulkRows(plan.ids.slice(offset, offset + limit));
}
