import fs from 'node:fs';
import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth } from '../auth/middleware';
import { HttpError } from '../http/errors';
import { exportLedger } from '../ledgers/export-service';
import { ledgerKindSchema } from '../../shared/ledgers/api';

/** /api/ledgers/<kind>.xlsx — the ledgers (台账) as Excel files (docs/ledgers.md). */

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ledgersRouter({ db }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(db));

  router.get('/:file', async (req, res) => {
    const match = /^(.+)\.xlsx$/.exec(String(req.params.file));
    const kind = ledgerKindSchema.safeParse(match?.[1]);
    if (!kind.success) throw new HttpError(404, 'ledger_not_found', '没有这种台账');
    const built = await exportLedger(db, authOf(res).user, kind.data, req.query);
    res.type(XLSX_TYPE);
    res.set('X-Ledger-Rows', String(built.rows));
    res.attachment(built.filename);
    res.set('Cache-Control', 'no-store');
    const stream = fs.createReadStream(built.file);
    const cleanup = () => fs.rm(built.file, { force: true }, () => undefined);
    stream.on('close', cleanup);
    stream.on('error', () => {
      cleanup();
      res.destroy();
    });
    stream.pipe(res);
  });

  return router;
}
