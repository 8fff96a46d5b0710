import { Router } from 'express';
import type { AppContext } from '../app';
import { appendAudit, auditActor } from '../audit/audit';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import {
  DEVICE_REVOKE_ROLES,
  deviceLabelRequestSchema,
  deviceWipedRequestSchema,
  revokeDeviceRequestSchema,
} from '../../shared/sync/device-revocation';
import {
  deviceIdSchema,
  deviceKeyRequestSchema,
  type DevicesReply,
  type DeviceStatus,
} from '../../shared/sync/protocol';
import { HttpError } from '../http/errors';
import { DEVICE_OVERVIEW_ROLES, WRITE_ROLES } from '../sync/actor';
import { deviceRevokedError, recordDeviceWiped, revokeDevice } from '../sync/device-revocation';
import { deviceOverview, deviceSecret, devicesOf, setDeviceLabel } from '../sync/devices';
import { SMALL_BODY_BYTES, jsonBody } from '../sync/http';

const smallJson = jsonBody(SMALL_BODY_BYTES, 'push_too_large');

/**
 * /api/sync/device-key and /api/sync/devices: bundle signing keys, the township's device overview, device
 * names, and revoking a lost or handed-over tablet (docs/administration.md).
 */
export function devicesRouter({ db }: AppContext): Router {
  const router = Router();

  router.post('/device-key', requireAuth(db), requireRole(...WRITE_ROLES), smallJson, (req, res) => {
    const { user } = authOf(res);
    const { deviceId } = deviceKeyRequestSchema.parse(req.body);
    // A revoked device's secret is never handed out again, whoever asks.
    const revoked = deviceRevokedError(db, deviceId);
    if (revoked) throw revoked;
    const secret = db.transaction(() => deviceSecret(db, user.id, deviceId))();
    res.json({ deviceId, secret });
  });

  router.get('/devices/mine', requireAuth(db), (_req, res) => {
    const { user } = authOf(res);
    const devices: DeviceStatus[] = devicesOf(db, user.id);
    res.json({ devices });
  });

  router.put('/devices/mine/label', requireAuth(db), requireRole(...WRITE_ROLES), smallJson, (req, res) => {
    const auth = authOf(res);
    const { deviceId, label } = deviceLabelRequestSchema.parse(req.body);
    db.transaction(() => {
      setDeviceLabel(db, auth.user.id, deviceId, label);
      appendAudit(db, {
        ...auditActor(auth),
        action: 'device.label',
        entityType: 'device',
        entityId: deviceId,
        detail: { label },
      });
    })();
    res.json({ deviceId, label: label === '' ? null : label });
  });

  // The tablet of a revoked device says it wiped itself; allowed to that device's own (revoked) session.
  router.post('/devices/wiped', requireAuth(db, { revokedDevice: 'allow' }), smallJson, (req, res) => {
    const auth = authOf(res);
    const { deviceId } = deviceWipedRequestSchema.parse(req.body);
    recordDeviceWiped(db, auth, deviceId);
    res.status(204).end();
  });

  router.post(
    '/devices/:deviceId/revoke',
    requireAuth(db),
    requireRole(...DEVICE_REVOKE_ROLES),
    smallJson,
    (req, res) => {
      const parsedId = deviceIdSchema.safeParse(req.params.deviceId);
      if (!parsedId.success) throw new HttpError(400, 'invalid_request', '设备编号必须是 UUID');
      const request = revokeDeviceRequestSchema.parse(req.body);
      const revocation = revokeDevice(db, authOf(res).user, parsedId.data, request);
      res.json({ deviceId: parsedId.data, revocation });
    },
  );

  router.get('/devices', requireAuth(db), requireRole(...DEVICE_OVERVIEW_ROLES), (_req, res) => {
    const { user } = authOf(res);
    const reply: DevicesReply = deviceOverview(db, user.unitPath);
    res.json(reply);
  });

  return router;
}
