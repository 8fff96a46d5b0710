import type { Migration } from './index';

/**
 * Visit rounds of the year of dynamic management (docs/dynamic-management.md, "Visit rounds").
 *
 * - The round calendars themselves are server-authored sync records of type `roundCalendar` (one per unit
 *   and year, pulled by everyone at or below the unit); the partial index finds a unit's calendars without
 *   reading any other record.
 * - `round_visits`: one row per live, final visit with its household and date, kept by the record indexer
 *   of sync-server/rounds/round-store.ts, so coverage ("which filed households had a visit inside the
 *   round") is an index probe per household instead of a scan of every visit's JSON. Backfilled here.
 */
export const roundCalendar: Migration = {
  id: '20261207-0004-round-calendar',
  sql: `
CREATE INDEX sync_records_round_calendar ON sync_records(unit_path) WHERE type = 'roundCalendar';

CREATE TABLE round_visits (
  visit_id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  visit_date TEXT NOT NULL
);
-- "Did this household have a final visit between these dates?"
CREATE INDEX round_visits_household ON round_visits(household_id, visit_date);

INSERT INTO round_visits (visit_id, household_id, unit_path, visit_date)
SELECT id, coalesce(household_id, json_extract(data, '$.householdId')), unit_path,
       json_extract(data, '$.visitDate')
  FROM sync_records
 WHERE type = 'visit' AND deleted = 0 AND json_extract(data, '$.status') = 'final'
   AND json_type(data, '$.visitDate') = 'text'
   AND coalesce(household_id, json_extract(data, '$.householdId')) IS NOT NULL;
`,
};
