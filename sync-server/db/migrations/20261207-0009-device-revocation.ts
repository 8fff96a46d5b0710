import type { Migration } from './index';

/**
 * Lost or handed-over tablets (docs/administration.md, "Lost or handed-over tablets").
 *
 * - `device_revocations`: one row per revoked device id (a tablet's id names the tablet whoever signs in
 *   on it). Sessions bound to the id, its bundle-signing secrets and its bundle files are refused from
 *   `revoked_at` on; `wiped_at` is when the tablet reported that it wiped itself.
 * - `sync_devices.label` / `user_agent`: a name the worker gives the tablet and a summary of its browser,
 *   so the township can tell whose tablet is whose.
 */
export const deviceRevocation: Migration = {
  id: '20261207-0009-device-revocation',
  sql: `
CREATE TABLE device_revocations (
  device_id TEXT PRIMARY KEY,
  revoked_at TEXT NOT NULL,
  revoked_by TEXT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  push_first INTEGER NOT NULL CHECK (push_first IN (0, 1)),
  wiped_at TEXT
);

ALTER TABLE sync_devices ADD COLUMN label TEXT;
ALTER TABLE sync_devices ADD COLUMN user_agent TEXT;

CREATE INDEX sync_devices_device ON sync_devices(device_id);
CREATE INDEX sync_device_keys_device ON sync_device_keys(device_id);
CREATE INDEX sessions_device ON sessions(device_id) WHERE device_id IS NOT NULL;
`,
};
