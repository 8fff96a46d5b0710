import type { Migration } from './index';

/**
 * Monitoring and early warning (docs/dynamic-management.md), all kept by sync-server/monitoring/:
 *
 * - `county_settings`: one row per value of a county setting from a date on (history kept; the value in
 *   force is the latest `effective_from` not after the day). Keys and value shapes:
 *   shared/monitoring/settings.ts.
 * - `monitoring_cases`: one row per live household with its county and the first day on which the
 *   time-based rules may raise something new (`next_due_on`); the sweep reads due rows through its index.
 * - `monitoring_income`: the per-capita income measured at each visit, against that day's standard.
 * - `monitoring_warnings`: raised warnings; (household, rule, occasion key) is raised once.
 * - `monitoring_register`: the monitoring register; at most one active entry per household, its reasons
 *   as a JSON list; leaving is a decision with a reason (removed_*), the row is kept.
 * - `monitoring_counts`: one row per counted closed-loop event (data monitoring), by unit and month.
 */
export const monitoring: Migration = {
  id: '20261207-0005-monitoring',
  sql: `
CREATE TABLE county_settings (
  county_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value_json TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  set_by TEXT,
  set_by_name TEXT,
  set_at TEXT NOT NULL,
  PRIMARY KEY (county_id, key, effective_from)
);

CREATE TABLE monitoring_cases (
  household_id TEXT PRIMARY KEY,
  county_id TEXT,
  unit_path TEXT NOT NULL,
  next_due_on TEXT
);
CREATE INDEX monitoring_cases_due ON monitoring_cases(next_due_on) WHERE next_due_on IS NOT NULL;
-- Households already stored are due at once: the sweep evaluates them in small batches after start.
INSERT INTO monitoring_cases (household_id, county_id, unit_path, next_due_on)
SELECT id, NULL, unit_path, '0000-01-01' FROM case_index;

CREATE TABLE monitoring_income (
  household_id TEXT NOT NULL,
  visit_id TEXT NOT NULL,
  observed_on TEXT NOT NULL,
  per_capita_fen INTEGER NOT NULL,
  standard_fen INTEGER,
  PRIMARY KEY (household_id, visit_id)
);

CREATE TABLE monitoring_warnings (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  owner_unit_id TEXT NOT NULL,
  owner_unit_path TEXT NOT NULL,
  rule TEXT NOT NULL,
  occasion TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  raised_at TEXT NOT NULL,
  handled_at TEXT,
  handled_by TEXT,
  handled_by_name TEXT,
  action TEXT,
  note TEXT,
  UNIQUE (household_id, rule, occasion)
);
CREATE INDEX monitoring_warnings_owner ON monitoring_warnings(owner_unit_path, status, raised_at);
CREATE INDEX monitoring_warnings_unit ON monitoring_warnings(unit_path, status);

CREATE TABLE monitoring_register (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  reasons_json TEXT NOT NULL,
  added_at TEXT NOT NULL,
  added_by TEXT,
  added_by_name TEXT,
  removed_at TEXT,
  removed_by TEXT,
  removed_by_name TEXT,
  removal_reason TEXT
);
CREATE UNIQUE INDEX monitoring_register_active ON monitoring_register(household_id) WHERE removed_at IS NULL;
CREATE INDEX monitoring_register_unit ON monitoring_register(unit_path, added_at);

CREATE TABLE monitoring_counts (
  event_id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  year INTEGER NOT NULL,
  month INTEGER NOT NULL,
  kind TEXT NOT NULL
);
CREATE INDEX monitoring_counts_scope ON monitoring_counts(year, unit_path);
`,
};
