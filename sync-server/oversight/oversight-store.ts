import type { Db } from '../db/database';
import { stmt } from '../sync/statements';
import type { CountKind } from '../../shared/indicators';

/**
 * Reads for the oversight dashboard (docs/indicators.md). Counters only for the figures
 * (`indicator_counts`, by grid and month: the read is bounded by the organisation's size and the months,
 * never by the number of households); the facts behind a figure for the drill-down, one page through the
 * `indicator_facts_scope` index.
 */

const IN_SCOPE = (column: string) => `(${column} = ? OR (${column} > ? AND ${column} < ?))`;

function scope(path: string): [string, string, string] {
  return [path, `${path}/`, `${path}0`];
}

export interface CounterRow {
  unitPath: string;
  kind: CountKind;
  ym: string;
  ok: 0 | 1;
  n: number;
}

/** Every non-zero counter of the fact kinds within `scopePath`, up to and including month `uptoYm`. */
export function counterRows(db: Db, scopePath: string, uptoYm: string): CounterRow[] {
  return stmt(
    db,
    `SELECT unit_path AS unitPath, kind, ym, ok, n FROM indicator_counts
      WHERE kind IN ('filed', 'paid', 'plan', 'exit', 'closed') AND ${IN_SCOPE('unit_path')} AND ym <= ? AND n > 0`,
  ).all(...scope(scopePath), uptoYm) as CounterRow[];
}

export interface FactCaseRow {
  id: string;
  headName: string | null;
  unitId: string | null;
  unitPath: string;
  stage: string | null;
  day: string;
  ok: number;
}

const CASE_COLUMNS = `f.household_id AS id, c.head_name AS headName, c.unit_id AS unitId, f.unit_path AS unitPath,
  c.stage AS stage, f.day AS day, f.ok AS ok`;

/**
 * The facts of `kind` dated in `months` within the scope (`ok` 1, 0, or either when null), first
 * `limit` in the index's order (unit, month), and how many there are (counted in the index alone).
 */
export function factsInMonths(
  db: Db,
  scopePath: string,
  kind: 'filed' | 'plan' | 'exit',
  months: readonly string[],
  ok: 0 | 1 | null,
  limit: number,
): { total: number; rows: FactCaseRow[] } {
  const where = `f.kind = ? AND ${IN_SCOPE('f.unit_path')} AND f.ym >= ? AND f.ym <= ?${ok === null ? '' : ' AND f.ok = ?'}`;
  const params: (string | number)[] = [kind, ...scope(scopePath), months[0] ?? '', months.at(-1) ?? ''];
  if (ok !== null) params.push(ok);
  const total = (
    stmt(db, `SELECT count(*) AS n FROM indicator_facts f WHERE ${where}`).get(...params) as { n: number }
  ).n;
  const rows = stmt(
    db,
    `SELECT ${CASE_COLUMNS} FROM indicator_facts f LEFT JOIN case_index c ON c.id = f.household_id
      WHERE ${where} ORDER BY f.unit_path, f.ym, f.ok, f.household_id LIMIT ?`,
  ).all(...params, limit) as FactCaseRow[];
  return { total, rows };
}

/**
 * The households on file at the end of month `ym` (a filing up to then, its cycle's file not closed by
 * then); `paid` true: those paid by then, false: those not, null: all. First `limit`, by unit and month.
 */
export function onFileAt(
  db: Db,
  scopePath: string,
  ym: string,
  paid: boolean | null,
  limit: number,
): FactCaseRow[] {
  const paidTest =
    paid === null
      ? ''
      : ` AND ${paid ? '' : 'NOT '}EXISTS (SELECT 1 FROM indicator_facts p WHERE p.household_id = f.household_id
            AND p.cycle = f.cycle AND p.kind = 'paid' AND p.ym <= ?)`;
  const where = `f.kind = 'filed' AND ${IN_SCOPE('f.unit_path')} AND f.ym <= ?
    AND NOT EXISTS (SELECT 1 FROM indicator_facts x WHERE x.household_id = f.household_id AND x.cycle = f.cycle
                      AND x.kind = 'closed' AND x.ym <= ?)${paidTest}`;
  const params: string[] = [...scope(scopePath), ym, ym];
  if (paid !== null) params.push(ym);
  // In the index's order (unit, month), so the page stops after `limit` matches; the total comes from
  // the counters (coverageAt), not from counting here.
  return stmt(
    db,
    `SELECT ${CASE_COLUMNS} FROM indicator_facts f LEFT JOIN case_index c ON c.id = f.household_id
      WHERE ${where} ORDER BY f.unit_path, f.ym, f.ok, f.household_id LIMIT ?`,
  ).all(...params, limit) as FactCaseRow[];
}

/** First payments after filing (data monitoring's relief counts) in the months, on time or late. */
export function reliefInMonths(
  db: Db,
  scopePath: string,
  months: readonly string[],
  kinds: readonly ('relief_on_time' | 'relief_late')[],
  limit: number,
): { total: number; rows: FactCaseRow[] } {
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  const monthNumbers = months.map((m) => Number(m.slice(5, 7)));
  const where = `m.year IN (${years.map(() => '?').join(', ')}) AND ${IN_SCOPE('m.unit_path')}
    AND m.month IN (${monthNumbers.map(() => '?').join(', ')}) AND m.kind IN (${kinds.map(() => '?').join(', ')})`;
  const params: (string | number)[] = [...years, ...scope(scopePath), ...monthNumbers, ...kinds];
  const total = (
    stmt(db, `SELECT count(*) AS n FROM monitoring_counts m WHERE ${where}`).get(...params) as { n: number }
  ).n;
  const rows = stmt(
    db,
    `SELECT m.household_id AS id, c.head_name AS headName, c.unit_id AS unitId, m.unit_path AS unitPath,
            c.stage AS stage, printf('%04d-%02d', m.year, m.month) AS day,
            CASE m.kind WHEN 'relief_on_time' THEN 1 ELSE 0 END AS ok
       FROM monitoring_counts m LEFT JOIN case_index c ON c.id = m.household_id
      WHERE ${where} ORDER BY m.year, m.month, m.household_id LIMIT ?`,
  ).all(...params, limit) as FactCaseRow[];
  return { total, rows };
}
