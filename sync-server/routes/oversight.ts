import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { fillIndicatorFacts, installIndicatorIndexer } from '../oversight/indicator-facts';
import { indicatorCases, indicatorsView, oversightUnit } from '../oversight/service';
import { indicatorCasesQuerySchema, indicatorsQuerySchema } from '../../shared/indicators';
import { ROLES } from '../../shared/roles';

/**
 * /api/oversight — the six indicators for the county and city dashboards (docs/indicators.md). County
 * staff read their county (per township), city staff the city (per county) or any county. Townships and
 * grid workers are refused: the plan gives the evaluation to the county and city unions (跟踪督导).
 * Creating the router installs the facts indexer and derives the facts of households stored before it.
 */
export function oversightRouter({ db }: AppContext): Router {
  installIndicatorIndexer();
  fillIndicatorFacts(db);
  const router = Router();
  router.use(requireAuth(db));
  router.use(requireRole(ROLES.countyStaff, ROLES.cityStaff));

  // Async: the rounds' coverage counts (one per unit and round) let other requests run in between.
  router.get('/indicators', async (req, res) => {
    const { user } = authOf(res);
    const query = indicatorsQuerySchema.parse(req.query);
    res.json(await indicatorsView(db, user, oversightUnit(db, user, query.unit), query.period));
  });

  router.get('/indicators/cases', (req, res) => {
    const { user } = authOf(res);
    const q = indicatorCasesQuerySchema.parse(req.query);
    res.json(indicatorCases(db, user, q.unit, q.period, q.indicator, q.part));
  });

  return router;
}
