import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { HttpError } from '../http/errors';
import { caseStateOf } from '../cases/case-state';
import { unitMap } from '../cases/case-queries';
import { getRecord, type StoredRecord } from '../sync/store';
import { maskIdNumber } from '../../shared/cases/masks';
import { type Finding, type FindingSide, type PersonRole } from '../../shared/identity/api';
import { LOOP_STAGE_LABELS, type LoopStage } from '../../shared/loop';
import { isWithinScope } from '../../shared/org';
import { ROLES, type Role } from '../../shared/roles';
import { evidenceOf, evidenceText, unitWords } from './findings';
import { type FindingRow, getFinding, householdRecordCount, personNameOf } from './identity-store';

/** Findings as the duplicate queue shows them: each side in full within the caller's scope, unit and stage outside it. */

export const MERGE_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.cityStaff];

function stageOf(record: StoredRecord | null): LoopStage {
  return record && record.type === 'household' ? caseStateOf(record).stage : 'exited';
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

// ------------------------------------------------------------------------------------------ views

function side(
  db: Db,
  actor: SessionUser,
  units: ReturnType<typeof unitMap>,
  householdId: string,
  unitPath: string,
  recordId: string | null,
  role: PersonRole | null,
  held: boolean,
): FindingSide {
  const inScope = isWithinScope(unitPath, actor.unitPath);
  const record = getRecord(db, householdId);
  const stage = stageOf(record);
  const base = {
    householdId,
    inScope,
    unitName: unitWords(units, unitPath, inScope).unitName,
    stage,
    stageLabel: record?.deleted ? '已合并（档案已注销）' : LOOP_STAGE_LABELS[stage],
    held,
    personRole: role,
  };
  if (!inScope || !record) {
    return {
      ...base,
      personName: null,
      headName: null,
      headIdNumberMasked: null,
      address: null,
      mobile: null,
      memberCount: null,
      visitCount: null,
      createdAt: null,
    };
  }
  const idNumber = text(record.data.headIdNumber);
  return {
    ...base,
    personName: role === 'member' ? personNameOf(db, recordId) : text(record.data.headName),
    headName: text(record.data.headName),
    headIdNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
    address: text(record.data.address),
    mobile: text(record.data.mobile),
    memberCount: householdRecordCount(db, householdId, 'member'),
    visitCount: householdRecordCount(db, householdId, 'visit'),
    createdAt: record.createdAt,
  };
}

export function findingView(
  db: Db,
  actor: SessionUser,
  row: FindingRow,
  units: ReturnType<typeof unitMap> = unitMap(db),
): Finding {
  const held = side(
    db,
    actor,
    units,
    row.held_household_id,
    row.held_unit_path,
    row.held_record_id,
    row.held_role,
    row.kind === 'same_id' && row.status === 'open',
  );
  const other = side(
    db,
    actor,
    units,
    row.other_household_id,
    row.other_unit_path,
    row.other_record_id,
    row.other_role,
    false,
  );
  const mayAct = row.status === 'open' && MERGE_ROLES.includes(actor.role);
  return {
    id: row.id,
    kind: row.kind,
    evidence: evidenceOf(row),
    evidenceText: evidenceText(row, held.inScope && other.inScope),
    status: row.status,
    createdAt: row.created_at,
    source: row.source,
    held,
    other,
    canMerge: mayAct && held.inScope && other.inScope,
    canDismiss: mayAct && held.inScope,
    resolution:
      row.status === 'open' || row.resolved_at === null
        ? null
        : {
            by: row.resolved_by ?? '',
            byName: row.resolved_by_name ?? '',
            at: row.resolved_at,
            reason: row.reason,
            survivorId: row.survivor_id,
          },
  };
}

/** A page of findings, the organisation tree read once for all of them. */
export function findingViews(db: Db, actor: SessionUser, rows: readonly FindingRow[]): Finding[] {
  const units = unitMap(db);
  return rows.map((row) => findingView(db, actor, row, units));
}

/** A finding the caller may see (either side in scope), or 404/403. */
export function loadFinding(db: Db, actor: SessionUser, id: string): FindingRow {
  const row = getFinding(db, id);
  if (!row) throw new HttpError(404, 'finding_not_found', '重复建档核查记录不存在');
  if (
    !isWithinScope(row.held_unit_path, actor.unitPath) &&
    !isWithinScope(row.other_unit_path, actor.unitPath)
  ) {
    throw new HttpError(403, 'out_of_scope', '无权查看其他单位的核查记录');
  }
  return row;
}
