import { Dexie } from 'dexie';
import type {
  DBCore,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
} from 'dexie';
import type { HouseholdCounts } from './types';

/**
 * Household counts kept as households are written, so 「共 N 户」 never walks an index. Counting the 50,000
 * entries of an index range takes about a second on a tablet, and IndexedDB serves one database's requests
 * one after another: a count running in the background would hold up the search the worker is typing.
 *
 * A Dexie DBCore middleware does it for every write path at once (saving a form, a pulled sync page, a
 * conflict resolution, an upgrade, a wipe): each read-write transaction over `households` also covers
 * `meta`, and each mutation of `households` adjusts the counts row in `meta` in the same transaction, from
 * the rows before and after. Either both are written or neither.
 */

const COUNTED_TABLE = 'households';
const COUNTS_TABLE = 'meta';
export const COUNTS_KEY = 'householdCounts';

/** The counts bucket of everything live (not deleted). */
export const ALL_LIVE = 'all';

/** The buckets a household row counts in: every live household, its stage, category and unsynced flag. */
export function countBuckets(row: unknown): string[] {
  if (typeof row !== 'object' || row === null) return [];
  const { deleted, pending, data } = row as { deleted?: unknown; pending?: unknown; data?: unknown };
  if (deleted === 1) return ['deleted'];
  const buckets = [ALL_LIVE];
  if (typeof data === 'object' && data !== null) {
    const { stage, category } = data as { stage?: unknown; category?: unknown };
    if (typeof stage === 'string') buckets.push(`stage:${stage}`);
    if (typeof category === 'string') buckets.push(`category:${category}`);
  }
  if (pending === 1) buckets.push('pending:1');
  return buckets;
}

/** The bucket of a list index and value (`[deleted+data.stage+updatedAt]`, `returned` → `stage:returned`). */
export function bucketOf(field: 'data.stage' | 'data.category' | 'pending', value: string | number): string {
  return `${field.replace('data.', '')}:${value}`;
}

/** Adds one row to counts made from scratch (the upgrade that introduced them, tests). */
export function addToCounts(counts: HouseholdCounts, row: unknown): void {
  for (const bucket of countBuckets(row)) counts[bucket] = (counts[bucket] ?? 0) + 1;
}

/**
 * A DBCore `transaction` that also covers `store` whenever `when` says the transaction needs it (a
 * middleware that keeps `store` in step with other tables).
 */
export function widening(
  down: DBCore,
  store: string,
  when: (stores: string[], mode: 'readonly' | 'readwrite') => boolean,
): DBCore['transaction'] {
  return (stores, mode, options) =>
    down.transaction(
      when(stores, mode) && !stores.includes(store) ? [...stores, store] : stores,
      mode,
      options,
    );
}

/** Whether the transaction (IndexedDB's own) covers the store `name`. */
export function hasStore(trans: DBCoreTransaction, name: string): boolean {
  // DBCore's transaction is the IndexedDB transaction itself.
  const stores = (trans as Partial<IDBTransaction>).objectStoreNames;
  return stores?.contains(name) ?? false;
}

/** Transactions (IndexedDB's own) whose household writes change no count (see `markCountNeutral`). */
const countNeutral = new WeakSet<object>();

/**
 * Declares, inside a read-write transaction, that its writes of households change only what no count
 * depends on (the search tokens, search-index.ts): the counts then skip reading the rows they replace.
 */
export function markCountNeutral(): void {
  const trans = Dexie.currentTransaction?.idbtrans;
  if (trans) countNeutral.add(trans);
}

const ANY_RANGE = 3; // DBCoreRangeType.Any: the whole table (Table.clear()).

/**
 * The rows a mutation replaces or removes. Dexie's promises (what DBCore returns) are chained with `then`,
 * never awaited: Dexie finds the running transaction through its promise zone, which `await` would leave.
 */
function rowsBefore(table: DBCoreTable, req: DBCoreMutateRequest): Promise<readonly unknown[]> {
  switch (req.type) {
    case 'add':
      return Promise.resolve([]);
    case 'put':
    case 'delete':
      return table.getMany({ trans: req.trans, keys: [...keysOf(req)], cache: 'immutable' });
    case 'deleteRange':
      if (req.range.type === ANY_RANGE) return Promise.resolve([]);
      return table
        .query({
          trans: req.trans,
          values: true,
          query: { index: table.schema.primaryKey, range: req.range },
        })
        .then((found) => found.result);
  }
}

function keyOf(value: unknown): unknown {
  return (value as { id?: unknown }).id;
}

function keysOf(req: DBCoreMutateRequest): readonly unknown[] {
  if (req.type === 'add' || req.type === 'put') return req.keys ?? req.values.map(keyOf);
  return req.type === 'delete' ? req.keys : [];
}

function deltaOf(req: DBCoreMutateRequest, before: readonly unknown[], res: DBCoreMutateResponse) {
  const delta = new Map<string, number>();
  const add = (row: unknown, sign: number) => {
    for (const bucket of countBuckets(row)) delta.set(bucket, (delta.get(bucket) ?? 0) + sign);
  };
  if (req.type === 'deleteRange') {
    before.forEach((row) => add(row, -1));
    return delta;
  }
  // One request may name a key twice (bulkPut of two versions of a row): the row in the table follows
  // each write in turn, and only the last one stays.
  const keys = keysOf(req);
  const current = new Map<unknown, unknown>();
  keys.forEach((key, i) => {
    if (!current.has(key)) current.set(key, before[i]);
  });
  keys.forEach((key, i) => {
    if (res.failures[i] !== undefined) return;
    const next = req.type === 'delete' ? undefined : req.values[i];
    add(current.get(key), -1);
    add(next, 1);
    current.set(key, next);
  });
  return delta;
}

function nextCounts(
  req: DBCoreMutateRequest,
  before: readonly unknown[],
  res: DBCoreMutateResponse,
  current: HouseholdCounts | undefined,
): HouseholdCounts | null {
  const delta = deltaOf(req, before, res);
  if ([...delta.values()].every((n) => n === 0)) return null;
  const counts = { ...current };
  for (const [bucket, n] of delta) counts[bucket] = (counts[bucket] ?? 0) + n;
  // Buckets that emptied go, so the row equals the counts made from scratch.
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
}

function mutateCounted(
  core: DBCore,
  table: DBCoreTable,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  if (!hasStore(req.trans, COUNTS_TABLE) || countNeutral.has(req.trans)) return table.mutate(req);
  const meta = core.table(COUNTS_TABLE);
  return rowsBefore(table, req).then((before) =>
    table.mutate(req).then((res) =>
      meta.get({ trans: req.trans, key: COUNTS_KEY }).then((row: { value?: HouseholdCounts } | undefined) => {
        // An emptied table drops its counts row: no row means no household was counted, as in a new database.
        if (req.type === 'deleteRange' && req.range.type === ANY_RANGE) {
          return meta.mutate({ trans: req.trans, type: 'delete', keys: [COUNTS_KEY] }).then(() => res);
        }
        const counts = nextCounts(req, before, res, row?.value);
        if (counts === null) return res;
        return meta
          .mutate({ trans: req.trans, type: 'put', values: [{ key: COUNTS_KEY, value: counts }] })
          .then(() => res);
      }),
    ),
  );
}

/** Registered by `BangfuDatabase` (`db.use`). */
export const householdCountsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'HouseholdCounts',
  create(down) {
    return {
      ...down,
      transaction: widening(
        down,
        COUNTS_TABLE,
        (stores, mode) => mode === 'readwrite' && stores.includes(COUNTED_TABLE),
      ),
      table(name) {
        const table = down.table(name);
        if (name !== COUNTED_TABLE) return table;
        return { ...table, mutate: (req) => mutateCounted(down, table, req) };
      },
    };
  },
};
