import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { deviceKeyRequestSchema, type DevicesReply, type DeviceStatus } from '../../shared/sync/protocol';
import { DEVICE_OVERVIEW_ROLES, WRITE_ROLES } from '../sync/actor';
import { deviceOverview, deviceSecret, devicesOf } from '../sync/devices';
import { SMALL_BODY_BYTES, jsonBody } from '../sync/http';

/** /api/sync/device-key and /api/sync/devices: bundle signing keys and the township's device overview. */
export function devicesRouter({ db }: AppContext): Router {
  const router = Router();

  router.post(
    '/device-key',
    requireAuth(db),
    requireRole(...WRITE_ROLES),
    jsonBody(SMALL_BODY_BYTES, 'push_too_large'),
    (req, res) => {
      const { user } = authOf(res);
      const { deviceId } = deviceKeyRequestSchema.parse(req.body);
      const secret = db.transaction(() => deviceSecret(db, user.id, deviceId))();
      res.json({ deviceId, secret });
    },
  );

  router.get('/devices/mine', requireAuth(db), (_req, res) => {
    const { user } = authOf(res);
    const devices: DeviceStatus[] = devicesOf(db, user.id);
    res.json({ devices });
  });

  router.get('/devices', requireAuth(db), requireRole(...DEVICE_OVERVIEW_ROLES), (_req, res) => {
    const { user } = authOf(res);
    const reply: DevicesReply = deviceOverview(db, user.unitPath);
    res.json(reply);
  });

  return router;
}
