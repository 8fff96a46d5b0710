import { redactDeep } from '../sync/redaction';
import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import type { CaseAuditEntry, CaseAuditReply } from '../../shared/cases/api';
import { roleSchema } from '../../shared/roles';
import { isJsonObject, type JsonObject, type JsonValue } from '../../shared/sync/canonical-json';
import { loadCaseInScope } from './case-queries';

/**
 * A case's audit log (审计日志), read-only: every row the append-only `audit_log` holds for the household —
 * closed-loop steps, record edits pushed from tablets, conflicts opened and resolved — with old → new of
 * each changed field. There is deliberately no route that changes or deletes a row (the table's triggers
 * refuse it anyway).
 */

interface AuditRow {
  seq: number;
  at: string;
  user_id: string | null;
  user_name: string | null;
  role: string | null;
  unit_id: string | null;
  unit_name: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  detail: string;
}

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
      `SELECT a.seq, a.at, a.user_id, u.display_name AS user_name, a.role, a.unit_id, un.name AS unit_name,
              a.action, a.entity_type, a.entity_id, a.detail
         FROM audit_log a
         LEFT JOIN users u ON u.id = a.user_id
         LEFT JOIN units un ON un.id = a.unit_id
        WHERE a.case_id = ?
        ORDER BY a.seq`,
    )
    .all(caseId) as AuditRow[];
  return {
    entries: rows.map((row) => {
      const raw: unknown = JSON.parse(row.detail);
      const detail: JsonObject = redactDeep(actor.role, isJsonObject(raw) ? raw : {});
      const role = roleSchema.safeParse(row.role);
      return {
        seq: row.seq,
        at: row.at,
        userId: row.user_id,
        userName: row.user_name,
        role: role.success ? role.data : null,
        unitId: row.unit_id,
        unitName: row.unit_name,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        changes: fieldChanges(detail),
        detail: detail as Record<string, JsonValue>,
      };
    }),
  };
}
