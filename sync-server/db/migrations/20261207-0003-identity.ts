import type { Migration } from './index';

/**
 * One person, one file (docs/identity.md).
 *
 * - `identity_findings`: a possible double filing between two households. `held_household_id` is the one
 *   whose case waits (the later one); `pair_key` is both household ids sorted and joined, so a pair is
 *   raised once per kind while open. Settled findings stay as history.
 * - `identity_dismissals`: pairs a person marked "not a duplicate", never raised again.
 */
export const identity: Migration = {
  id: '20261207-0003-identity',
  sql: `
CREATE TABLE identity_findings (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('same_id', 'possible')),
  evidence TEXT NOT NULL,
  -- The compared values (ID number normalised, mobile, card, name|birth), for the masked evidence text.
  evidence_values TEXT NOT NULL,
  pair_key TEXT NOT NULL,
  held_household_id TEXT NOT NULL,
  held_unit_path TEXT NOT NULL,
  held_record_id TEXT,
  held_role TEXT,
  other_household_id TEXT NOT NULL,
  other_unit_path TEXT NOT NULL,
  other_record_id TEXT,
  other_role TEXT,
  source TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  created_at TEXT NOT NULL,
  created_by TEXT,
  resolved_at TEXT,
  resolved_by TEXT,
  resolved_by_name TEXT,
  reason TEXT,
  survivor_id TEXT
);
CREATE UNIQUE INDEX identity_findings_open_pair ON identity_findings(pair_key, kind) WHERE status = 'open';
CREATE INDEX identity_findings_held ON identity_findings(held_household_id, status);
CREATE INDEX identity_findings_other ON identity_findings(other_household_id, status);
CREATE INDEX identity_findings_status ON identity_findings(status, created_at, id);
-- A county's queue: its scope on either side (unit path ranges), in order.
CREATE INDEX identity_findings_held_scope ON identity_findings(status, held_unit_path);
CREATE INDEX identity_findings_other_scope ON identity_findings(status, other_unit_path);

CREATE TABLE identity_dismissals (
  pair_key TEXT PRIMARY KEY,
  finding_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  dismissed_by TEXT NOT NULL,
  dismissed_at TEXT NOT NULL
) WITHOUT ROWID;

`,
};
