import { appendAudit } from '../audit/audit';
import type { SessionUser } from '../auth/sessions';
import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { getUnit } from '../org/units';
import { getRecord } from '../sync/store';
import { isWithinScope } from '../../shared/org';
import { CASE_PRINT_FORMS, type CasePrintRequest, type NoticeListPrintRequest } from '../../shared/cases/api';
import { loadCaseInScope } from './case-queries';

/**
 * Printed copies of personal data are disclosures like any export (PIPL): the print views report each
 * print here and it goes into the audit log, with whether ID numbers were printed in full. The same scope
 * checks as reading the case apply, so nobody can write an entry about a case they may not see.
 */

export function recordCasePrint(db: Db, actor: SessionUser, caseId: string, body: CasePrintRequest): void {
  loadCaseInScope(db, actor, caseId);
  if (body.visitId !== undefined) {
    const visit = getRecord(db, body.visitId);
    if (!visit || visit.type !== 'visit' || visit.data.householdId !== caseId) {
      throw new HttpError(404, 'visit_not_found', '这户家庭没有这份走访调查表');
    }
  }
  appendAudit(db, {
    userId: actor.id,
    role: actor.role,
    unitId: actor.unitId,
    action: 'print.case_form',
    entityType: 'household',
    entityId: caseId,
    caseId,
    detail: {
      formLabel: CASE_PRINT_FORMS[body.form],
      ...(body.visitId ? { visitId: body.visitId } : {}),
      fullIdNumbers: body.fullIdNumbers,
    },
  });
}

export function recordNoticeListPrint(db: Db, actor: SessionUser, body: NoticeListPrintRequest): void {
  const unit = getUnit(db, body.unitId);
  if (!unit) throw new HttpError(404, 'unit_not_found', '单位不存在');
  if (!isWithinScope(unit.path, actor.unitPath)) {
    throw new HttpError(403, 'out_of_scope', '无权打印其他单位的公示名单');
  }
  appendAudit(db, {
    userId: actor.id,
    role: actor.role,
    unitId: actor.unitId,
    action: 'print.notice_list',
    entityType: 'unit',
    entityId: unit.id,
    detail: { unitId: unit.id, households: body.households },
  });
}
