import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database';
import type { Role } from '../../shared/roles';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
  unitLevel: string;
  /** Path of the user's unit: the root of everything this user may see. */
  unitPath: string;
  /**
   * A one-time or demo password is in use: only changing it is allowed (auth/middleware.ts). Set on every
   * session; absent on actors built without one (bundle authors, the command-line scan).
   */
  mustChangePassword?: boolean;
}

export interface AuthContext {
  user: SessionUser;
  tokenHash: string;
  deviceId: string | null;
}

/** Tokens are 32 random bytes handed to the client once; only their SHA-256 is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createSession(
  db: Db,
  userId: string,
  ttlHours: number,
  deviceId: string | null,
): { token: string; expiresAt: string } {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000).toISOString();
  db.prepare(
    'INSERT INTO sessions (token_hash, user_id, device_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  ).run(hashToken(token), userId, deviceId, now.toISOString(), expiresAt);
  return { token, expiresAt };
}

export function deleteSession(db: Db, tokenHash: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
}

interface SessionRow {
  token_hash: string;
  device_id: string | null;
  expires_at: string;
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_id: string;
  unit_name: string;
  unit_level: string;
  unit_path: string;
  must_change_password: number;
}

/** The live session behind a raw bearer token, or null when unknown, expired or the user is inactive. */
export function findSession(db: Db, token: string): AuthContext | null {
  const row = db
    .prepare(
      `SELECT s.token_hash, s.device_id, s.expires_at, u.id, u.username, u.display_name, u.role, u.unit_id,
              u.must_change_password, un.name AS unit_name, un.level AS unit_level, un.path AS unit_path
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id
        WHERE s.token_hash = ? AND u.active = 1`,
    )
    .get(hashToken(token)) as SessionRow | undefined;
  if (!row) return null;
  if (Date.parse(row.expires_at) <= Date.now()) {
    deleteSession(db, row.token_hash);
    return null;
  }
  return {
    tokenHash: row.token_hash,
    deviceId: row.device_id,
    user: {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      unitId: row.unit_id,
      unitName: row.unit_name,
      unitLevel: row.unit_level,
      unitPath: row.unit_path,
      mustChangePassword: row.must_change_password === 1,
    },
  };
}

/** Why an administrator (or the user elsewhere) ended a session: its token then hears this, not just 401. */
export const SESSION_END_REASONS = {
  account_disabled: '账号已停用，请联系管理员',
  password_reset: '密码已被管理员重置，请使用管理员提供的一次性密码重新登录',
  password_changed: '密码已在其他设备上修改，请使用新密码重新登录',
} as const;
export type SessionEndReason = keyof typeof SESSION_END_REASONS;

/**
 * Ends every session of the user at once (on every device), except `keepTokenHash` (the session that
 * changed its own password). Each ended token is remembered with its reason until it would have expired.
 * Call inside the transaction that makes the change.
 */
export function endSessionsOf(
  db: Db,
  userId: string,
  reason: SessionEndReason,
  keepTokenHash: string | null = null,
): void {
  const now = new Date().toISOString();
  db.prepare('DELETE FROM ended_sessions WHERE expires_at <= ?').run(now);
  db.prepare(
    `INSERT OR REPLACE INTO ended_sessions (token_hash, user_id, reason, ended_at, expires_at)
     SELECT token_hash, user_id, ?, ?, expires_at FROM sessions
      WHERE user_id = ? AND token_hash IS NOT coalesce(?, '') AND expires_at > ?`,
  ).run(reason, now, userId, keepTokenHash, now);
  db.prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT coalesce(?, '')").run(
    userId,
    keepTokenHash,
  );
}

/** Why the session behind a raw token was ended, when an administrator ended it and it has not expired. */
export function endedSessionReason(db: Db, token: string): SessionEndReason | null {
  const row = db
    .prepare('SELECT reason FROM ended_sessions WHERE token_hash = ? AND expires_at > ?')
    .get(hashToken(token), new Date().toISOString()) as { reason: string } | undefined;
  if (!row || !(row.reason in SESSION_END_REASONS)) return null;
  return row.reason as SessionEndReason;
}
