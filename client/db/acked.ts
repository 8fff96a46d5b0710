import { Dexie } from 'dexie';
import { hasStore, widening } from './household-counts';
import type {
  DBCore,
  DBCoreCursor,
  DBCoreKeyRange,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
} from 'dexie';

/**
 * Acknowledged records that were not rewritten (table `acked`, schema version 6).
 *
 * When the server answers a pushed visit or member with exactly the data the tablet holds, the only things
 * that change about the local copy are its `rev`, its `pending` flag (no change waits any more) and its
 * `updatedAt` (the server's time). Writing the whole, wide, indexed row back for that was most of a
 * push's IndexedDB time (4.5 s of a 10,000-visit push), and IndexedDB's cost is mostly per request, so one
 * small row per record is not much cheaper. Instead the answer to a batch writes ONE row here,
 * `{ seq, entries: { [recordId]: [rev, updatedAt] } }`, and this DBCore middleware lays those entries over
 * the records wherever they are read: every `get`, `bulkGet`, query and cursor of `visits` and `members`
 * returns the row with that rev, `pending: 0` and that `updatedAt`, exactly as if it had been rewritten.
 * Any write of such a record (an edit, a pulled version, a delete, a wipe) removes its entry in the same
 * transaction, so the written row is the truth again. Readers never see the difference, whichever module
 * reads.
 *
 * A transaction that reads these tables reads the whole `acked` table once (one request; rows are few, a
 * batch each, and hold two small values per record), and only when it is not empty (one count).
 *
 * Only tables none of whose indexes hold `rev`, `pending` or `updatedAt` qualify: an index over a
 * field the overlay changes would answer with the stale value. Households (listed and counted by
 * `pending` and `updatedAt`) and the tables still indexed by `pending` (schema version 1) are rewritten as
 * before.
 */

export const ACKED_TABLE = 'acked';

/** The record tables whose acknowledgements go to `acked` (no index on rev, pending or updatedAt). */
export const ACKED_RECORD_TABLES: readonly string[] = ['visits', 'members'];

/** The acknowledgements of one push answer (see the module comment). */
export interface AckedRow {
  seq?: number;
  /** Record id → [rev, updatedAt] (ids are unique across record tables). */
  entries: Record<string, [number, string]>;
}

/** What the overlay lays over a record. */
interface Ack {
  rev: number;
  updatedAt: string;
  /** The `acked` row that holds it. */
  seq: number;
}

/** The whole table (DBCoreRangeType.Any). */
const ANY: DBCoreKeyRange = {
  type: 3,
  lower: undefined,
  upper: undefined,
  lowerOpen: false,
  upperOpen: false,
};

/**
 * Per transaction (IndexedDB's own): the acknowledgements by record id, read once. Dexie's promises (what
 * DBCore returns) are chained with `then`, never awaited, as in household-counts.ts: Dexie finds the
 * running transaction (and a live query its reads) through its promise zone.
 */
const loaded = new WeakMap<object, Promise<Map<string, Ack>>>();

function acksOf(core: DBCore, trans: DBCoreTransaction): Promise<Map<string, Ack>> {
  let acks = loaded.get(trans);
  if (!acks) {
    const acked = core.table(ACKED_TABLE);
    const query = { index: acked.schema.primaryKey, range: ANY };
    acks = acked.count({ trans, query }).then((count) => {
      if (count === 0) return new Map<string, Ack>();
      return acked.query({ trans, values: true, query }).then(({ result }) => {
        const map = new Map<string, Ack>();
        for (const row of result as Required<AckedRow>[]) {
          for (const [id, [rev, updatedAt]] of Object.entries(row.entries)) {
            map.set(id, { rev, updatedAt, seq: row.seq });
          }
        }
        return map;
      });
    });
    loaded.set(trans, acks);
  }
  return acks;
}

function idOf(row: unknown): unknown {
  return typeof row === 'object' && row !== null ? (row as { id?: unknown }).id : undefined;
}

/** The record as its acknowledgement left it (a new object: rows from Dexie's cache are shared). */
function laid(row: unknown, acks: Map<string, Ack>): unknown {
  const id = idOf(row);
  const ack = typeof id === 'string' ? acks.get(id) : undefined;
  if (!ack || typeof row !== 'object' || row === null) return row;
  return { ...row, rev: ack.rev, pending: 0, updatedAt: ack.updatedAt };
}

function overlayCursor(cursor: DBCoreCursor, acks: Map<string, Ack>): DBCoreCursor {
  if (acks.size === 0) return cursor;
  return Object.create(cursor, {
    value: { get: () => laid(cursor.value, acks) },
  }) as DBCoreCursor;
}

/** The keys of the records a mutation writes or removes (a range is looked up first). */
function writtenKeys(table: DBCoreTable, req: DBCoreMutateRequest): Promise<unknown[]> {
  switch (req.type) {
    case 'add':
    case 'put':
      return Dexie.Promise.resolve([...(req.keys ?? req.values.map(idOf))]);
    case 'delete':
      return Dexie.Promise.resolve([...req.keys]);
    case 'deleteRange':
      return table
        .query({
          trans: req.trans,
          values: false,
          query: { index: table.schema.primaryKey, range: req.range },
        })
        .then(({ result }) => result);
  }
}

/**
 * Writes the records, then removes their acknowledgements: the `acked` rows that held them are written
 * again without them (or deleted when emptied), in the same transaction.
 */
function mutateAndForget(
  core: DBCore,
  table: DBCoreTable,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  if (!hasStore(req.trans, ACKED_TABLE)) return table.mutate(req);
  return acksOf(core, req.trans).then((acks) => {
    if (acks.size === 0) return table.mutate(req);
    return writtenKeys(table, req).then((keys) =>
      table.mutate(req).then((res) => {
        const bySeq = new Map<number, string[]>();
        for (const key of keys) {
          const ack = typeof key === 'string' ? acks.get(key) : undefined;
          if (!ack) continue;
          bySeq.set(ack.seq, [...(bySeq.get(ack.seq) ?? []), key as string]);
          acks.delete(key as string);
        }
        if (bySeq.size === 0) return res;
        const acked = core.table(ACKED_TABLE);
        return acked.getMany({ trans: req.trans, keys: [...bySeq.keys()] }).then((rows) => {
          const puts: AckedRow[] = [];
          const deletes: number[] = [];
          for (const row of rows as (Required<AckedRow> | undefined)[]) {
            if (!row) continue;
            const gone = new Set(bySeq.get(row.seq));
            const entries = Object.fromEntries(Object.entries(row.entries).filter(([id]) => !gone.has(id)));
            if (Object.keys(entries).length === 0) deletes.push(row.seq);
            else puts.push({ seq: row.seq, entries });
          }
          const writes: Promise<unknown>[] = [];
          if (puts.length > 0) writes.push(acked.mutate({ trans: req.trans, type: 'put', values: puts }));
          if (deletes.length > 0)
            writes.push(acked.mutate({ trans: req.trans, type: 'delete', keys: deletes }));
          return Dexie.Promise.all(writes).then(() => res);
        });
      }),
    );
  });
}

/** Registered by `BangfuDatabase` (`db.use`). */
export const ackedMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'AckedRevs',
  create(down) {
    return {
      ...down,
      transaction: widening(down, ACKED_TABLE, (stores) =>
        stores.some((store) => ACKED_RECORD_TABLES.includes(store)),
      ),
      table(name) {
        const table = down.table(name);
        if (name === ACKED_TABLE) {
          // A write from above (a push answer) makes the transaction read the table again.
          return {
            ...table,
            mutate: (req) => {
              loaded.delete(req.trans);
              return table.mutate(req);
            },
          };
        }
        if (!ACKED_RECORD_TABLES.includes(name)) return table;
        const covered = (trans: DBCoreTransaction) => hasStore(trans, ACKED_TABLE);
        return {
          ...table,
          // The acknowledgements are asked for together with the rows, while the transaction is surely
          // active: a live query's rows may come from Dexie's cache after the transaction has ended.
          get: (req) =>
            covered(req.trans)
              ? Dexie.Promise.all([acksOf(down, req.trans), table.get(req)]).then(([acks, row]) =>
                  laid(row, acks),
                )
              : table.get(req),
          getMany: (req) =>
            covered(req.trans)
              ? Dexie.Promise.all([acksOf(down, req.trans), table.getMany(req)]).then(([acks, rows]) =>
                  rows.map((row) => laid(row, acks)),
                )
              : table.getMany(req),
          query: (req) =>
            covered(req.trans) && req.values
              ? Dexie.Promise.all([acksOf(down, req.trans), table.query(req)]).then(([acks, res]) => ({
                  ...res,
                  result: res.result.map((row) => laid(row, acks)),
                }))
              : table.query(req),
          openCursor: (req) =>
            covered(req.trans) && req.values !== false
              ? Dexie.Promise.all([acksOf(down, req.trans), table.openCursor(req)]).then(
                  ([acks, cursor]) => cursor && overlayCursor(cursor, acks),
                )
              : table.openCursor(req),
          mutate: (req) => mutateAndForget(down, table, req),
        };
      },
    };
  },
};
