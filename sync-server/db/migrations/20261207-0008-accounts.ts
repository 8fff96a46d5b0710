import type { Migration } from './index';

/**
 * Accounts (docs/administration.md, "Accounts"):
 * - `users.must_change_password`: set by every password an administrator gives (a reset, a new account)
 *   and for the demo accounts; while set, the session may only change the password.
 * - `users.last_login_at`: shown in the administrator's list.
 * - `ended_sessions`: sessions an administrator ended (account deactivated, password reset), kept until
 *   they would have expired anyway, so a tablet that presents one hears why in words, not just "401".
 */
export const accounts: Migration = {
  id: '20261207-0008-accounts',
  sql: `
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_login_at TEXT;

CREATE TABLE ended_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX ended_sessions_expiry ON ended_sessions(expires_at);
`,
};
