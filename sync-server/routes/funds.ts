import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { fundsView, recordAdjustment, setBudget } from '../funds/service';
import { adjustmentWriteSchema, budgetWriteSchema, fundsQuerySchema } from '../../shared/funds/api';
import { ROLES } from '../../shared/roles';

/** /api/funds — budgets per project kind, spent and remaining, adjustment reports (docs/ledgers.md). */

const FUNDS_ROLES = [ROLES.countyStaff, ROLES.cityStaff];

export function fundsRouter({ db }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(db));
  router.use(requireRole(...FUNDS_ROLES));

  router.get('/', (req, res) => {
    res.json(fundsView(db, authOf(res).user, fundsQuerySchema.parse(req.query)));
  });
  router.put('/budgets', (req, res) => {
    res.json(setBudget(db, authOf(res).user, budgetWriteSchema.parse(req.body)));
  });
  router.post('/adjustments', (req, res) => {
    res.json(recordAdjustment(db, authOf(res).user, adjustmentWriteSchema.parse(req.body)));
  });

  return router;
}
