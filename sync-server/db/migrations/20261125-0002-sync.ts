import type { Migration } from './index';

/**
 * Sync storage (docs/sync-protocol.md): every synced record in one table, one monotonic sequence for all
 * writes, idempotency by change id, conflicts, devices, and content-addressed attachments.
 */
export const sync: Migration = {
  id: '20261125-0002-sync',
  sql: `
-- The single server sequence: every write to a record takes the next rev here. It doubles as the write
-- log that tells whether someone else changed a record after the rev a tablet based a delete on.
CREATE TABLE sync_writes (
  rev INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id TEXT NOT NULL,
  device_id TEXT,
  at TEXT NOT NULL
);
CREATE INDEX sync_writes_record ON sync_writes(record_id, rev);

CREATE TABLE sync_records (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  unit_id TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  household_id TEXT,
  data TEXT NOT NULL,
  rev INTEGER NOT NULL UNIQUE,
  deleted INTEGER NOT NULL DEFAULT 0,
  created_by TEXT,
  updated_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Scoped pulls: a range on the unit path, then rev.
CREATE INDEX sync_records_scope ON sync_records(unit_path, rev);
CREATE INDEX sync_records_household ON sync_records(household_id, type);
CREATE INDEX sync_records_attachment_sha ON sync_records(json_extract(data, '$.sha256'))
  WHERE type = 'attachment';

-- Idempotency: the answer given to each change id, returned again on a replay.
CREATE TABLE sync_changes (
  change_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  device_id TEXT,
  content_hash TEXT NOT NULL,
  record_id TEXT,
  status TEXT NOT NULL,
  result TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE sync_conflicts (
  id TEXT PRIMARY KEY,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  household_id TEXT,
  unit_id TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  field TEXT NOT NULL,
  base_value TEXT NOT NULL,
  server_value TEXT NOT NULL,
  client_value TEXT NOT NULL,
  client_user_id TEXT NOT NULL,
  client_user_name TEXT NOT NULL,
  device_id TEXT,
  change_id TEXT,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  resolution TEXT,
  resolved_by TEXT,
  resolved_by_name TEXT,
  resolved_at TEXT
);
CREATE INDEX sync_conflicts_record ON sync_conflicts(record_id, field, status);
CREATE INDEX sync_conflicts_scope ON sync_conflicts(unit_path, status, created_at);

CREATE TABLE sync_devices (
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  last_push_at TEXT,
  last_pull_at TEXT,
  last_bundle_at TEXT,
  pending_count INTEGER,
  pending_reported_at TEXT,
  PRIMARY KEY (user_id, device_id)
);

-- The secret a device signs its bundle files with; issued once per (user, device).
CREATE TABLE sync_device_keys (
  user_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, device_id)
);

CREATE TABLE attachment_blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE attachment_uploads (
  sha256 TEXT PRIMARY KEY,
  length INTEGER NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`,
};
