import type { Db } from '../db/database';
import { stmt } from '../sync/statements';
import { FUND_KINDS, type FundKind } from '../../shared/funds/kinds';
import type { Adjustment } from '../../shared/funds/api';

/**
 * Storage of funds by project kind (migration 20261207-0013): budgets, adjustment reports and the booked
 * disbursements. Every query here reads an index; callers check role and scope and write the audit.
 */

export interface BookedDisbursement {
  eventId: string;
  householdId: string;
  countyId: string | null;
  unitPath: string;
  paidOn: string;
  amountFen: number;
  kind: FundKind;
  bankCardLast4: string | null;
  note: string;
  actorName: string | null;
  recordedAt: string;
}

/** Books one disbursement (called by the case command service inside the step's transaction). */
export function bookDisbursement(db: Db, d: BookedDisbursement): void {
  stmt(
    db,
    `INSERT OR REPLACE INTO fund_disbursements (event_id, household_id, county_id, unit_path, year, paid_on,
       amount_fen, kind, bank_card_last4, note, actor_name, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    d.eventId,
    d.householdId,
    d.countyId,
    d.unitPath,
    Number(d.paidOn.slice(0, 4)),
    d.paidOn,
    d.amountFen,
    d.kind,
    d.bankCardLast4,
    d.note,
    d.actorName,
    d.recordedAt,
  );
}

export type KindAmounts = Record<FundKind, number>;

const zero = (): KindAmounts => ({ prevention: 0, relief: 0, warmth: 0 });

/** Base budgets of a county and year (absent kinds are not set). */
export function baseBudgets(db: Db, countyId: string, year: number): Partial<KindAmounts> {
  const rows = stmt(
    db,
    'SELECT kind, amount_fen AS amountFen FROM fund_budgets WHERE county_id = ? AND year = ?',
  ).all(countyId, year) as { kind: FundKind; amountFen: number }[];
  return Object.fromEntries(rows.map((r) => [r.kind, r.amountFen]));
}

export function setBaseBudget(
  db: Db,
  input: { countyId: string; year: number; kind: FundKind; amountFen: number },
  by: { id: string; name: string },
  at: string,
): void {
  stmt(
    db,
    `INSERT INTO fund_budgets (county_id, year, kind, amount_fen, set_by, set_by_name, set_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (county_id, year, kind) DO UPDATE SET amount_fen = excluded.amount_fen,
       set_by = excluded.set_by, set_by_name = excluded.set_by_name, set_at = excluded.set_at`,
  ).run(input.countyId, input.year, input.kind, input.amountFen, by.id, by.name, at);
}

/** Net adjustment per kind (money moved in minus money moved out) from the recorded reports. */
export function netAdjustments(db: Db, countyId: string, year: number): KindAmounts {
  const net = zero();
  for (const a of adjustments(db, countyId, year)) {
    net[a.fromKind] -= a.amountFen;
    net[a.toKind] += a.amountFen;
  }
  return net;
}

/** Paid per kind (sum and count) for a county and year. */
export function spentByKind(
  db: Db,
  countyId: string,
  year: number,
): { sum: KindAmounts; count: KindAmounts } {
  const rows = stmt(
    db,
    `SELECT kind, sum(amount_fen) AS fen, count(*) AS n FROM fund_disbursements
      WHERE county_id = ? AND year = ? GROUP BY kind`,
  ).all(countyId, year) as { kind: string; fen: number; n: number }[];
  const sum = zero();
  const count = zero();
  for (const row of rows) {
    if (!(FUND_KINDS as readonly string[]).includes(row.kind)) continue;
    sum[row.kind as FundKind] = row.fen;
    count[row.kind as FundKind] = row.n;
  }
  return { sum, count };
}

export function adjustments(db: Db, countyId: string, year: number): Adjustment[] {
  return stmt(
    db,
    `SELECT id, county_id AS countyId, year, from_kind AS fromKind, to_kind AS toKind, amount_fen AS amountFen,
            reason, report_number AS reportNumber, reported_on AS reportedOn, recorded_at AS recordedAt,
            recorded_by_name AS recordedByName
       FROM fund_adjustments WHERE county_id = ? AND year = ? ORDER BY recorded_at, id`,
  ).all(countyId, year) as Adjustment[];
}

export function insertAdjustment(db: Db, a: Adjustment & { recordedBy: string }): void {
  stmt(
    db,
    `INSERT INTO fund_adjustments (id, county_id, year, from_kind, to_kind, amount_fen, reason, report_number,
       reported_on, recorded_by, recorded_by_name, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    a.id,
    a.countyId,
    a.year,
    a.fromKind,
    a.toKind,
    a.amountFen,
    a.reason,
    a.reportNumber,
    a.reportedOn,
    a.recordedBy,
    a.recordedByName,
    a.recordedAt,
  );
}

export interface DisbursementRow {
  eventId: string;
  householdId: string;
  unitPath: string;
  paidOn: string;
  amountFen: number;
  kind: FundKind;
  bankCardLast4: string | null;
  note: string;
  actorName: string | null;
}

/**
 * One page of a scope's disbursements of a year in payment order (keyset on (paid_on, event_id)),
 * optionally of one kind.
 */
export function disbursementPage(
  db: Db,
  filter: { scopePath: string; year: number; kind?: FundKind },
  after: readonly [string, string] | null,
  limit: number,
): DisbursementRow[] {
  const clauses = ['(unit_path = ? OR (unit_path >= ? AND unit_path < ?))', 'year = ?'];
  const params: (string | number)[] = [
    filter.scopePath,
    `${filter.scopePath}/`,
    `${filter.scopePath}0`,
    filter.year,
  ];
  if (filter.kind) {
    clauses.push('kind = ?');
    params.push(filter.kind);
  }
  if (after) {
    clauses.push('(paid_on, event_id) > (?, ?)');
    params.push(after[0], after[1]);
  }
  params.push(limit);
  return stmt(
    db,
    `SELECT event_id AS eventId, household_id AS householdId, unit_path AS unitPath, paid_on AS paidOn,
            amount_fen AS amountFen, kind, bank_card_last4 AS bankCardLast4, note, actor_name AS actorName
       FROM fund_disbursements WHERE ${clauses.join(' AND ')} ORDER BY paid_on, event_id LIMIT ?`,
  ).all(...params) as DisbursementRow[];
}

export function countDisbursements(
  db: Db,
  filter: { scopePath: string; year: number; kind?: FundKind },
): number {
  const kind = filter.kind ? ' AND kind = ?' : '';
  const params: (string | number)[] = [
    filter.scopePath,
    `${filter.scopePath}/`,
    `${filter.scopePath}0`,
    filter.year,
  ];
  if (filter.kind) params.push(filter.kind);
  const row = stmt(
    db,
    `SELECT count(*) AS n FROM fund_disbursements
      WHERE (unit_path = ? OR (unit_path >= ? AND unit_path < ?)) AND year = ?${kind}`,
  ).get(...params) as { n: number };
  return row.n;
}

/** Paid this year per household, for the households of one ledger chunk. */
export function paidInYear(db: Db, householdIds: readonly string[], year: number): Map<string, number> {
  if (householdIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT household_id AS id, sum(amount_fen) AS fen FROM fund_disbursements
        WHERE year = ? AND household_id IN (${householdIds.map(() => '?').join(', ')}) GROUP BY household_id`,
    )
    .all(year, ...householdIds) as { id: string; fen: number }[];
  return new Map(rows.map((r) => [r.id, r.fen]));
}

/**
 * A merged household's payments now belong to the survivor (identity merge): the ledger names the
 * surviving household; the county and unit path stay where the money was paid from.
 */
export function moveDisbursements(db: Db, fromHouseholdId: string, toHouseholdId: string): void {
  stmt(db, 'UPDATE fund_disbursements SET household_id = ? WHERE household_id = ?').run(
    toHouseholdId,
    fromHouseholdId,
  );
}
