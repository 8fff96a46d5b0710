import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { TRANSFER_ROLES, transferCase } from '../org/transfer';
import { transferCaseReplySchema, transferCaseRequestSchema } from '../../shared/org/api';

const caseIdSchema = z.string().min(1).max(64);

/** POST /api/cases/:id/transfer: a household moves to another unit, a recorded transfer. */
export function transfersRouter({ db }: AppContext): Router {
  const router = Router();
  router.post('/:id/transfer', requireAuth(db), requireRole(...TRANSFER_ROLES), (req, res) => {
    const { user } = authOf(res);
    const body = transferCaseRequestSchema.parse(req.body);
    res.json(transferCaseReplySchema.parse(transferCase(db, user, caseIdSchema.parse(req.params.id), body)));
  });
  return router;
}
