import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { appendAudit, type AuditActor } from '../audit/audit';
import { getUnit } from '../org/units';
import { hashPassword } from './passwords';
import { isWithinScope, type Unit } from '../../shared/org';
import type { Role } from '../../shared/roles';
import {
  roleFitsUnitLevel,
  roleUnitMismatchMessage,
  userAccountSchema,
  type CreateUserRequest,
  type UpdateUserRequest,
  type UserAccount,
} from '../../shared/users';

/**
 * The user-account service. The administration API and the demo seed both create accounts through
 * `createUser`, so the rules (unit exists, the unit's level fits the role, unique username, hashed
 * password, audit entry) hold for every account whatever made it.
 */

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit_id: string;
  active: number;
  created_at: string;
  updated_at: string;
  unit_name: string;
  unit_level: string;
  unit_path: string;
}

const SELECT_USER = `SELECT u.id, u.username, u.display_name, u.role, u.unit_id, u.active, u.created_at, u.updated_at,
         un.name AS unit_name, un.level AS unit_level, un.path AS unit_path
    FROM users u JOIN units un ON un.id = u.unit_id`;

function toAccount(row: UserRow): UserAccount {
  return userAccountSchema.parse({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitLevel: row.unit_level,
    unitPath: row.unit_path,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

export function getUser(db: Db, id: string): UserAccount | null {
  const row = db.prepare(`${SELECT_USER} WHERE u.id = ?`).get(id) as UserRow | undefined;
  return row ? toAccount(row) : null;
}

export function getUserByUsername(db: Db, username: string): UserAccount | null {
  const row = db.prepare(`${SELECT_USER} WHERE u.username = ?`).get(username) as UserRow | undefined;
  return row ? toAccount(row) : null;
}

/** Accounts attached to units within `scopePath`, ordered by unit then username. */
export function listUsers(db: Db, scopePath: string): UserAccount[] {
  const rows = db
    .prepare(`${SELECT_USER} WHERE un.path = ? OR un.path GLOB ? ORDER BY un.path, u.username`)
    .all(scopePath, `${scopePath}/*`) as UserRow[];
  return rows.map(toAccount);
}

export function countUsers(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

/** Where the acting administrator may place accounts; null for the system itself (the seed). */
export type ActorScope = string | null;

function unitForRole(db: Db, unitId: string, role: Role, scope: ActorScope): Unit {
  const unit = getUnit(db, unitId);
  if (!unit) throw new HttpError(400, 'unknown_unit', `单位不存在：${unitId}`);
  if (scope !== null && !isWithinScope(unit.path, scope)) {
    throw new HttpError(403, 'out_of_scope', '无权管理其他单位的账号');
  }
  if (!roleFitsUnitLevel(role, unit.level)) {
    throw new HttpError(400, 'role_unit_mismatch', roleUnitMismatchMessage(role, unit.level));
  }
  return unit;
}

function usernameTaken(): HttpError {
  return new HttpError(409, 'username_taken', '用户名已存在');
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export async function createUser(
  db: Db,
  input: CreateUserRequest,
  actor: AuditActor,
  scope: ActorScope,
): Promise<UserAccount> {
  // Validate before the (deliberately slow) hash so a bad request fails fast.
  const unit = unitForRole(db, input.unitId, input.role, scope);
  if (getUserByUsername(db, input.username)) throw usernameTaken();
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  const now = new Date().toISOString();
  try {
    db.transaction(() => {
      db.prepare(
        `INSERT INTO users (id, username, display_name, role, unit_id, password_hash, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      ).run(id, input.username, input.displayName, input.role, unit.id, passwordHash, now, now);
      appendAudit(db, {
        ...actor,
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        detail: {
          username: input.username,
          displayName: input.displayName,
          role: input.role,
          unitId: unit.id,
        },
      });
    })();
  } catch (err) {
    // Two requests for one name can both pass the check above while hashing; the UNIQUE index decides.
    if (isUniqueViolation(err)) throw usernameTaken();
    throw err;
  }
  const created = getUser(db, id);
  if (!created) throw new Error(`user ${id} vanished after insert`);
  return created;
}

function countOtherActiveAdmins(db: Db, id: string): number {
  const row = db
    .prepare(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1 AND id <> ?`)
    .get(id) as { n: number };
  return row.n;
}

interface PlannedUpdate {
  current: UserAccount;
  next: { displayName: string; role: Role; unitId: string; active: boolean };
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** Checks a patch against the account as it is now; throws the error the request deserves. */
function planUpdate(db: Db, id: string, patch: UpdateUserRequest, scope: ActorScope): PlannedUpdate {
  const current = getUser(db, id);
  if (!current) throw new HttpError(404, 'user_not_found', '没有这个账号');
  if (scope !== null && !isWithinScope(current.unitPath, scope)) {
    throw new HttpError(403, 'out_of_scope', '无权管理其他单位的账号');
  }
  const next = {
    displayName: patch.displayName ?? current.displayName,
    role: patch.role ?? current.role,
    unitId: patch.unitId ?? current.unitId,
    active: patch.active ?? current.active,
  };
  if (patch.role !== undefined || patch.unitId !== undefined) unitForRole(db, next.unitId, next.role, scope);
  const staysAdmin = next.role === 'admin' && next.active;
  if (current.role === 'admin' && current.active && !staysAdmin && countOtherActiveAdmins(db, id) === 0) {
    throw new HttpError(409, 'last_admin', '至少需要保留一个启用的系统管理员账号');
  }
  const changes: PlannedUpdate['changes'] = {};
  for (const key of ['displayName', 'role', 'unitId', 'active'] as const) {
    if (next[key] !== current[key]) changes[key] = { from: current[key], to: next[key] };
  }
  return { current, next, changes };
}

export async function updateUser(
  db: Db,
  id: string,
  patch: UpdateUserRequest,
  actor: AuditActor,
  scope: ActorScope,
): Promise<UserAccount> {
  planUpdate(db, id, patch, scope); // fail fast, before the slow hash
  const passwordHash = patch.password === undefined ? null : await hashPassword(patch.password);
  return db.transaction(() => {
    // Re-checked inside the transaction: another request may have changed the account during the hash.
    const { current, next, changes } = planUpdate(db, id, patch, scope);
    db.prepare(
      `UPDATE users SET display_name = ?, role = ?, unit_id = ?, active = ?,
              password_hash = coalesce(?, password_hash), updated_at = ?
        WHERE id = ?`,
    ).run(
      next.displayName,
      next.role,
      next.unitId,
      next.active ? 1 : 0,
      passwordHash,
      new Date().toISOString(),
      id,
    );
    // A new password or a disabled account ends every session the account had, on every device.
    if (passwordHash !== null || !next.active) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
    appendAudit(db, {
      ...actor,
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      detail: { username: current.username, changes, passwordChanged: passwordHash !== null },
    });
    const updated = getUser(db, id);
    if (!updated) throw new Error(`user ${id} vanished after update`);
    return updated;
  })();
}
