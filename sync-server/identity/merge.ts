import type { Db } from '../db/database';
import { moveDisbursements } from '../funds/fund-store';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { redactRecord } from '../sync/redaction';
import { getRecord, toSyncedRecord, writeRecord, type StoredRecord } from '../sync/store';
import { normaliseIdNumber, type Finding } from '../../shared/identity/api';
import { isWithinScope } from '../../shared/org';
import type { JsonObject } from '../../shared/sync/canonical-json';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { newId } from '../../shared/sync/ids';
import { writeFindingMirror } from './findings';
import {
  dismissPair,
  getFinding,
  householdIdNumbers,
  householdRecordIds,
  repointFindings,
  settleFinding,
} from './identity-store';
import { MERGE_ROLES, findingView, loadFinding } from './views';

/** Settling a finding (docs/identity.md): merge the two households, or mark them not a duplicate. */

// ------------------------------------------------------------------------------------------ merge

/** Record types that hang off a household and move with it in a merge. */
const MOVING_TYPES = ['member', 'visit', 'attachment', 'comment', 'caseEvent'] as const;

const HEAD_TO_MEMBER: Record<string, string> = {
  headName: 'name',
  headIdNumber: 'idNumber',
  headSex: 'sex',
  headBirthDate: 'birthDate',
  headHealth: 'health',
  headDiseaseName: 'diseaseName',
  headDisabilityType: 'disabilityType',
  headDisabilityGrade: 'disabilityGrade',
  headMedicalInsurance: 'medicalInsurance',
  headMonthlyIncomeFen: 'monthlyIncomeFen',
};

function liveChildren(db: Db, householdId: string): StoredRecord[] {
  const out: StoredRecord[] = [];
  for (const type of MOVING_TYPES) {
    for (const id of householdRecordIds(db, householdId, type)) {
      const record = getRecord(db, id);
      if (record) out.push(record);
    }
  }
  return out;
}

export interface MergeOutcome {
  finding: Finding;
  survivor: SyncedRecord;
  moved: number;
}

/**
 * Merges the two households of a finding: the survivor keeps its file and case; the other's members,
 * visits, photos, comments and timeline move to it (a member who is already in the survivor is retired
 * instead, and the other's head joins as a member when they are not); the other becomes a tombstone whose
 * pulled copy names the survivor (`data.mergedInto`). One transaction, one audit entry listing every record.
 */
export function mergeFinding(db: Db, actor: SessionUser, id: string, survivorId: string): MergeOutcome {
  return db.transaction((): MergeOutcome => {
    const row = loadFinding(db, actor, id);
    if (!MERGE_ROLES.includes(actor.role)) throw new HttpError(403, 'forbidden_role', '您的角色无权合并档案');
    if (row.status !== 'open') throw new HttpError(409, 'finding_settled', '该核查记录已处理');
    if (
      !isWithinScope(row.held_unit_path, actor.unitPath) ||
      !isWithinScope(row.other_unit_path, actor.unitPath)
    ) {
      throw new HttpError(
        403,
        'out_of_scope',
        '两户不都在您的管辖范围内，不能合并：跨县（区）的重复建档由市总帮扶中心合并',
      );
    }
    if (survivorId !== row.held_household_id && survivorId !== row.other_household_id) {
      throw new HttpError(400, 'invalid_request', '保留的家庭必须是核查记录中的两户之一');
    }
    const loserId = survivorId === row.held_household_id ? row.other_household_id : row.held_household_id;
    const survivor = getRecord(db, survivorId);
    const loser = getRecord(db, loserId);
    if (!survivor || survivor.deleted || survivor.type !== 'household' || !loser || loser.deleted) {
      throw new HttpError(409, 'finding_settled', '其中一户已被注销或合并，请刷新后重试');
    }
    const people = householdIdNumbers(db, survivorId);
    const moved: { id: string; type: string }[] = [];
    const retired: string[] = [];
    const write = (record: StoredRecord, data: JsonObject, deleted: boolean) =>
      writeRecord(db, {
        id: record.id,
        type: record.type,
        unitId: survivor.unitId,
        householdId: deleted ? record.householdId : survivorId,
        data,
        deleted,
        userId: actor.id,
        deviceId: null,
      });
    for (const child of liveChildren(db, loserId)) {
      const idNumber = child.type === 'member' ? normaliseIdNumber(child.data.idNumber) : null;
      if (idNumber !== null && people.has(idNumber)) {
        write(child, child.data, true);
        retired.push(child.id);
        continue;
      }
      if (idNumber !== null) people.add(idNumber);
      write(child, { ...child.data, householdId: survivorId }, false);
      moved.push({ id: child.id, type: child.type });
    }
    const loserHead = normaliseIdNumber(loser.data.headIdNumber);
    let headAsMember: string | null = null;
    if (loserHead !== null && !people.has(loserHead)) {
      const data: JsonObject = { householdId: survivorId };
      for (const [from, to] of Object.entries(HEAD_TO_MEMBER)) {
        const value = loser.data[from];
        if (value !== undefined && value !== null) data[to] = value;
      }
      headAsMember = newId();
      writeRecord(db, {
        id: headAsMember,
        type: 'member',
        unitId: survivor.unitId,
        householdId: survivorId,
        data,
        deleted: false,
        userId: actor.id,
        deviceId: null,
      });
    }
    moveDisbursements(db, loserId, survivorId);
    writeRecord(db, {
      id: loser.id,
      type: 'household',
      unitId: loser.unitId,
      householdId: loser.id,
      data: { ...loser.data, mergedInto: survivorId },
      deleted: true,
      userId: actor.id,
      deviceId: null,
    });

    const by = { id: actor.id, name: actor.displayName };
    settleFinding(db, row.id, 'merged', by, null, survivorId);
    const settled = getFinding(db, row.id) ?? row;
    writeFindingMirror(db, settled, row.held_household_id);
    const survivorPath = survivor.unitPath;
    for (const other of repointFindings(db, loserId, survivorId, survivorPath, by)) {
      const now = getFinding(db, other.id);
      if (now) writeFindingMirror(db, now, other.held_household_id);
    }
    appendAudit(db, {
      userId: actor.id,
      role: actor.role,
      unitId: actor.unitId,
      action: 'identity.merge',
      entityType: 'household',
      entityId: survivorId,
      caseId: survivorId,
      detail: {
        findingId: row.id,
        survivorId,
        mergedId: loserId,
        moved,
        retiredMembers: retired,
        headAsMember,
        mergedData: loser.data,
      },
    });
    const current = getRecord(db, survivorId) ?? survivor;
    return {
      finding: findingView(db, actor, settled),
      survivor: redactRecord(actor.role, toSyncedRecord(current)),
      moved: moved.length,
    };
  })();
}

/** "Not a duplicate" (不是重复): settles the finding, lifts the hold, and remembers the pair. */
export function dismissFinding(db: Db, actor: SessionUser, id: string, reason: string): Finding {
  return db.transaction((): Finding => {
    const row = loadFinding(db, actor, id);
    if (!MERGE_ROLES.includes(actor.role))
      throw new HttpError(403, 'forbidden_role', '您的角色无权处理重复建档');
    if (row.status !== 'open') throw new HttpError(409, 'finding_settled', '该核查记录已处理');
    if (!isWithinScope(row.held_unit_path, actor.unitPath)) {
      throw new HttpError(403, 'out_of_scope', '被暂停办理的家庭不在您的管辖范围内，由其所在县（区）核实');
    }
    settleFinding(db, row.id, 'not_duplicate', { id: actor.id, name: actor.displayName }, reason, null);
    dismissPair(db, row.pair_key, row.id, reason, actor.id);
    const settled = getFinding(db, row.id) ?? row;
    writeFindingMirror(db, settled);
    appendAudit(db, {
      userId: actor.id,
      role: actor.role,
      unitId: actor.unitId,
      action: 'identity.dismiss',
      entityType: 'identityFinding',
      entityId: row.id,
      caseId: row.held_household_id,
      detail: { reason, heldHouseholdId: row.held_household_id, otherHouseholdId: row.other_household_id },
    });
    return findingView(db, actor, settled);
  })();
}
