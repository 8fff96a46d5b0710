import { Router } from 'express';
import type { AppContext } from '../app';
import { assertInScope, authOf, requireAuth, requireRole } from '../auth/middleware';
import { HttpError } from '../http/errors';
import { getUnit, listChildren, listUnitsWithin } from '../org/units';
import { unitIdSchema } from '../../shared/org';
import { ROLES } from '../../shared/roles';
import { unitDetailReplySchema, unitListReplySchema } from '../../shared/users';

/** /api/units: the organisation tree. */
export function unitsRouter({ db }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(db));

  // The whole tree under the administrator's unit (the root for the city administrator), as a flat list.
  router.get('/', requireRole(ROLES.admin), (_req, res) => {
    const { user } = authOf(res);
    res.json(unitListReplySchema.parse({ units: listUnitsWithin(db, user.unitPath) }));
  });

  // Any signed-in user may read a unit and its children, but only within their own scope.
  router.get('/:id', (req, res) => {
    const auth = authOf(res);
    const id = unitIdSchema.parse(req.params.id);
    const unit = getUnit(db, id);
    if (!unit) throw new HttpError(404, 'unit_not_found', `没有这个单位：${id}`);
    assertInScope(auth, unit.path);
    res.json(unitDetailReplySchema.parse({ unit, children: listChildren(db, unit.id) }));
  });

  return router;
}
