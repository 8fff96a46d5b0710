import type { Migration } from './index';

/**
 * Funds by project kind (docs/ledgers.md): each county's budget per year and kind, the adjustment reports
 * that move money between kinds, and one row per disbursement booked to a kind — kept by the case command
 * service as the county pays (sync-server/funds/fund-store.ts), so that budget-vs-spent and the
 * disbursement ledger read an index instead of every case's timeline.
 *
 * The backfill books the payments already on timelines to 事后救助 ('relief'), which every payment before
 * this migration was (the kinds did not exist); the county is the county unit on the household's path.
 */
export const funds: Migration = {
  id: '20261207-0013-funds',
  sql: `
CREATE TABLE fund_budgets (
  county_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('prevention', 'relief', 'warmth')),
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  set_by TEXT,
  set_by_name TEXT,
  set_at TEXT NOT NULL,
  PRIMARY KEY (county_id, year, kind)
);

-- Append-only, like the audit log: a recorded report is never edited, a wrong one is corrected by another.
CREATE TABLE fund_adjustments (
  id TEXT PRIMARY KEY,
  county_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  from_kind TEXT NOT NULL,
  to_kind TEXT NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  reason TEXT NOT NULL,
  report_number TEXT NOT NULL,
  reported_on TEXT NOT NULL,
  recorded_by TEXT,
  recorded_by_name TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX fund_adjustments_county ON fund_adjustments(county_id, year, recorded_at);
CREATE TRIGGER fund_adjustments_no_update BEFORE UPDATE ON fund_adjustments
  BEGIN SELECT RAISE(ABORT, 'fund_adjustments is append-only'); END;
CREATE TRIGGER fund_adjustments_no_delete BEFORE DELETE ON fund_adjustments
  BEGIN SELECT RAISE(ABORT, 'fund_adjustments is append-only'); END;

CREATE TABLE fund_disbursements (
  event_id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  county_id TEXT,
  unit_path TEXT NOT NULL,
  year INTEGER NOT NULL,
  paid_on TEXT NOT NULL,
  amount_fen INTEGER NOT NULL,
  kind TEXT NOT NULL,
  bank_card_last4 TEXT,
  note TEXT NOT NULL DEFAULT '',
  actor_name TEXT,
  recorded_at TEXT NOT NULL
);
-- Budget vs spent of a county, year and kind.
CREATE INDEX fund_disbursements_county ON fund_disbursements(county_id, year, kind, amount_fen);
-- The disbursement ledger of a scope, in payment order.
CREATE INDEX fund_disbursements_scope ON fund_disbursements(unit_path, year, paid_on);
-- Relief paid to a household in a year (the households ledger).
CREATE INDEX fund_disbursements_household ON fund_disbursements(household_id, year, amount_fen);

INSERT INTO fund_disbursements (event_id, household_id, county_id, unit_path, year, paid_on, amount_fen, kind,
                                bank_card_last4, note, actor_name, recorded_at)
SELECT e.id, e.household_id,
       (SELECT u.id FROM units u WHERE u.level = 'county'
           AND (e.unit_path = u.path OR e.unit_path LIKE u.path || '/%') LIMIT 1),
       e.unit_path,
       CAST(substr(json_extract(e.data, '$.payload.paidOn'), 1, 4) AS INTEGER),
       json_extract(e.data, '$.payload.paidOn'),
       json_extract(e.data, '$.payload.amountFen'),
       'relief',
       json_extract(e.data, '$.payload.bankCardLast4'),
       coalesce(json_extract(e.data, '$.payload.note'), ''),
       json_extract(e.data, '$.actorName'),
       e.created_at
  FROM sync_records e
 WHERE e.type = 'caseEvent' AND e.deleted = 0 AND json_extract(e.data, '$.command') = 'disburse'
   AND json_type(e.data, '$.payload.paidOn') = 'text' AND json_type(e.data, '$.payload.amountFen') = 'integer'
   AND e.household_id IS NOT NULL;
`,
};
