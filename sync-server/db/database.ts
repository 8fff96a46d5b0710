import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

/** Page cache of the server's connection, in KiB. */
const CACHE_KIB = 64 * 1024;
/** WAL pages (4 KiB) after which the writing connection checkpoints by itself. */
const AUTOCHECKPOINT_PAGES = 16 * 1024;

/**
 * Opens (and creates) the SQLite database in `dataDir`, with WAL and foreign keys on, and applies every
 * migration that has not run yet, each in its own transaction, recorded in `schema_migrations`.
 */
export function openDatabase(dataDir: string, fileName = 'bangfu.sqlite'): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // In WAL mode NORMAL syncs at checkpoints, not at every commit: a committed push survives a crash of
  // the process (its frames are in the WAL file), though not necessarily a power cut in the last moments
  // before the next checkpoint (docs/sync-protocol.md, "Durability").
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Savepoints (one per sync change and command) and sort spills stay in memory instead of temp files.
  db.pragma('temp_store = MEMORY');
  // A push of a few hundred changes reads and dirties a few thousand pages (random index leaves); 64 MB
  // keeps the indexes and recent rows of a county's database in memory instead of re-reading them.
  db.pragma(`cache_size = -${CACHE_KIB}`);
  // Checkpoints run in the background (checkpointer.ts); the writer checkpoints itself only when the WAL
  // passes 64 MB, rather than after nearly every push at the default 4 MB. The file is cut back to that
  // size after a checkpoint.
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  db.pragma(`journal_size_limit = ${AUTOCHECKPOINT_PAGES * 4096}`);
  migrate(db);
  return db;
}

export function migrate(db: Db): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    db
      .prepare('SELECT id FROM schema_migrations')
      .all()
      .map((row) => (row as { id: string }).id),
  );
  const ran: string[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(
        migration.id,
        new Date().toISOString(),
      );
    })();
    ran.push(migration.id);
  }
  return ran;
}
