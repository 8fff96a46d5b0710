import { Router } from 'express';
import type { AppContext } from '../app';
import { attachmentsRouter } from './attachments';
import { auditRouter } from './audit';
import { authRouter } from './auth';
import { bundlesRouter } from './bundles';
import { casesRouter } from './cases';
import { installCaseIndexers } from '../cases/case-index';
import { devicesRouter } from './devices';
import { installFiveOnesSyncGuards } from '../five-ones/sync-guards';
import { boundedJson } from '../http/json-body';
import { unitsRouter } from './units';
import { identityRouter } from './identity';
import { fundsRouter } from './funds';
import { ledgersRouter } from './ledgers';
import { monitoringRouter } from './monitoring';
import { remindersRouter } from './reminders';
import { oversightRouter } from './oversight';
import { roundsRouter } from './rounds';
import { usersRouter } from './users';
import { syncRouter } from './sync';
import { transfersRouter } from './transfers';

/** Every API router is mounted here, each under its own prefix. */
export function apiRouter(ctx: AppContext): Router {
  const router = Router();
  installFiveOnesSyncGuards();
  installCaseIndexers();
  // Sync routes parse their own bodies (pushes up to 1 MB, raw attachment chunks, bundle files), so they
  // are mounted before the general 100 kB JSON parser. Every JSON parser is bounded in depth and refuses
  // prototype keys (http/json-body.ts).
  router.use('/sync/bundles', bundlesRouter(ctx));
  router.use('/sync', syncRouter(ctx));
  router.use('/sync', devicesRouter(ctx));
  router.use('/attachments', attachmentsRouter(ctx));
  router.use(boundedJson({ limit: '100kb' }));
  router.get('/health', (_req, res) => {
    const row = ctx.db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
    res.json({ ok: true, migrations: row.n });
  });
  router.use('/auth', authRouter(ctx));
  router.use('/users', usersRouter(ctx));
  router.use('/units', unitsRouter(ctx));
  router.use('/cases', transfersRouter(ctx));
  router.use('/cases', casesRouter(ctx));
  router.use('/identity', identityRouter(ctx));
  router.use('/monitoring', monitoringRouter(ctx));
  router.use('/rounds', roundsRouter(ctx));
  router.use('/reminders', remindersRouter(ctx));
  router.use('/audit', auditRouter(ctx));
  router.use('/funds', fundsRouter(ctx));
  router.use('/ledgers', ledgersRouter(ctx));
  router.use('/oversight', oversightRouter(ctx));
  return router;
}
