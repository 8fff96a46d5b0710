import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';

// Sync runs thousands of identical statements per push; preparing each once per database saves most of
// the per-change cost.
const cache = new WeakMap<Db, Map<string, Statement>>();

export function stmt(db: Db, sql: string): Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
