import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { SYNC_LIMITS } from '../../shared/sync/protocol';
import { IMPORT_ROLES } from '../sync/actor';
import { importBundle } from '../sync/bundles';
import { rawBody } from '../sync/http';
import { redactRecord } from '../sync/redaction';

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
      const outcome = importBundle(db, config.dataDir, raw, user, {
        acceptPlain: config.acceptPlainBundles === true,
      });
      res.json({
        ...outcome,
        results: outcome.results.map((r) =>
          r.record ? { ...r, record: redactRecord(user.role, r.record) } : r,
        ),
      });
    },
  );

  return router;
}
