import type { Migration } from './index';

/**
 * The organisation tree administered in the app (docs/administration.md, "Organisation tree").
 *
 * - `units.code`: the unit's administrative code (GB/T 2260 / GB/T 10114). Until now a unit's id was its
 *   code; the id stays fixed (paths, users and records name it), while the code can change when a unit is
 *   moved and renumbered. Backfilled from the id for the units that have a numeric one.
 * - `units.credit_code`: an enterprise union's 统一社会信用代码; `units.active`/`deactivated_at`: a
 *   deactivated unit stays in the tree (records of the past name it) but takes no new cases or users.
 * - `sync_departures`: "moved out of your scope" for pulls (docs/sync-protocol.md, section 3): when a
 *   record leaves a unit's subtree (a case transfer, a unit moved elsewhere, a unit deactivated), one row
 *   with its own rev from the server sequence and the old and new paths. A pull of a scope that held the
 *   old path and does not hold the new one gets a tombstone `{movedTo}` for it, ordered by that rev.
 */
export const orgTree: Migration = {
  id: '20261207-0007-org-tree',
  sql: `
ALTER TABLE units ADD COLUMN code TEXT;
ALTER TABLE units ADD COLUMN credit_code TEXT;
ALTER TABLE units ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN deactivated_at TEXT;
UPDATE units SET code = id WHERE level IN ('city', 'county', 'township', 'grid') AND id NOT GLOB '*[^0-9]*';
CREATE UNIQUE INDEX units_code ON units(code) WHERE code IS NOT NULL;
CREATE UNIQUE INDEX units_credit_code ON units(credit_code) WHERE credit_code IS NOT NULL;
-- Counting a unit's own cases and users (deactivation, the tree's figures) without scanning.
CREATE INDEX IF NOT EXISTS users_unit ON users(unit_id, active);
CREATE INDEX case_index_unit ON case_index(unit_id);
CREATE INDEX sync_records_unit ON sync_records(unit_id);

CREATE TABLE sync_departures (
  rev INTEGER PRIMARY KEY,
  record_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  from_path TEXT NOT NULL,
  to_unit_id TEXT NOT NULL,
  to_path TEXT NOT NULL,
  at TEXT NOT NULL
);
-- A scope's departures after its cursor: a range on the old path, then rev.
CREATE INDEX sync_departures_scope ON sync_departures(from_path, rev);
-- Whether a pushed edit was based on a version from before the record left the author's scope.
CREATE INDEX sync_departures_record ON sync_departures(record_id, rev);
`,
};
