import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import type { AuthContext } from '../auth/sessions';

/** Who did it: a signed-in user, or nobody (the system itself, e.g. the demo seed). */
export interface AuditActor {
  userId: string | null;
  role: string | null;
  unitId: string | null;
}

export interface AuditEntry extends AuditActor {
  /** Dotted verb, e.g. `user.create`, `auth.login`, `visit.submit`. */
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  /** The household case the entry belongs to, so a case's history is one indexed query. */
  caseId?: string | null;
  detail?: Record<string, unknown>;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, role: null, unitId: null };

export function auditActor(auth: AuthContext): AuditActor {
  return { userId: auth.user.id, role: auth.user.role, unitId: auth.user.unitId };
}

// Secrets never reach the log, whoever calls appendAudit and whatever detail they pass.
const SECRET_KEYS = new Set([
  'password',
  'passwordhash',
  'password_hash',
  'token',
  'tokenhash',
  'token_hash',
]);

/**
 * Whether `redact` would change anything: a secret key anywhere, or an object that is not plain (a Date,
 * a Map…, which the copy turns into `{}`). Nearly every detail has neither, and walking it is several
 * times cheaper than copying it (sync writes one detail per changed record, holding the whole record).
 */
function needsRedaction(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(needsRedaction);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return true;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (SECRET_KEYS.has(key.toLowerCase()) || needsRedaction(record[key])) return true;
  }
  return false;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        SECRET_KEYS.has(key.toLowerCase()) ? '[redacted]' : redact(inner),
      ]),
    );
  }
  return value;
}

// Sync writes one audit row per changed record: prepare the INSERT once per database, not per row.
const inserts = new WeakMap<Db, Statement>();
function insertStatement(db: Db): Statement {
  let statement = inserts.get(db);
  if (!statement) {
    statement = db.prepare(
      `INSERT INTO audit_log (at, user_id, role, unit_id, action, entity_type, entity_id, case_id, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    inserts.set(db, statement);
  }
  return statement;
}

/**
 * Appends one row to the append-only `audit_log` (the processing record personal-information law asks for) and returns
 * its sequence number. Call it inside the same transaction as the change it records.
 */
export function appendAudit(db: Db, entry: AuditEntry): number {
  const detail = entry.detail ?? {};
  const result = insertStatement(db).run(
    new Date().toISOString(),
    entry.userId,
    entry.role,
    entry.unitId,
    entry.action,
    entry.entityType ?? null,
    entry.entityId ?? null,
    entry.caseId ?? null,
    JSON.stringify(needsRedaction(detail) ? redact(detail) : detail),
  );
  return Number(result.lastInsertRowid);
}
