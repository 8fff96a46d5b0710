import type { Db } from '../db/database';
import { appendAudit } from '../audit/audit';
import type { AuthContext, SessionUser } from '../auth/sessions';
import { HttpError } from '../http/errors';
import { isWithinScope } from '../../shared/org';
import { ROLES } from '../../shared/roles';
import type {
  DeviceRevocation,
  DeviceRevokedDetails,
  RevokeDeviceRequest,
} from '../../shared/sync/device-revocation';
import { SYNC_ERROR_MESSAGES } from '../../shared/sync/errors';
import { stmt } from './statements';

/**
 * Revoked devices (docs/administration.md, "Lost or handed-over tablets"). A revocation names a device id,
 * so it holds for every account that signed in on the tablet: their sessions on it, their bundle-signing
 * secrets for it and the files it signs are refused from then on.
 */

interface RevocationRow {
  device_id: string;
  revoked_at: string;
  revoked_by_name: string;
  reason: string;
  push_first: number;
  wiped_at: string | null;
}

function findRevocation(db: Db, deviceId: string): RevocationRow | null {
  const row = stmt(
    db,
    `SELECT r.device_id, r.revoked_at, u.display_name AS revoked_by_name, r.reason, r.push_first, r.wiped_at
       FROM device_revocations r JOIN users u ON u.id = r.revoked_by
      WHERE r.device_id = ?`,
  ).get(deviceId) as RevocationRow | undefined;
  return row ?? null;
}

function toRevocation(row: RevocationRow): DeviceRevocation {
  return {
    revokedAt: row.revoked_at,
    revokedByName: row.revoked_by_name,
    reason: row.reason,
    pushFirst: row.push_first === 1,
    wipedAt: row.wiped_at,
  };
}

export function deviceRevocation(db: Db, deviceId: string): DeviceRevocation | null {
  const row = findRevocation(db, deviceId);
  return row ? toRevocation(row) : null;
}

export function isDeviceRevoked(db: Db, deviceId: string): boolean {
  return stmt(db, 'SELECT 1 FROM device_revocations WHERE device_id = ?').get(deviceId) !== undefined;
}

/** The 403 every request of a revoked device gets; the tablet wipes itself when it reads it. */
export function deviceRevokedError(db: Db, deviceId: string): HttpError | null {
  const row = findRevocation(db, deviceId);
  if (!row) return null;
  const details: DeviceRevokedDetails = {
    deviceId,
    reason: row.reason,
    revokedAt: row.revoked_at,
    finalPushOpen: row.push_first === 1 && row.wiped_at === null,
  };
  return new HttpError(403, 'device_revoked', SYNC_ERROR_MESSAGES.device_revoked, details);
}

/**
 * Whether a session of a revoked device may make this request: only the last push (and its photos) that
 * the revocation allows, until the tablet reports its wipe. Returns the refusal, or null to let it pass.
 */
export function revokedSessionRefusal(db: Db, deviceId: string, finalPushRoute: boolean): HttpError | null {
  const error = deviceRevokedError(db, deviceId);
  if (!error) return null;
  const open = (error.details as DeviceRevokedDetails).finalPushOpen;
  return finalPushRoute && open ? null : error;
}

/** Every account that used the device: synced with it, holds a signing secret for it, or signed in on it. */
function deviceUsers(db: Db, deviceId: string): { id: string; unitPath: string }[] {
  return stmt(
    db,
    `SELECT u.id, un.path AS unitPath
       FROM users u JOIN units un ON un.id = u.unit_id
      WHERE u.id IN (SELECT user_id FROM sync_devices WHERE device_id = ?
                     UNION SELECT user_id FROM sync_device_keys WHERE device_id = ?
                     UNION SELECT user_id FROM sessions WHERE device_id = ?)`,
  ).all(deviceId, deviceId, deviceId) as { id: string; unitPath: string }[];
}

/**
 * Revokes a device. The administrator may revoke any; township and county staff only a device whose every
 * user lies within their scope (a tablet shared with someone outside it is the county's or the city's call).
 */
export function revokeDevice(
  db: Db,
  revoker: SessionUser,
  deviceId: string,
  request: RevokeDeviceRequest,
): DeviceRevocation {
  return db.transaction(() => {
    const users = deviceUsers(db, deviceId);
    if (users.length === 0) throw new HttpError(404, 'unknown_device', '没有这台设备的登记记录');
    if (revoker.role !== ROLES.admin && users.some((u) => !isWithinScope(u.unitPath, revoker.unitPath))) {
      throw new HttpError(403, 'out_of_scope', '这台设备的使用人不在您的管辖范围内，不能停用');
    }
    if (isDeviceRevoked(db, deviceId)) {
      throw new HttpError(409, 'already_revoked', '这台设备已经停用过了');
    }
    const now = new Date().toISOString();
    stmt(
      db,
      `INSERT INTO device_revocations (device_id, revoked_at, revoked_by, reason, push_first)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(deviceId, now, revoker.id, request.reason, request.pushFirst ? 1 : 0);
    appendAudit(db, {
      userId: revoker.id,
      role: revoker.role,
      unitId: revoker.unitId,
      action: 'device.revoke',
      entityType: 'device',
      entityId: deviceId,
      detail: { reason: request.reason, pushFirst: request.pushFirst, userIds: users.map((u) => u.id) },
    });
    const revocation = deviceRevocation(db, deviceId);
    if (!revocation) throw new Error('revocation row missing right after its insert');
    return revocation;
  })();
}

/**
 * The tablet reports that it wiped itself: the last-push window closes and every session of the device
 * ends. Only a session of that very device may say so.
 */
export function recordDeviceWiped(db: Db, auth: AuthContext, deviceId: string): void {
  if (auth.deviceId !== deviceId) throw new HttpError(403, 'out_of_scope', '只能报告本设备的清除');
  db.transaction(() => {
    if (!isDeviceRevoked(db, deviceId)) throw new HttpError(409, 'not_revoked', '这台设备没有被停用');
    stmt(db, 'UPDATE device_revocations SET wiped_at = ? WHERE device_id = ? AND wiped_at IS NULL').run(
      new Date().toISOString(),
      deviceId,
    );
    stmt(db, 'DELETE FROM sessions WHERE device_id = ?').run(deviceId);
    appendAudit(db, {
      userId: auth.user.id,
      role: auth.user.role,
      unitId: auth.user.unitId,
      action: 'device.wiped',
      entityType: 'device',
      entityId: deviceId,
    });
  })();
}
