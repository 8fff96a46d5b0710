import type { Migration } from './index';

/**
 * The oversight indicators (docs/indicators.md), kept by sync-server/oversight/indicator-facts.ts:
 *
 * - `indicator_facts`: the facts about a household that the indicators count (shared/indicators/facts.ts):
 *   its first city filing of each cycle (`filed`), first payment (`paid`), each approved plan (`plan`),
 *   each exit (`exit`, with `evidenced` and the day the household came back, `returned_on`) and the closing
 *   of its file (`closed`); `ok` says whether the fact meets its indicator's test. Dated by day and month
 *   (`ym`), with the household's unit path (kept up to date when the household moves).
 * - `indicator_counts`: the same counted by (kind, unit path, month, ok), kept by the triggers below in the
 *   writer's transaction; the dashboard reads only these counters (a few rows per grid and month), never
 *   the facts, so a city-wide read is bounded by the size of the organisation, not the households.
 * - `indicator_backfill`: one row while the facts of households stored before this migration are still to
 *   be derived; the server's start does it in chunks (`fillIndicatorFacts`) and deletes the row.
 */
export const indicators: Migration = {
  id: '20261207-0012-indicators',
  sql: `
CREATE TABLE indicator_facts (
  household_id TEXT NOT NULL,
  cycle INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('filed', 'paid', 'plan', 'exit', 'closed')),
  day TEXT NOT NULL,
  ym TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  -- exit only: the exit is grounded (shared exitEvidenced), and the day the household came back.
  evidenced INTEGER NOT NULL DEFAULT 1,
  returned_on TEXT,
  PRIMARY KEY (household_id, cycle, kind, day)
) WITHOUT ROWID;
-- The drill-down: the facts of one kind in a scope and months.
CREATE INDEX indicator_facts_scope ON indicator_facts(kind, unit_path, ym, ok);

CREATE TABLE indicator_counts (
  kind TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  ym TEXT NOT NULL,
  ok INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (kind, unit_path, ym, ok)
) WITHOUT ROWID;

CREATE TRIGGER indicator_facts_insert AFTER INSERT ON indicator_facts BEGIN
  INSERT INTO indicator_counts (kind, unit_path, ym, ok, n) VALUES (NEW.kind, NEW.unit_path, NEW.ym, NEW.ok, 1)
    ON CONFLICT (kind, unit_path, ym, ok) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER indicator_facts_delete AFTER DELETE ON indicator_facts BEGIN
  UPDATE indicator_counts SET n = n - 1
   WHERE kind = OLD.kind AND unit_path = OLD.unit_path AND ym = OLD.ym AND ok = OLD.ok;
END;
CREATE TRIGGER indicator_facts_update AFTER UPDATE OF kind, unit_path, ym, ok ON indicator_facts
WHEN OLD.kind <> NEW.kind OR OLD.unit_path <> NEW.unit_path OR OLD.ym <> NEW.ym OR OLD.ok <> NEW.ok BEGIN
  UPDATE indicator_counts SET n = n - 1
   WHERE kind = OLD.kind AND unit_path = OLD.unit_path AND ym = OLD.ym AND ok = OLD.ok;
  INSERT INTO indicator_counts (kind, unit_path, ym, ok, n) VALUES (NEW.kind, NEW.unit_path, NEW.ym, NEW.ok, 1)
    ON CONFLICT (kind, unit_path, ym, ok) DO UPDATE SET n = n + 1;
END;

CREATE TABLE indicator_backfill (after_id TEXT NOT NULL);
INSERT INTO indicator_backfill (after_id) VALUES ('');
`,
};
