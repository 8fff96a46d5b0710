import type { Migration } from './index';

/**
 * The device that received a record's current version in the answer to its own push. A pull from that
 * device may leave the version out (`omitOwnPushes`, docs/sync-protocol.md section 5): the tablet has it
 * already, and a township's push of 10,000 visits no longer downloads them all again. Any other write
 * (another device, a bundle import, the server) clears it.
 */
export const answeredDevice: Migration = {
  id: '20261125-0004-answered-device',
  sql: `ALTER TABLE sync_records ADD COLUMN answered_device_id TEXT;`,
};
