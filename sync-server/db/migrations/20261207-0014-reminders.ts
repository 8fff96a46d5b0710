import type { Migration } from './index';

/**
 * 督办提醒 (sync-server/monitoring/reminders.ts): a reminder from a unit to one below it that lags, kept
 * with who sent it, and who acknowledged it at the receiving unit. Read by the receiving unit (its home
 * page) and by the sending unit (the data monitoring screen), newest first, through the two indexes.
 */
export const reminders: Migration = {
  id: '20261207-0014-reminders',
  sql: `
CREATE TABLE work_reminders (
  id TEXT PRIMARY KEY,
  from_unit_id TEXT NOT NULL REFERENCES units(id),
  from_user_id TEXT NOT NULL REFERENCES users(id),
  to_unit_id TEXT NOT NULL REFERENCES units(id),
  message TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  acknowledged_at TEXT,
  acknowledged_by TEXT REFERENCES users(id)
);
CREATE INDEX work_reminders_to ON work_reminders(to_unit_id, sent_at);
CREATE INDEX work_reminders_from ON work_reminders(from_unit_id, sent_at);
`,
};
