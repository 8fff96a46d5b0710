import type { Migration } from './index';

export const foundation: Migration = {
  id: '20261125-0001-foundation',
  sql: `
CREATE TABLE units (
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES units(id),
  level TEXT NOT NULL,
  name TEXT NOT NULL,
  path TEXT NOT NULL UNIQUE
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_id TEXT NOT NULL REFERENCES units(id),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  device_id TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
  username TEXT NOT NULL COLLATE NOCASE,
  address TEXT NOT NULL,
  failed_at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(username, address, failed_at);

-- Append-only: triggers refuse UPDATE and DELETE, so the log cannot be edited even by a bug.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user_id TEXT,
  role TEXT,
  unit_id TEXT,
  action TEXT NOT NULL,
  entity_type TEXT,
  entity_id TEXT,
  case_id TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_case ON audit_log(case_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
};
