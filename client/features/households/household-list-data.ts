import { Dexie, type Collection } from 'dexie';
import { db } from '../../db/database';
import { normalizeSearchQuery } from '../../db/search-tokens';
import type { LocalRecord } from '../../db/types';
import type { HouseholdListQuery } from './household-list-query';
import { STAGES_NEVER_DUE, visitPeriodStart } from './visit-due';

/**
 * The queries behind "My households". With 50,000 households on a tablet nothing here reads every row:
 * counts and orders come from indexes (keys only) and only the rows on screen are fetched.
 *
 * - One filter or none, no search: one compound index `[deleted+<field>+updatedAt]` gives count and pages
 *   directly (offset/limit on the index, newest change first).
 * - Search, "visit due" or several filters: the matching primary keys are collected from the indexes
 *   (`searchTokens` multi-entry prefix, stage, category, pending, final visits since the period start) and
 *   intersected; pages are fetched by key.
 */
export type HouseholdListPlan =
  | { kind: 'range'; total: number; index: string; value: number | string | null }
  | { kind: 'keys'; total: number; ids: readonly string[] };

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
function rangeCollection(index: string, value: number | string | null): Collection<LocalRecord, string> {
  const lower = value === null ? [0, Dexie.minKey] : [0, value, Dexie.minKey];
  const upper = value === null ? [0, aboveAll()] : [0, value, aboveAll()];
  return db.households.where(index).between(lower, upper).reverse();
}

async function keySet(field: Constraint['field'], value: string | number): Promise<Set<string>> {
  return new Set(await db.households.where(field).equals(value).primaryKeys());
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

async function searchIds(search: string): Promise<string[]> {
  const [matches, deleted] = await Promise.all([
    db.households.where('searchTokens').startsWith(search).primaryKeys(),
    db.households.where('deleted').equals(1).primaryKeys(),
  ]);
  const gone = new Set(deleted);
  // One household can match through several tokens (name and address): keep its first place.
  return [...new Set(matches)].filter((id) => !gone.has(id));
}

/** Works out how to list the households for `query` on `today` (`YYYY-MM-DD`) and how many there are. */
export async function planHouseholdList(
  query: HouseholdListQuery,
  today: string,
): Promise<HouseholdListPlan> {
  const constraints = constraintsOf(query);
  if (constraints === null) return { kind: 'keys', total: 0, ids: [] };
  const search = normalizeSearchQuery(query.search);

  const [only] = constraints;
  if (search === '' && query.filter !== 'due' && constraints.length <= 1) {
    const index = only ? `[deleted+${only.field}+updatedAt]` : '[deleted+updatedAt]';
    const value = only ? only.value : null;
    return { kind: 'range', total: await rangeCollection(index, value).count(), index, value };
  }

  let ids =
    search === ''
      ? await rangeCollection('[deleted+updatedAt]', null).primaryKeys()
      : await searchIds(search);
  for (const constraint of constraints) {
    const allowed = await keySet(constraint.field, constraint.value);
    ids = ids.filter((id) => allowed.has(id));
  }
  if (query.filter === 'due') {
    const [visited, ...neverDue] = await Promise.all([
      householdsVisitedSince(visitPeriodStart(today)),
      ...STAGES_NEVER_DUE.map((stage) => keySet('data.stage', stage)),
    ]);
    ids = ids.filter((id) => !visited.has(id) && !neverDue.some((set) => set.has(id)));
  }
  return { kind: 'keys', total: ids.length, ids };
}

/** The rows `offset … offset + limit − 1` of a planned list. */
export async function fetchHouseholdRows(
  plan: HouseholdListPlan,
  offset: number,
  limit: number,
): Promise<LocalRecord[]> {
  if (plan.kind === 'range') {
    return rangeCollection(plan.index, plan.value).offset(offset).limit(limit).toArray();
  }
  const rows = await db.households.bulkGet(plan.ids.slice(offset, offset + limit));
  return rows.filter((row): row is LocalRecord => row !== undefined);
}
