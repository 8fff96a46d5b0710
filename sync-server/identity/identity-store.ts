import type { Db } from '../db/database';
import { stmt } from '../sync/statements';
import type { StoredRecord } from '../sync/store';
import {
  normaliseIdNumber,
  type EvidenceKind,
  type FindingKind,
  type PersonRole,
} from '../../shared/identity/api';
import type { LoopStage } from '../../shared/loop';

/**
 * Data access for one person, one file (docs/identity.md): who holds an ID number in an active household
 * (`person_ids` joined to `case_index`, both kept by record indexers), the other evidence keys
 * (read by the scan), findings and dismissals. Every query here goes through an index.
 */

/** A person record in an active household (stage before `exited`, household not deleted). */
export interface ActiveHolder {
  recordId: string;
  role: PersonRole;
  personName: string | null;
  householdId: string;
  householdPath: string;
  stage: LoopStage;
  headName: string | null;
}

interface HolderRow {
  record_id: string;
  role: PersonRole;
  name: string | null;
  household_id: string;
  household_path: string;
  stage: LoopStage;
  head_name: string | null;
}

/** Everyone filed with this (normalised) ID number in an active household, oldest household first. */
export function activeHolders(db: Db, idNumber: string): ActiveHolder[] {
  const rows = stmt(
    db,
    `SELECT p.record_id, p.role, p.name, p.household_id, c.unit_path AS household_path, c.stage, c.head_name
       FROM person_ids p JOIN case_index c ON c.id = p.household_id
      WHERE p.id_number = ? AND c.stage <> 'exited'
      ORDER BY c.stage_entered_at, c.id`,
  ).all(idNumber) as HolderRow[];
  return rows.map((row) => ({
    recordId: row.record_id,
    role: row.role,
    personName: row.name,
    householdId: row.household_id,
    householdPath: row.household_path,
    stage: row.stage,
    headName: row.head_name,
  }));
}

/** `activeHolders` for many numbers at once (one query for a whole push batch), by number. */
export function activeHoldersOf(db: Db, idNumbers: readonly string[]): Map<string, ActiveHolder[]> {
  const rows = stmt(
    db,
    `SELECT p.id_number, p.record_id, p.role, p.name, p.household_id, c.unit_path AS household_path, c.stage,
            c.head_name
       FROM json_each(?) j
       JOIN person_ids p ON p.id_number = j.value
       JOIN case_index c ON c.id = p.household_id
      WHERE c.stage <> 'exited'
      ORDER BY c.stage_entered_at, c.id`,
  ).all(JSON.stringify(idNumbers)) as (HolderRow & { id_number: string })[];
  const out = new Map<string, ActiveHolder[]>();
  for (const row of rows) {
    const list = out.get(row.id_number) ?? [];
    list.push({
      recordId: row.record_id,
      role: row.role,
      personName: row.name,
      householdId: row.household_id,
      householdPath: row.household_path,
      stage: row.stage,
      headName: row.head_name,
    });
    out.set(row.id_number, list);
  }
  return out;
}

/** A household's stage and path from the case index, or null when it is not a live household. */
export function householdHead(db: Db, householdId: string): { unitPath: string; stage: LoopStage } | null {
  const row = stmt(db, 'SELECT unit_path, stage FROM case_index WHERE id = ?').get(householdId) as
    { unit_path: string; stage: LoopStage } | undefined;
  return row ? { unitPath: row.unit_path, stage: row.stage } : null;
}

// ------------------------------------------------------------------------------------ household keys

export type KeyKind = Exclude<EvidenceKind, 'id_number'>;

/** The evidence keys of a head (mobile, bank card, name + birth date) or a member (name + birth date). */
export function keysOf(record: StoredRecord): { kind: KeyKind; value: string }[] {
  if (record.deleted) return [];
  const data = record.data;
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const keys: { kind: KeyKind; value: string }[] = [];
  if (record.type === 'household') {
    const mobile = text(data.mobile);
    if (mobile) keys.push({ kind: 'mobile', value: mobile });
    const card = text(data.bankCardNumber).replace(/\s+/g, '');
    if (card) keys.push({ kind: 'bank_card', value: card });
    const name = text(data.headName);
    const birth = text(data.headBirthDate);
    if (name && birth) keys.push({ kind: 'name_birth', value: `${name}|${birth}` });
  } else if (record.type === 'member') {
    const name = text(data.name);
    const birth = text(data.birthDate);
    if (name && birth) keys.push({ kind: 'name_birth', value: `${name}|${birth}` });
  }
  return keys;
}

// ------------------------------------------------------------------------------------------ findings

export interface FindingRow {
  id: string;
  kind: FindingKind;
  evidence: string;
  evidence_values: string;
  pair_key: string;
  held_household_id: string;
  held_unit_path: string;
  held_record_id: string | null;
  held_role: PersonRole | null;
  other_household_id: string;
  other_unit_path: string;
  other_record_id: string | null;
  other_role: PersonRole | null;
  source: 'sync' | 'registration' | 'scan';
  status: 'open' | 'merged' | 'not_duplicate';
  created_at: string;
  created_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
  reason: string | null;
  survivor_id: string | null;
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function getFinding(db: Db, id: string): FindingRow | null {
  return (stmt(db, 'SELECT * FROM identity_findings WHERE id = ?').get(id) as FindingRow | undefined) ?? null;
}

export function openFinding(db: Db, pair: string, kind: FindingKind): FindingRow | null {
  return (
    (stmt(db, "SELECT * FROM identity_findings WHERE pair_key = ? AND kind = ? AND status = 'open'").get(
      pair,
      kind,
    ) as FindingRow | undefined) ?? null
  );
}

export function isDismissed(db: Db, pair: string): boolean {
  return stmt(db, 'SELECT 1 FROM identity_dismissals WHERE pair_key = ?').get(pair) !== undefined;
}

export function insertFinding(db: Db, row: FindingRow): void {
  stmt(
    db,
    `INSERT INTO identity_findings (id, kind, evidence, evidence_values, pair_key, held_household_id,
       held_unit_path, held_record_id, held_role, other_household_id, other_unit_path, other_record_id,
       other_role, source, status, created_at, created_by)
     VALUES (@id, @kind, @evidence, @evidence_values, @pair_key, @held_household_id, @held_unit_path,
       @held_record_id, @held_role, @other_household_id, @other_unit_path, @other_record_id, @other_role,
       @source, @status, @created_at, @created_by)`,
  ).run(row);
}

export function updateFindingEvidence(db: Db, id: string, evidence: string, values: string): void {
  stmt(db, 'UPDATE identity_findings SET evidence = ?, evidence_values = ? WHERE id = ?').run(
    evidence,
    values,
    id,
  );
}

export function settleFinding(
  db: Db,
  id: string,
  status: 'merged' | 'not_duplicate',
  by: { id: string; name: string },
  reason: string | null,
  survivorId: string | null,
): void {
  stmt(
    db,
    `UPDATE identity_findings SET status = ?, resolved_at = ?, resolved_by = ?, resolved_by_name = ?, reason = ?,
       survivor_id = ? WHERE id = ?`,
  ).run(status, new Date().toISOString(), by.id, by.name, reason, survivorId, id);
}

export function dismissPair(db: Db, pair: string, findingId: string, reason: string, userId: string): void {
  stmt(
    db,
    `INSERT OR REPLACE INTO identity_dismissals (pair_key, finding_id, reason, dismissed_by, dismissed_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(pair, findingId, reason, userId, new Date().toISOString());
}

/** Open findings that involve a household on either side. */
export function openFindingsOf(db: Db, householdId: string): FindingRow[] {
  return stmt(
    db,
    `SELECT * FROM identity_findings WHERE status = 'open' AND held_household_id = ?
     UNION ALL
     SELECT * FROM identity_findings WHERE status = 'open' AND other_household_id = ?`,
  ).all(householdId, householdId) as FindingRow[];
}

/** The open same-ID finding that holds this household's case, if any (the hold on its closed loop). */
export function holdingFinding(db: Db, householdId: string): FindingRow | null {
  return (
    (stmt(
      db,
      "SELECT * FROM identity_findings WHERE held_household_id = ? AND status = 'open' AND kind = 'same_id' LIMIT 1",
    ).get(householdId) as FindingRow | undefined) ?? null
  );
}

/**
 * Moves the open findings of a merged-away household to the survivor. A finding that would now pair the
 * survivor with itself, or repeat an open finding of the survivor, is closed as merged instead.
 */
export function repointFindings(
  db: Db,
  from: string,
  to: string,
  toPath: string,
  by: { id: string; name: string },
): FindingRow[] {
  const rows = openFindingsOf(db, from);
  for (const row of rows) {
    const heldMoves = row.held_household_id === from;
    const otherMoves = row.other_household_id === from;
    const held = heldMoves ? to : row.held_household_id;
    const other = otherMoves ? to : row.other_household_id;
    const pair = pairKey(held, other);
    const twin = openFinding(db, pair, row.kind);
    if (held === other || (twin && twin.id !== row.id)) {
      settleFinding(db, row.id, 'merged', by, null, to);
      continue;
    }
    stmt(
      db,
      `UPDATE identity_findings SET held_household_id = ?, held_unit_path = ?, other_household_id = ?,
         other_unit_path = ?, pair_key = ? WHERE id = ?`,
    ).run(
      held,
      heldMoves ? toPath : row.held_unit_path,
      other,
      otherMoves ? toPath : row.other_unit_path,
      pair,
      row.id,
    );
  }
  return rows;
}

const IN_SCOPE = (column: string) => `(${column} = @scope OR (${column} >= @lower AND ${column} < @upper))`;

/** Findings by status within a scope (either side), in creation order, keyset-paged. */
export function findingsPage(
  db: Db,
  scopePath: string,
  status: string,
  after: { createdAt: string; id: string } | null,
  limit: number,
): FindingRow[] {
  const params = {
    status,
    scope: scopePath,
    lower: `${scopePath}/`,
    upper: `${scopePath}0`,
    at: after?.createdAt ?? '',
    id: after?.id ?? '',
    limit,
  };
  return stmt(
    db,
    `SELECT * FROM identity_findings
      WHERE status = @status AND (${IN_SCOPE('held_unit_path')} OR ${IN_SCOPE('other_unit_path')})
        AND (created_at > @at OR (created_at = @at AND id > @id))
      ORDER BY created_at, id LIMIT @limit`,
  ).all(params) as FindingRow[];
}

export function countFindings(db: Db, scopePath: string, status: string): number {
  const row = stmt(
    db,
    `SELECT count(*) AS n FROM identity_findings
      WHERE status = @status AND (${IN_SCOPE('held_unit_path')} OR ${IN_SCOPE('other_unit_path')})`,
  ).get({ status, scope: scopePath, lower: `${scopePath}/`, upper: `${scopePath}0` }) as { n: number };
  return row.n;
}

export { normaliseIdNumber };

// ------------------------------------------------------------------------------------------ households

/** Live records of `type` in a household. */
export function householdRecordCount(db: Db, householdId: string, type: string): number {
  return (
    stmt(
      db,
      'SELECT count(*) AS n FROM sync_records WHERE household_id = ? AND type = ? AND deleted = 0',
    ).get(householdId, type) as { n: number }
  ).n;
}

/** Ids of the live records of `type` in a household. */
export function householdRecordIds(db: Db, householdId: string, type: string): string[] {
  return stmt(db, 'SELECT id FROM sync_records WHERE household_id = ? AND type = ? AND deleted = 0')
    .pluck()
    .all(householdId, type) as string[];
}

/** The name `person_ids` holds for a head or member record. */
export function personNameOf(db: Db, recordId: string | null): string | null {
  if (recordId === null) return null;
  const row = stmt(db, 'SELECT name FROM person_ids WHERE record_id = ?').get(recordId) as
    { name: string | null } | undefined;
  return row?.name ?? null;
}

/** The (normalised) ID numbers of a household's head and members. */
export function householdIdNumbers(db: Db, householdId: string): Set<string> {
  const rows = stmt(db, 'SELECT id_number FROM person_ids WHERE household_id = ?').pluck().all(householdId);
  return new Set(rows as string[]);
}

/** A household's unit id, or null when there is no such record. */
export function householdUnitId(db: Db, householdId: string): string | null {
  const row = stmt(db, 'SELECT unit_id FROM sync_records WHERE id = ?').get(householdId) as
    { unit_id: string } | undefined;
  return row?.unit_id ?? null;
}

// ------------------------------------------------------------------------------------------ scan

/** One (value, household) row of an ordered walk. */
export interface WalkRow {
  value: string;
  household_id: string;
}

/** Person rows in ID-number order after `after` (the scan's walk of `person_ids_number`). */
export function walkPersonIds(db: Db, after: string, limit: number): WalkRow[] {
  return stmt(
    db,
    'SELECT id_number AS value, household_id FROM person_ids WHERE id_number > ? ORDER BY id_number LIMIT ?',
  ).all(after, limit) as WalkRow[];
}

/**
 * The scan's temporary table of evidence keys, kept sorted by its key as it is filled (no index to build
 * in one long statement afterwards). Values of the walk are `kind` NUL `value`.
 */
export function resetScanKeys(db: Db): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS identity_scan_keys (kind TEXT, value TEXT, household_id TEXT,
             PRIMARY KEY (kind, value, household_id)) WITHOUT ROWID;
           DELETE FROM identity_scan_keys;`);
}

export function dropScanKeys(db: Db): void {
  db.exec('DROP TABLE IF EXISTS temp.identity_scan_keys');
}

export function insertScanKey(db: Db, kind: KeyKind, value: string, householdId: string): void {
  stmt(db, 'INSERT OR IGNORE INTO identity_scan_keys (kind, value, household_id) VALUES (?, ?, ?)').run(
    kind,
    value,
    householdId,
  );
}

export function walkScanKeys(db: Db, after: string, limit: number): WalkRow[] {
  const [kind = '', value = ''] = after.split('\u0000');
  return stmt(
    db,
    `SELECT kind || char(0) || value AS value, household_id FROM identity_scan_keys
      WHERE (kind, value) > (?, ?) ORDER BY kind, value LIMIT ?`,
  ).all(kind, value, limit) as WalkRow[];
}

/** Active households holding a key, oldest case first. */
export function householdsWithScanKey(db: Db, kind: KeyKind, value: string): { id: string; path: string }[] {
  return stmt(
    db,
    `SELECT DISTINCT k.household_id AS id, c.unit_path AS path, c.stage_entered_at, c.id AS case_id
       FROM identity_scan_keys k JOIN case_index c ON c.id = k.household_id
      WHERE k.kind = ? AND k.value = ? AND c.stage <> 'exited' ORDER BY c.stage_entered_at, c.id`,
  ).all(kind, value) as { id: string; path: string }[];
}

/** Live household and member records after `rowid`, in storage order (the scan's read of the keys). */
export function personRecordsAfter(
  db: Db,
  rowid: number,
  limit: number,
): { rowid: number; id: string; type: string; household_id: string | null; data: string }[] {
  return stmt(
    db,
    `SELECT rowid, id, type, household_id, data FROM sync_records
      WHERE rowid > ? AND type IN ('household', 'member') AND deleted = 0 ORDER BY rowid LIMIT ?`,
  ).all(rowid, limit) as {
    rowid: number;
    id: string;
    type: string;
    household_id: string | null;
    data: string;
  }[];
}

export function countPeople(db: Db): number {
  return stmt(db, 'SELECT count(*) FROM person_ids').pluck().get() as number;
}

export function countOpenFindings(db: Db): number {
  return stmt(db, "SELECT count(*) FROM identity_findings WHERE status = 'open'").pluck().get() as number;
}
