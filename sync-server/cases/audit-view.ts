import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import type { AuditRow } from '../audit/audit-store';
import { describeRows } from '../audit/audit-view';
import type { CaseAuditEntry, CaseAuditReply } from '../../shared/cases/api';
import { roleSchema } from '../../shared/role-schema';
import { isJsonObject, type JsonObject, type JsonValue } from '../../shared/sync/canonical-json';
import { loadCaseInScope } from './case-queries';

/**
 * A case's audit log (审计日志), read-only: every row the append-only `audit_log` holds for the household —
 * closed-loop steps, record edits pushed from tablets, conflicts opened and resolved — in words (the same
 * describer as the audit view), with old → new of each changed field; ID numbers and bank cards masked.
 * There is deliberately no route that changes or deletes a row (the table's triggers refuse it anyway).
 */

/** old → new from the two detail shapes the server writes: `changes: {field: {from, to}}` and `{field, from, to}`. */
function fieldChanges(detail: JsonObject): CaseAuditEntry['changes'] {
  if (isJsonObject(detail.changes)) {
    return Object.entries(detail.changes).map(([field, change]) => ({
      field,
      from: isJsonObject(change) ? (change.from ?? null) : null,
      to: isJsonObject(change) ? (change.to ?? null) : null,
    }));
  }
  if (typeof detail.field === 'string' && 'to' in detail) {
    return [{ field: detail.field, from: detail.from ?? null, to: detail.to ?? null }];
  }
  return [];
}

export function caseAudit(db: Db, actor: SessionUser, caseId: string): CaseAuditReply {
  loadCaseInScope(db, actor, caseId);
  const rows = db
    .prepare(
      `SELECT seq, at, user_id, role, unit_id, action, entity_type, entity_id, case_id, detail
         FROM audit_log WHERE case_id = ? ORDER BY seq`,
    )
    .all(caseId) as AuditRow[];
  const scopePath = actor.unitPath.includes('/') ? actor.unitPath : null;
  return {
    entries: describeRows(db, actor, scopePath, rows).map((d) => {
      const detail = d.detail as JsonObject;
      const role = roleSchema.safeParse(d.row.role);
      return {
        seq: d.row.seq,
        at: d.row.at,
        userId: d.row.user_id,
        userName: d.row.user_id ? d.actorName : null,
        role: role.success ? role.data : null,
        unitId: d.row.unit_id,
        unitName: d.unitName,
        action: d.row.action,
        entityType: d.row.entity_type,
        entityId: d.row.entity_id,
        changes: fieldChanges(detail),
        detail: detail as Record<string, JsonValue>,
        actionLabel: d.described.actionLabel,
        subject: d.described.subject,
        facts: d.described.facts,
      };
    }),
  };
}
