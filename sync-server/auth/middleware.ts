import type { RequestHandler, Response } from 'express';
import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { endedSessionReason, findSession, SESSION_END_REASONS, type AuthContext } from './sessions';
import type { Role } from '../../shared/roles';
import { isWithinScope } from '../../shared/org';
import { revokedSessionRefusal } from '../sync/device-revocation';

export const PASSWORD_CHANGE_REQUIRED_MESSAGE =
  '请先修改密码：管理员设置的初始密码或演示密码须在首次登录时改为您自己的密码';

/**
 * Resolves `Authorization: Bearer <token>` into `res.locals.auth`, or answers 401 — saying why when an
 * administrator ended the session (account deactivated, password reset). A session bound to a revoked
 * device answers 403 `device_revoked`, except on the routes of the last push a revocation may allow
 * (`finalPush`: the push and the photo uploads) and on the tablet's report of its wipe
 * (`revokedDevice: 'allow'`); that check comes first, so a lost tablet wipes whatever else is pending. A
 * session whose password must be changed first is refused with 403 `password_change_required`, except on
 * the few routes that pass `allowPendingPasswordChange` (change the password, log out, who am I).
 */
export function requireAuth(
  db: Db,
  options: { finalPush?: boolean; revokedDevice?: 'allow'; allowPendingPasswordChange?: boolean } = {},
): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    const token = match?.[1];
    const auth = token ? findSession(db, token) : null;
    if (!auth) {
      const reason = token ? endedSessionReason(db, token) : null;
      next(
        reason
          ? new HttpError(401, reason, SESSION_END_REASONS[reason])
          : new HttpError(401, 'unauthenticated', '登录已失效，请重新登录'),
      );
      return;
    }
    const revoked =
      auth.deviceId && options.revokedDevice !== 'allow'
        ? revokedSessionRefusal(db, auth.deviceId, options.finalPush === true)
        : null;
    if (revoked) {
      next(revoked);
      return;
    }
    if (auth.user.mustChangePassword && !options.allowPendingPasswordChange) {
      next(new HttpError(403, 'password_change_required', PASSWORD_CHANGE_REQUIRED_MESSAGE));
      return;
    }
    res.locals.auth = auth;
    next();
  };
}

export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new HttpError(401, 'unauthenticated', '登录已失效，请重新登录');
  return auth;
}

/** Answers 403 unless the signed-in user has one of `roles`. Place after requireAuth. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const { user } = authOf(res);
    if (!roles.includes(user.role)) {
      next(new HttpError(403, 'forbidden_role', '您的角色无权执行此操作'));
      return;
    }
    next();
  };
}

/** Throws 403 unless `unitPath` lies within the user's own unit. Call it for every case-data access. */
export function assertInScope(auth: AuthContext, unitPath: string): void {
  if (!isWithinScope(unitPath, auth.user.unitPath)) {
    throw new HttpError(403, 'out_of_scope', '无权访问其他单位的数据');
  }
}
