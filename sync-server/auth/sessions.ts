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
}

/** The live session behind a raw bearer token, or null when unknown, expired or the user is inactive. */
export function findSession(db: Db, token: string): AuthContext | null {
  const row = db
    .prepare(
      `SELECT s.token_hash, s.device_id, s.expires_at, u.id, u.username, u.display_name, u.role, u.unit_id,
              un.name AS unit_name, un.level AS unit_level, un.path AS unit_path
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
    },
  };
}
