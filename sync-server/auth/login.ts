import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { appendAudit } from '../audit/audit';
import { hashPassword, verifyPassword } from './passwords';
import { createSession, findSession, type SessionUser } from './sessions';

// Login attempts are counted in `login_failures` BEFORE the password is checked: each attempt first
// reserves a row (synchronously, in one transaction with the check, so parallel requests cannot all pass
// the check before any of them is counted). A wrong password leaves the row as the failure; a right one
// deletes it. So a row is a failed attempt or one whose scrypt is still running, and at most
// MAX_LOGIN_FAILURES passwords per username and address are ever being verified at once.

/** Failed (or in-flight) logins allowed per username and address within the window; then 429. */
export const MAX_LOGIN_FAILURES = 5;
/**
 * Failed (or in-flight) logins allowed per username from all addresses together within the window; then
 * 429 for that username from every address, so guessing spread over many addresses is slowed too. The
 * price: someone who can reach the server can lock an account for up to one window by failing 20 times.
 */
export const MAX_LOGIN_FAILURES_PER_USERNAME = 20;
/** How long a failure counts. */
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

interface LockState {
  locked: boolean;
  retryAfterSeconds: number;
}

/**
 * Locked while the window holds `max` rows for the key; the lock lifts when the oldest of the latest
 * `max` expires.
 */
function lockFrom(times: number[], max: number, now: number): LockState {
  const oldest = times[max - 1];
  if (oldest === undefined) return { locked: false, retryAfterSeconds: 0 };
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest + LOGIN_FAILURE_WINDOW_MS - now) / 1000));
  return { locked: true, retryAfterSeconds };
}

/** Locked by either limit: per username and address, or per username from all addresses. */
export function loginLockState(db: Db, username: string, address: string, now = Date.now()): LockState {
  const since = now - LOGIN_FAILURE_WINDOW_MS;
  const byAddress = db
    .prepare(
      `SELECT failed_at FROM login_failures WHERE username = ? AND address = ? AND failed_at > ?
        ORDER BY failed_at DESC LIMIT ?`,
    )
    .pluck()
    .all(username, address, since, MAX_LOGIN_FAILURES) as number[];
  const byUsername = db
    .prepare(
      `SELECT failed_at FROM login_failures WHERE username = ? AND failed_at > ?
        ORDER BY failed_at DESC LIMIT ?`,
    )
    .pluck()
    .all(username, since, MAX_LOGIN_FAILURES_PER_USERNAME) as number[];
  const a = lockFrom(byAddress, MAX_LOGIN_FAILURES, now);
  const u = lockFrom(byUsername, MAX_LOGIN_FAILURES_PER_USERNAME, now);
  return {
    locked: a.locked || u.locked,
    retryAfterSeconds: Math.max(a.retryAfterSeconds, u.retryAfterSeconds),
  };
}

type Reservation = { ok: true; rowid: number } | { ok: false; retryAfterSeconds: number };

/**
 * Checks both limits and, unless locked, inserts the attempt's row — in one transaction, with no await in
 * between, so no other request can be checked between this request's check and its insert.
 */
function reserveAttempt(db: Db, username: string, address: string, now: number): Reservation {
  return db
    .transaction((): Reservation => {
      db.prepare('DELETE FROM login_failures WHERE failed_at <= ?').run(now - LOGIN_FAILURE_WINDOW_MS);
      const lock = loginLockState(db, username, address, now);
      if (lock.locked) return { ok: false, retryAfterSeconds: lock.retryAfterSeconds };
      const { lastInsertRowid } = db
        .prepare('INSERT INTO login_failures (username, address, failed_at) VALUES (?, ?, ?)')
        .run(username, address, now);
      return { ok: true, rowid: Number(lastInsertRowid) };
    })
    .immediate();
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

export function tooManyAttempts(retryAfterSeconds: number): HttpError {
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
  // Counted before the slow hash; while locked, even the right password is refused (without hashing, for
  // known and unknown usernames alike): otherwise the lock would not slow a guesser down.
  const reservation = reserveAttempt(db, username, address, Date.now());
  if (!reservation.ok) throw tooManyAttempts(reservation.retryAfterSeconds);

  const row = db.prepare('SELECT id, password_hash, active FROM users WHERE username = ?').get(username) as
    LoginRow | undefined;
  // If this throws, the reservation stays and counts as a failure.
  const passwordOk = await verifyPassword(input.password, row?.password_hash ?? (await hashForUnknownUser()));
  // A wrong password: the reserved row stays as the failure.
  if (!row || !passwordOk) throw new HttpError(401, 'invalid_credentials', '用户名或密码错误');
  if (row.active !== 1) {
    // The right password of a disabled account is not a failed guess (as before the reservation).
    db.prepare('DELETE FROM login_failures WHERE rowid = ?').run(reservation.rowid);
    throw new HttpError(403, 'account_disabled', '账号已停用，请联系管理员');
  }

  // Removes this attempt's reservation and clears the failures from this address.
  db.prepare('DELETE FROM login_failures WHERE username = ? AND address = ?').run(username, address);
  const deviceId = input.deviceId ?? null;
  const session = createSession(db, row.id, sessionTtlHours, deviceId);
  db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(new Date().toISOString(), row.id);
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
