import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { SYNC_LIMITS } from '../../shared/sync/protocol';
import { IMPORT_ROLES } from '../sync/actor';
import { importBundle } from '../sync/bundles';
import { rawBody } from '../sync/http';

/** /api/sync/bundles: township or county staff import a bundle file brought from an offline tablet. */
export function bundlesRouter({ db, config }: AppContext): Router {
  const router = Router();

  router.post(
    '/',
    requireAuth(db),
    requireRole(...IMPORT_ROLES),
    rawBody(SYNC_LIMITS.maxBundleBytes, 'bundle_too_large'),
    (req, res) => {
      const { user } = authOf(res);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      res.json(importBundle(db, config.dataDir, raw, user));
    },
  );

  return router;
}
