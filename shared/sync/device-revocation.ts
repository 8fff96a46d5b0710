import { z } from 'zod';
import { ROLES, type Role } from '../roles';

/**
 * Lost or handed-over tablets (docs/administration.md): the administrator, or township/county staff whose
 * scope holds every user of the device, revoke it. Its sessions then answer 403 `device_revoked` with the
 * details below, its bundle-signing secret is refused, and the tablet wipes itself — after one last push
 * when `pushFirst` allows it.
 */

/** Roles that revoke a device: township and county staff within their scope, and the administrator. */
export const DEVICE_REVOKE_ROLES: readonly Role[] = [ROLES.townshipStaff, ROLES.countyStaff, ROLES.admin];

// protocol.ts imports this file (a device's status carries its revocation), so the id schema is not taken from there.
const deviceIdSchema = z.uuid('设备编号必须是 UUID');

export const revokeDeviceRequestSchema = z.object({
  reason: z.string().trim().min(2, '请填写停用原因（至少 2 个字）').max(200, '停用原因不能超过 200 个字'),
  /** true: the tablet pushes what it still holds before it wipes itself (the default); false: wipe only. */
  pushFirst: z.boolean().default(true),
});
export type RevokeDeviceRequest = z.infer<typeof revokeDeviceRequestSchema>;

export const deviceRevocationSchema = z.object({
  revokedAt: z.iso.datetime(),
  revokedByName: z.string(),
  reason: z.string(),
  pushFirst: z.boolean(),
  /** When the tablet reported that it wiped itself; null until then. */
  wipedAt: z.iso.datetime().nullable(),
});
export type DeviceRevocation = z.infer<typeof deviceRevocationSchema>;

/** `details` of a 403 `device_revoked`: what the tablet needs to decide between a last push and a wipe. */
export const deviceRevokedDetailsSchema = z.object({
  deviceId: deviceIdSchema,
  reason: z.string(),
  revokedAt: z.iso.datetime(),
  /** The revocation allows one last push, and the tablet has not reported its wipe yet. */
  finalPushOpen: z.boolean(),
});
export type DeviceRevokedDetails = z.infer<typeof deviceRevokedDetailsSchema>;

export const revokeDeviceReplySchema = z.object({
  deviceId: deviceIdSchema,
  revocation: deviceRevocationSchema,
});

/** A name the worker gives their tablet, so the township can tell whose tablet is whose. */
export const deviceLabelRequestSchema = z.object({
  deviceId: deviceIdSchema,
  label: z.string().trim().max(40, '设备名称不能超过 40 个字'),
});

export const deviceWipedRequestSchema = z.object({ deviceId: deviceIdSchema });
