import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database';
import { ROLES } from '../../shared/roles';
import type { DeviceStatus, DevicesReply } from '../../shared/sync/protocol';
import { stmt } from './statements';

/** What each (user, device) last did, for the township's overview and for a tablet that lost its data. */

export function recordPush(db: Db, userId: string, deviceId: string, pendingCount: number | undefined): void {
  const now = new Date().toISOString();
  stmt(
    db,
    `INSERT INTO sync_devices (user_id, device_id, last_push_at, pending_count, pending_reported_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(user_id, device_id) DO UPDATE SET last_push_at = excluded.last_push_at,
       pending_count = coalesce(excluded.pending_count, pending_count),
       pending_reported_at = coalesce(excluded.pending_reported_at, pending_reported_at)`,
  ).run(userId, deviceId, now, pendingCount ?? null, pendingCount === undefined ? null : now);
}

export function recordPull(db: Db, userId: string, deviceId: string, userAgent: string | null = null): void {
  stmt(
    db,
    `INSERT INTO sync_devices (user_id, device_id, last_pull_at, user_agent) VALUES (?, ?, ?, ?)
     ON CONFLICT(user_id, device_id) DO UPDATE SET last_pull_at = excluded.last_pull_at,
       user_agent = coalesce(excluded.user_agent, user_agent)`,
  ).run(userId, deviceId, new Date().toISOString(), userAgent);
}

/** The name a worker gives their tablet (empty clears it). */
export function setDeviceLabel(db: Db, userId: string, deviceId: string, label: string): void {
  stmt(
    db,
    `INSERT INTO sync_devices (user_id, device_id, label) VALUES (?, ?, ?)
     ON CONFLICT(user_id, device_id) DO UPDATE SET label = excluded.label`,
  ).run(userId, deviceId, label === '' ? null : label);
}

export function recordBundleImport(db: Db, userId: string, deviceId: string): void {
  stmt(
    db,
    `INSERT INTO sync_devices (user_id, device_id, last_bundle_at) VALUES (?, ?, ?)
     ON CONFLICT(user_id, device_id) DO UPDATE SET last_bundle_at = excluded.last_bundle_at`,
  ).run(userId, deviceId, new Date().toISOString());
}

interface DeviceRow {
  user_id: string;
  device_id: string;
  last_push_at: string | null;
  last_pull_at: string | null;
  last_bundle_at: string | null;
  pending_count: number | null;
  pending_reported_at: string | null;
  label: string | null;
  user_agent: string | null;
  revoked_at: string | null;
  revoked_by_name: string | null;
  reason: string | null;
  push_first: number | null;
  wiped_at: string | null;
}

function toStatus(row: DeviceRow): DeviceStatus {
  return {
    deviceId: row.device_id,
    lastPushAt: row.last_push_at,
    lastPullAt: row.last_pull_at,
    lastBundleAt: row.last_bundle_at,
    pendingCount: row.pending_count,
    pendingReportedAt: row.pending_reported_at,
    label: row.label,
    userAgent: row.user_agent,
    revocation:
      row.revoked_at === null
        ? null
        : {
            revokedAt: row.revoked_at,
            revokedByName: row.revoked_by_name ?? '',
            reason: row.reason ?? '',
            pushFirst: row.push_first === 1,
            wipedAt: row.wiped_at,
          },
  };
}

const DEVICE_ORDER =
  'ORDER BY coalesce(max(last_push_at, last_pull_at), last_push_at, last_pull_at, last_bundle_at) DESC';

export function devicesOf(db: Db, userId: string): DeviceStatus[] {
  const rows = stmt(
    db,
    `SELECT d.*, r.revoked_at, ru.display_name AS revoked_by_name, r.reason, r.push_first, r.wiped_at
       FROM sync_devices d
       LEFT JOIN device_revocations r ON r.device_id = d.device_id
       LEFT JOIN users ru ON ru.id = r.revoked_by
      WHERE d.user_id = ? ${DEVICE_ORDER}`,
  ).all(userId) as DeviceRow[];
  return rows.map(toStatus);
}

interface WorkerRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit_id: string;
  unit_name: string;
}

/** Every grid worker and township account in scope, each with their devices (possibly none yet). */
export function deviceOverview(db: Db, scopePath: string): DevicesReply {
  const workers = stmt(
    db,
    `SELECT u.id, u.username, u.display_name, u.role, u.unit_id, un.name AS unit_name
       FROM users u JOIN units un ON un.id = u.unit_id
      WHERE u.active = 1 AND u.role IN (?, ?) AND (un.path = ? OR (un.path >= ? AND un.path < ?))
      ORDER BY un.path, u.username`,
  ).all(ROLES.gridWorker, ROLES.townshipStaff, scopePath, `${scopePath}/`, `${scopePath}0`) as WorkerRow[];
  return {
    workers: workers.map((w) => ({
      userId: w.id,
      username: w.username,
      displayName: w.display_name,
      role: w.role,
      unitId: w.unit_id,
      unitName: w.unit_name,
      devices: devicesOf(db, w.id),
    })),
  };
}

/** The secret a device signs bundle files with; the same (user, device) always gets the same one. */
export function deviceSecret(db: Db, userId: string, deviceId: string): string {
  const existing = stmt(db, 'SELECT secret FROM sync_device_keys WHERE user_id = ? AND device_id = ?').get(
    userId,
    deviceId,
  ) as { secret: string } | undefined;
  if (existing) return existing.secret;
  const secret = randomBytes(32).toString('base64url');
  stmt(db, 'INSERT INTO sync_device_keys (user_id, device_id, secret, created_at) VALUES (?, ?, ?, ?)').run(
    userId,
    deviceId,
    secret,
    new Date().toISOString(),
  );
  return secret;
}

export function findDeviceSecret(db: Db, userId: string, deviceId: string): string | null {
  const row = stmt(db, 'SELECT secret FROM sync_device_keys WHERE user_id = ? AND device_id = ?').get(
    userId,
    deviceId,
  ) as { secret: string } | undefined;
  return row?.secret ?? null;
}
