import express, { Router } from 'express';
import type { AppContext } from '../app';
import { authRouter } from './auth';
import { unitsRouter } from './units';
import { usersRouter } from './users';

/** Every API router is mounted here, each under its own prefix. */
export function apiRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(express.json({ limit: '100kb' }));
  router.get('/health', (_req, res) => {
    const row = ctx.db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
    res.json({ ok: true, migrations: row.n });
  });
  router.use('/auth', authRouter(ctx));
  router.use('/users', usersRouter(ctx));
  router.use('/units', unitsRouter(ctx));
  return router;
}
