import type { Migration } from './index';

/**
 * Who wrote each record last, kept on the record instead of looked up in the write log. A delete asks
 * whether anyone other than the deleting device wrote the record after the rev it saw; that needs only
 * the last writer's device and the newest rev written by anyone else, both updated by every write. The
 * write log's index on record id served that question alone, and cost every write an insert at a random
 * place (a record id is a UUID), so it goes.
 */
export const recordWriters: Migration = {
  id: '20261125-0003-record-writers',
  sql: `
-- The device of the newest write (NULL: the server itself wrote it).
ALTER TABLE sync_records ADD COLUMN last_device_id TEXT;
-- The newest rev written by anyone other than last_device_id (the server counts as other), 0 if none;
-- read only while last_device_id is set.
ALTER TABLE sync_records ADD COLUMN other_rev INTEGER NOT NULL DEFAULT 0;

UPDATE sync_records SET last_device_id = (SELECT device_id FROM sync_writes WHERE rev = sync_records.rev);
UPDATE sync_records SET other_rev = coalesce((
  SELECT max(w.rev) FROM sync_writes w
   WHERE w.record_id = sync_records.id
     AND (w.device_id IS NULL OR sync_records.last_device_id IS NULL OR w.device_id != sync_records.last_device_id)
), 0);

DROP INDEX sync_writes_record;
`,
};
