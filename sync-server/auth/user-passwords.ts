import type { Db } from '../db/database';
import { appendAudit, type AuditActor } from '../audit/audit';
import { HttpError } from '../http/errors';
import { generateOneTimePassword, hashOneTimePassword, hashPassword, verifyPassword } from './passwords';
import { loginLockState, tooManyAttempts } from './login';
import { endSessionsOf, type AuthContext } from './sessions';
import { assertPasswordAcceptable, getUser, type ActorScope, type CreatedAccount } from './users';
import { isWithinScope } from '../../shared/org';
import type { ChangePasswordRequest } from '../../shared/accounts';

/**
 * Passwords after the account exists: the administrator's reset (a one-time password, shown once, to be
 * replaced at the first login) and everyone's change of their own password.
 */

/**
 * Gives the account a new one-time password: every session it has ends at once (the tablet hears
 * "password reset" at its next contact) and the next login must choose a new password.
 */
export async function resetPassword(
  db: Db,
  id: string,
  actor: AuditActor,
  scope: ActorScope,
): Promise<CreatedAccount & { oneTimePassword: string }> {
  const check = () => {
    const current = getUser(db, id);
    if (!current) throw new HttpError(404, 'user_not_found', '没有这个账号');
    if (scope !== null && !isWithinScope(current.unitPath, scope)) {
      throw new HttpError(403, 'out_of_scope', '无权管理其他单位的账号');
    }
    if (!current.active) throw new HttpError(409, 'account_disabled', '账号已停用，请先启用再重置密码');
    return current;
  };
  check();
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashOneTimePassword(oneTimePassword);
  const user = db.transaction(() => {
    const current = check(); // again: the account may have changed during the hash
    db.prepare(
      'UPDATE users SET password_hash = ?, must_change_password = 1, updated_at = ? WHERE id = ?',
    ).run(passwordHash, new Date().toISOString(), id);
    endSessionsOf(db, id, 'password_reset');
    appendAudit(db, {
      ...actor,
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      detail: { username: current.username },
    });
    return getUser(db, id);
  })();
  if (!user) throw new Error(`user ${id} vanished during a reset`);
  return { user, oneTimePassword };
}

/**
 * The signed-in user replaces their password: the current one is required, the new one must meet the
 * policy and differ from it. Other sessions of the account end; this one stays and is free of the
 * must-change flag.
 */
export async function changeOwnPassword(
  db: Db,
  auth: AuthContext,
  request: ChangePasswordRequest,
  address: string,
): Promise<void> {
  const { user } = auth;
  // A stolen session must not become a way to guess the password: wrong current passwords count as
  // failed logins of the account, and a locked account is refused here as at the login.
  const lock = loginLockState(db, user.username, address);
  if (lock.locked) throw tooManyAttempts(lock.retryAfterSeconds);
  const row = db.prepare('SELECT password_hash FROM users WHERE id = ?').get(user.id) as
    { password_hash: string } | undefined;
  if (!row || !(await verifyPassword(request.currentPassword, row.password_hash))) {
    db.prepare('INSERT INTO login_failures (username, address, failed_at) VALUES (?, ?, ?)').run(
      user.username,
      address,
      Date.now(),
    );
    throw new HttpError(400, 'wrong_password', '当前密码不正确');
  }
  assertPasswordAcceptable(request.newPassword, user.username);
  if (request.newPassword === request.currentPassword) {
    throw new HttpError(400, 'weak_password', '新密码不能与当前密码相同');
  }
  const passwordHash = await hashPassword(request.newPassword);
  db.transaction(() => {
    const changed = db
      .prepare(
        `UPDATE users SET password_hash = ?, must_change_password = 0, updated_at = ?
          WHERE id = ? AND password_hash = ? AND active = 1`,
      )
      .run(passwordHash, new Date().toISOString(), user.id, row.password_hash);
    // Someone reset or changed it meanwhile: this request's idea of the current password is stale.
    if (changed.changes !== 1)
      throw new HttpError(409, 'password_changed_meanwhile', '密码刚被修改过，请重新登录后再试');
    endSessionsOf(db, user.id, 'password_changed', auth.tokenHash);
    appendAudit(db, {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      action: 'auth.password_change',
      entityType: 'user',
      entityId: user.id,
      detail: { wasRequired: user.mustChangePassword === true },
    });
  })();
}
