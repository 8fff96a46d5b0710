import type { Migration } from './index';

/**
 * Summaries kept beside `sync_records` so that the office's lists and the comparison import read indexes
 * instead of parsing every household's JSON (sync-server/cases/case-index.ts keeps them up to date on every
 * write; this migration creates them and fills them from the records already stored).
 *
 * - `person_ids`: every live household head (`headIdNumber`) and member (`idNumber`) by normalised ID
 *   number (whitespace removed, upper-case X). One row per record; deleted records have none.
 * - `case_index`: one row per live household with what the case list filters and sorts on, and what the
 *   work queue decides on (its summaries of the loop's rules, and the due dates they compare today with).
 *
 * The backfill mirrors `caseStateOf` (sync-server/cases/case-state.ts) for well-formed records — the only
 * kind the server writes, since case fields move only through its commands: a missing or unknown stage is
 * `entry`, a missing or unknown category `unclassified`, a missing `stageEnteredAt` the record's creation
 * time. The lists below are frozen copies of LOOP_STAGES and CATEGORIES as of this migration. The queue
 * summaries (`queue_roles`, `queue_roles_due`) need the loop's rules: the backfill leaves them NULL, and the
 * server's start (`fillQueueRoles`) computes them by those rules, with the due dates as `caseStateOf` reads
 * them (a row whose stage the backfill read otherwise is written whole, as the indexer would).
 */

const STAGES = [
  'entry',
  'visit',
  'returned',
  'township_check',
  'county_review',
  'comparison',
  'classification',
  'plan',
  'public_notice',
  'filing',
  'disbursement',
  'managed',
  'phase_out',
  'exited',
];
const CATEGORIES = ['deep', 'relative', 'sudden', 'unclassified'];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** The normalisation of `normaliseIdNumber` in SQL: ASCII whitespace and U+3000 removed, upper-cased. */
export function normalisedIdSql(expr: string): string {
  return `upper(replace(replace(replace(replace(replace(${expr}, ' ', ''), char(9), ''), char(10), ''), char(13), ''), char(12288), ''))`;
}

const HEAD_ID = normalisedIdSql(`json_extract(data, '$.headIdNumber')`);
const MEMBER_ID = normalisedIdSql(`json_extract(data, '$.idNumber')`);

/**
 * Fills both tables from `sync_records` (they must be empty). Exported so that a tool that writes rows
 * straight into `sync_records` (the office benchmark's seeding) can bring the summaries up to date the same
 * way an existing database is at start.
 */
export const CASE_INDEX_BACKFILL_SQL = `
INSERT INTO person_ids (id_number, record_id, household_id, unit_path, role, name)
SELECT ${HEAD_ID}, id, id, unit_path, 'head',
       CASE WHEN json_type(data, '$.headName') = 'text' THEN json_extract(data, '$.headName') END
  FROM sync_records
 WHERE type = 'household' AND deleted = 0 AND json_type(data, '$.headIdNumber') = 'text'
   AND ${HEAD_ID} <> '';

INSERT INTO person_ids (id_number, record_id, household_id, unit_path, role, name)
SELECT ${MEMBER_ID}, id, coalesce(household_id, json_extract(data, '$.householdId')), unit_path, 'member',
       CASE WHEN json_type(data, '$.name') = 'text' THEN json_extract(data, '$.name') END
  FROM sync_records
 WHERE type = 'member' AND deleted = 0 AND json_type(data, '$.idNumber') = 'text'
   AND ${MEMBER_ID} <> '';

INSERT INTO case_index (id, unit_id, unit_path, stage, category, stage_entered_at, head_name,
                        head_id_number, rev, updated_at, notice_end_date, phase_out_until)
SELECT id, unit_id, unit_path,
       CASE WHEN json_extract(data, '$.stage') IN (${list(STAGES)}) THEN json_extract(data, '$.stage')
            ELSE 'entry' END,
       CASE WHEN json_extract(data, '$.category') IN (${list(CATEGORIES)}) THEN json_extract(data, '$.category')
            ELSE 'unclassified' END,
       CASE WHEN json_type(data, '$.stageEnteredAt') = 'text' THEN json_extract(data, '$.stageEnteredAt')
            ELSE created_at END,
       CASE WHEN json_type(data, '$.headName') = 'text' AND json_extract(data, '$.headName') <> ''
            THEN json_extract(data, '$.headName') END,
       CASE WHEN json_type(data, '$.headIdNumber') = 'text' AND ${HEAD_ID} <> '' THEN ${HEAD_ID} END,
       rev, updated_at,
       CASE WHEN json_type(data, '$.noticeEndDate') = 'text' THEN json_extract(data, '$.noticeEndDate') END,
       CASE WHEN json_type(data, '$.phaseOutUntil') = 'text' THEN json_extract(data, '$.phaseOutUntil') END
  FROM sync_records
 WHERE type = 'household' AND deleted = 0;
`;

export const caseIndex: Migration = {
  id: '20261207-0002-case-index',
  sql: `
CREATE TABLE person_ids (
  record_id TEXT PRIMARY KEY,
  id_number TEXT NOT NULL,
  -- The household the person belongs to (the record itself for a head); null for a member without one.
  household_id TEXT,
  -- The record's own unit path (scope checks test against it).
  unit_path TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('head', 'member')),
  name TEXT
);
-- Who holds this ID number (within a scope).
CREATE INDEX person_ids_number ON person_ids(id_number, unit_path);

CREATE TABLE case_index (
  id TEXT PRIMARY KEY,
  unit_id TEXT NOT NULL,
  unit_path TEXT NOT NULL,
  stage TEXT NOT NULL DEFAULT 'entry',
  category TEXT NOT NULL DEFAULT 'unclassified',
  stage_entered_at TEXT NOT NULL,
  head_name TEXT,
  -- Normalised like person_ids.id_number.
  head_id_number TEXT,
  rev INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  -- The due dates the loop's rules compare today with (China, YYYY-MM-DD): the end of the notice period
  -- (公示) and of the phase-out (渐退期); NULL when not set.
  notice_end_date TEXT,
  phase_out_until TEXT,
  -- '|role|role|': the roles with a queue step on the case (queue.ts) — at a stage whose step waits for a
  -- due date, on any day up to and including it; NULL until computed (the backfill leaves it to the
  -- server's start, which rewrites the row as the indexer would).
  queue_roles TEXT,
  -- At a stage whose step waits for a due date (public_notice: notice_end_date; phase_out:
  -- phase_out_until) and the date is set: the roles with a queue step on any day after it; else NULL.
  queue_roles_due TEXT
);
-- The list's order (keyset pages on (stage_entered_at, id)), read in order with the scope as a filter.
CREATE INDEX case_index_order ON case_index(stage_entered_at, id);
-- One stage (or the queue's few stages), in order.
CREATE INDEX case_index_stage ON case_index(stage, stage_entered_at, id);
-- A narrow scope (a township, a grid), and counts by scope and stage without touching the rows.
CREATE INDEX case_index_scope ON case_index(unit_path, stage, category);
-- The work queue of a scope (queue.ts): counted from this index alone, at the few stages where the role has
-- a step, whatever the scope's size (a county's tens of thousands of managed cases are never read).
CREATE INDEX case_index_queue ON case_index(stage, unit_path, queue_roles, queue_roles_due, notice_end_date,
                                            phase_out_until, category);
-- The rows whose queue summary is still to be computed (none once the server has started).
CREATE INDEX case_index_unsummarised ON case_index(id) WHERE queue_roles IS NULL;
${CASE_INDEX_BACKFILL_SQL}
`,
};
