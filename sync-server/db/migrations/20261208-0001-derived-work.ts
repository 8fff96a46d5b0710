import type { Migration } from './index';

/**
 * Work a push derives from what it wrote but whose result the tablet's reply does not carry (the
 * monitoring of finalised visits: income, warnings, the register). The push writes one row per batch in
 * its own transaction, so the work survives a kill; the server drains the rows after the reply
 * (sync-server/sync/derived-work.ts). Rows are taken oldest first and deleted in the transaction that
 * does their work; a row whose work failed keeps its error and is not tried again by itself.
 */
export const derivedWork: Migration = {
  id: '20261208-0001-derived-work',
  sql: `CREATE TABLE sync_derived_work (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    error TEXT
  );`,
};
