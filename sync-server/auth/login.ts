import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { appendAudit } from '../audit/audit';
import { hashPassword, verifyPassword } from './passwords';
import { createSession, findSession, type SessionUser } from './sessions';

/** Failed logins allowed per username and address within the window before further attempts are refused. */
export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

interface LockState {
  locked: boolean;
  retryAfterSeconds: number;
}

/** Locked while the window holds MAX failures; the lock lifts when the oldest of the latest MAX expires. */
export function loginLockState(db: Db, username: string, address: string, now = Date.now()): LockState {
  const rows = db
    .prepare(
      `SELECT failed_at FROM login_failures WHERE username = ? AND address = ? AND failed_at > ?
        ORDER BY failed_at DESC LIMIT ?`,
    )
    .all(username, address, now - LOGIN_FAILURE_WINDOW_MS, MAX_LOGIN_FAILURES) as { failed_at: number }[];
  const oldest = rows[MAX_LOGIN_FAILURES - 1];
  if (!oldest) return { locked: false, retryAfterSeconds: 0 };
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.failed_at + LOGIN_FAILURE_WINDOW_MS - now) / 1000));
  return { locked: true, retryAfterSeconds };
}

function recordFailure(db: Db, username: string, address: string, now: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM login_failures WHERE failed_at <= ?').run(now - LOGIN_FAILURE_WINDOW_MS);
    db.prepare('INSERT INTO login_failures (username, address, failed_at) VALUES (?, ?, ?)').run(
      username,
      address,
      now,
    );
  })();
}

// Unknown usernames still pay for one scrypt, so response time does not tell which usernames exist.
let dummyHash: Promise<string> | null = null;
function hashForUnknownUser(): Promise<string> {
  dummyHash ??= hashPassword('no-such-user-placeholder');
  return dummyHash;
}

interface LoginRow {
  id: string;
  password_hash: string;
  active: number;
}

export interface LoginInput {
  username: string;
  password: string;
  deviceId?: string | undefined;
  /** The client's address as Express sees it (`req.ip`). */
  address: string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

function tooManyAttempts(retryAfterSeconds: number): HttpError {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new HttpError(
    429,
    'too_many_attempts',
    `登录失败次数过多，请 ${minutes} 分钟后再试`,
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** Checks the password (refusing while locked out) and opens a session. */
export async function login(db: Db, input: LoginInput, sessionTtlHours: number): Promise<LoginResult> {
  const { username, address } = input;
  const lock = loginLockState(db, username, address);
  // While locked, even the right password is refused: otherwise the lock would not slow a guesser down.
  if (lock.locked) throw tooManyAttempts(lock.retryAfterSeconds);

  const row = db.prepare('SELECT id, password_hash, active FROM users WHERE username = ?').get(username) as
    LoginRow | undefined;
  const passwordOk = await verifyPassword(input.password, row?.password_hash ?? (await hashForUnknownUser()));
  if (!row || !passwordOk) {
    recordFailure(db, username, address, Date.now());
    throw new HttpError(401, 'invalid_credentials', '用户名或密码错误');
  }
  if (row.active !== 1) throw new HttpError(403, 'account_disabled', '账号已停用，请联系管理员');

  db.prepare('DELETE FROM login_failures WHERE username = ? AND address = ?').run(username, address);
  const deviceId = input.deviceId ?? null;
  const session = createSession(db, row.id, sessionTtlHours, deviceId);
  const auth = findSession(db, session.token);
  if (!auth) throw new Error('a session just created cannot be found');
  appendAudit(db, {
    userId: auth.user.id,
    role: auth.user.role,
    unitId: auth.user.unitId,
    action: 'auth.login',
    entityType: 'user',
    entityId: auth.user.id,
    detail: { deviceId, address },
  });
  return { ...session, user: auth.user };
}
