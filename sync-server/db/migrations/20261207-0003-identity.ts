import type { Migration } from './index';

/**
 * One person, one file (docs/identity.md).
 *
 * - `identity_findings`: a possible double filing between two households. `held_household_id` is the one
 *   whose case waits (the later one); `pair_key` is both household ids sorted and joined, so a pair is
 *   raised once per kind while open. Settled findings stay as history.
 * - `identity_dismissals`: pairs a person marked "not a duplicate", never raised again.
 * - `household_keys`: the other evidence of a possible duplicate (mobile, bank card, name + birth date), one
 *   row per key per record, kept by a record indexer like `person_ids`.
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

CREATE TABLE household_keys (
  record_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  household_id TEXT NOT NULL,
  PRIMARY KEY (record_id, kind)
) WITHOUT ROWID;
CREATE INDEX household_keys_value ON household_keys(kind, value);

INSERT OR IGNORE INTO household_keys (record_id, kind, value, household_id)
  SELECT id, 'mobile', trim(json_extract(data, '$.mobile')), id FROM sync_records
   WHERE type = 'household' AND deleted = 0 AND json_type(data, '$.mobile') = 'text'
     AND trim(json_extract(data, '$.mobile')) <> '';
INSERT OR IGNORE INTO household_keys (record_id, kind, value, household_id)
  SELECT id, 'bank_card', replace(json_extract(data, '$.bankCardNumber'), ' ', ''), id FROM sync_records
   WHERE type = 'household' AND deleted = 0 AND json_type(data, '$.bankCardNumber') = 'text'
     AND replace(json_extract(data, '$.bankCardNumber'), ' ', '') <> '';
INSERT OR IGNORE INTO household_keys (record_id, kind, value, household_id)
  SELECT id, 'name_birth', trim(json_extract(data, '$.headName')) || '|' || json_extract(data, '$.headBirthDate'), id
    FROM sync_records
   WHERE type = 'household' AND deleted = 0 AND json_type(data, '$.headName') = 'text'
     AND json_type(data, '$.headBirthDate') = 'text' AND trim(json_extract(data, '$.headName')) <> '';
INSERT OR IGNORE INTO household_keys (record_id, kind, value, household_id)
  SELECT id, 'name_birth', trim(json_extract(data, '$.name')) || '|' || json_extract(data, '$.birthDate'),
         coalesce(household_id, json_extract(data, '$.householdId'))
    FROM sync_records
   WHERE type = 'member' AND deleted = 0 AND json_type(data, '$.name') = 'text'
     AND json_type(data, '$.birthDate') = 'text' AND trim(json_extract(data, '$.name')) <> ''
     AND coalesce(household_id, json_extract(data, '$.householdId')) IS NOT NULL;
`,
};
