import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { appendAudit, type AuditActor } from '../audit/audit';
import { getUnit } from '../org/units';
import { generateOneTimePassword, hashOneTimePassword, hashPassword } from './passwords';
import { endSessionsOf } from './sessions';
import { isWithinScope, type Unit } from '../../shared/org';
import type { Role } from '../../shared/roles';
import type { AccountListItem } from '../../shared/accounts';
import { passwordProblem } from '../../shared/password-policy';
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
  must_change_password: number;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  unit_name: string;
  unit_level: string;
  unit_path: string;
}

const SELECT_USER = `SELECT u.id, u.username, u.display_name, u.role, u.unit_id, u.active, u.must_change_password,
         u.last_login_at, u.created_at, u.updated_at,
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
    mustChangePassword: row.must_change_password === 1,
    lastLoginAt: row.last_login_at,
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

interface DeviceSummaryRow {
  user_id: string;
  n: number;
  last_sync_at: string | null;
}

/**
 * `listUsers` with each account's device count and latest sync: one grouped read of `sync_devices` (by its
 * primary key's user prefix) for the whole scope, not one query per account.
 */
export function listAccounts(db: Db, scopePath: string): AccountListItem[] {
  const users = listUsers(db, scopePath);
  const summaries = db
    .prepare(
      `SELECT d.user_id, count(*) AS n,
              max(coalesce(d.last_push_at, ''), coalesce(d.last_pull_at, ''), coalesce(d.last_bundle_at, ''))
                AS last_sync_at
         FROM sync_devices d JOIN users u ON u.id = d.user_id JOIN units un ON un.id = u.unit_id
        WHERE un.path = ? OR un.path GLOB ?
        GROUP BY d.user_id`,
    )
    .all(scopePath, `${scopePath}/*`) as DeviceSummaryRow[];
  const byUser = new Map(summaries.map((row) => [row.user_id, row]));
  return users.map((user) => {
    const summary = byUser.get(user.id);
    return {
      ...user,
      deviceCount: summary?.n ?? 0,
      lastSyncAt: summary?.last_sync_at ? summary.last_sync_at : null,
    };
  });
}

export function countUsers(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

/** Where the acting administrator may place accounts; null for the system itself (the seed). */
export type ActorScope = string | null;

export function unitForRole(db: Db, unitId: string, role: Role, scope: ActorScope): Unit {
  const unit = getUnit(db, unitId);
  if (!unit) throw new HttpError(400, 'unknown_unit', `单位不存在：${unitId}`);
  if (scope !== null && !isWithinScope(unit.path, scope)) {
    throw new HttpError(403, 'out_of_scope', '无权管理其他单位的账号');
  }
  if (!roleFitsUnitLevel(role, unit.level)) {
    throw new HttpError(400, 'role_unit_mismatch', roleUnitMismatchMessage(role, unit.level));
  }
  // A deactivated unit (组织单位 → 停用) takes no new or moved account.
  const state = db.prepare('SELECT active FROM units WHERE id = ?').get(unit.id) as
    { active: number } | undefined;
  if (state?.active === 0)
    throw new HttpError(409, 'unit_inactive', `${unit.name}已停用，不能在此单位设置账号`);
  return unit;
}

export function usernameTaken(): HttpError {
  return new HttpError(409, 'username_taken', '用户名已存在');
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Throws 400 `weak_password` with the policy's sentence (shared/password-policy.ts). */
export function assertPasswordAcceptable(password: string, username: string): void {
  const problem = passwordProblem(password, { username });
  if (problem) throw new HttpError(400, 'weak_password', problem);
}

export interface CreatedAccount {
  user: UserAccount;
  /** The password the server chose, to be shown to the administrator once; null when one was given. */
  oneTimePassword: string | null;
}

export interface CreateOptions {
  /** Defaults to true: a password someone else knows must be replaced at the first login. */
  mustChangePassword?: boolean;
  /** Defaults to true; only the demo seed, which sets the published demo password on purpose, skips it. */
  checkPasswordPolicy?: boolean;
}

export interface NewUserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  passwordHash: string;
}

/**
 * Inserts an account already checked (unit, scope, level, password) and audits it; for `createUser` and
 * the CSV import, inside their transaction. A taken username throws SQLite's UNIQUE violation.
 */
export function insertUser(
  db: Db,
  row: NewUserRow,
  actor: AuditActor,
  flags: { mustChangePassword: boolean; oneTimePasswordIssued: boolean; importLine?: number },
): void {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO users (id, username, display_name, role, unit_id, password_hash, active, must_change_password,
                        created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  ).run(
    row.id,
    row.username,
    row.displayName,
    row.role,
    row.unitId,
    row.passwordHash,
    flags.mustChangePassword ? 1 : 0,
    now,
    now,
  );
  appendAudit(db, {
    ...actor,
    action: 'user.create',
    entityType: 'user',
    entityId: row.id,
    detail: {
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      unitId: row.unitId,
      oneTimePasswordIssued: flags.oneTimePasswordIssued,
      ...(flags.importLine === undefined ? {} : { importLine: flags.importLine }),
    },
  });
}

/**
 * Creates one account. Without a password in `input`, a one-time password is issued and returned. Every
 * account so created must change its password at its first login unless `options` says otherwise (the
 * demo seed in test fixtures).
 */
export async function createUser(
  db: Db,
  input: CreateUserRequest,
  actor: AuditActor,
  scope: ActorScope,
  options: CreateOptions = {},
): Promise<CreatedAccount> {
  // Validate before the (deliberately slow) hash so a bad request fails fast.
  const unit = unitForRole(db, input.unitId, input.role, scope);
  if (input.password !== undefined && options.checkPasswordPolicy !== false) {
    assertPasswordAcceptable(input.password, input.username);
  }
  if (getUserByUsername(db, input.username)) throw usernameTaken();
  const oneTimePassword = input.password === undefined ? generateOneTimePassword() : null;
  const passwordHash =
    oneTimePassword === null
      ? await hashPassword(input.password ?? '')
      : await hashOneTimePassword(oneTimePassword);
  const id = randomUUID();
  try {
    db.transaction(() => {
      insertUser(db, { id, ...input, unitId: unit.id, passwordHash }, actor, {
        mustChangePassword: options.mustChangePassword ?? true,
        oneTimePasswordIssued: oneTimePassword !== null,
      });
    })();
  } catch (err) {
    // Two requests for one name can both pass the check above while hashing; the UNIQUE index decides.
    if (isUniqueViolation(err)) throw usernameTaken();
    throw err;
  }
  const created = getUser(db, id);
  if (!created) throw new Error(`user ${id} vanished after insert`);
  return { user: created, oneTimePassword };
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
  const planned = planUpdate(db, id, patch, scope); // fail fast, before the slow hash
  if (patch.password !== undefined) assertPasswordAcceptable(patch.password, planned.current.username);
  const passwordHash = patch.password === undefined ? null : await hashPassword(patch.password);
  return db.transaction(() => {
    // Re-checked inside the transaction: another request may have changed the account during the hash.
    const { current, next, changes } = planUpdate(db, id, patch, scope);
    // A password set by an administrator is known to them: the user replaces it at the next login.
    db.prepare(
      `UPDATE users SET display_name = ?, role = ?, unit_id = ?, active = ?,
              password_hash = coalesce(?, password_hash),
              must_change_password = CASE WHEN ? IS NULL THEN must_change_password ELSE 1 END, updated_at = ?
        WHERE id = ?`,
    ).run(
      next.displayName,
      next.role,
      next.unitId,
      next.active ? 1 : 0,
      passwordHash,
      passwordHash,
      new Date().toISOString(),
      id,
    );
    // A disabled account or a new password ends every session the account had, on every device, at once.
    if (!next.active) endSessionsOf(db, id, 'account_disabled');
    else if (passwordHash !== null) endSessionsOf(db, id, 'password_reset');
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
