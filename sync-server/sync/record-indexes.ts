import type { Db } from '../db/database';
import type { StoredRecord } from './store';

/**
 * Summaries the server keeps beside `sync_records`, maintained by every write: a record indexer sees each
 * record as `writeRecord` stores it (inside the writer's transaction) and updates its own table. Queries
 * that would otherwise scan and parse every record's JSON (which household holds this ID number, which
 * records name this file, the case list) read these tables through their indexes instead.
 *
 * Indexers are process-wide and stateless (they write through the `db` they are handed), like the sync
 * hooks, so installing them once serves every server in the process.
 */
export type RecordIndexer = (db: Db, record: StoredRecord) => void;

const indexers = new Map<string, RecordIndexer>();

/** Adds (or replaces) the indexer registered under `name`. */
export function registerRecordIndexer(name: string, indexer: RecordIndexer): void {
  indexers.set(name, indexer);
}

/** Removes the indexer registered under `name` (benchmarks measure what one costs). */
export function removeRecordIndexer(name: string): void {
  indexers.delete(name);
}

/** Runs every indexer for a record just written; called by `writeRecord` only. */
export function indexRecord(db: Db, record: StoredRecord): void {
  for (const indexer of indexers.values()) indexer(db, record);
}
