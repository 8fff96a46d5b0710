import express, { Router } from 'express';
import type { AppContext } from '../app';
import { auditActor } from '../audit/audit';
import { assertInScope, authOf, requireAuth, requireRole } from '../auth/middleware';
import { CSV_LIMIT_BYTES, decodeCsv } from '../http/csv-body';
import { HttpError } from '../http/errors';
import { deactivateManagedUnit, moveManagedUnit } from '../org/moves';
import { TRANSFER_ROLES } from '../org/transfer';
import { importUnits } from '../org/unit-import';
import {
  createManagedUnit,
  getOrgUnit,
  getUnit,
  listChildren,
  listOrgTree,
  listUnitsWithin,
  updateManagedUnit,
} from '../org/units';
import { unitIdSchema } from '../../shared/org';
import {
  createUnitRequestSchema,
  deactivateUnitReplySchema,
  deactivateUnitRequestSchema,
  moveUnitRequestSchema,
  orgTreeReplySchema,
  orgUnitReplySchema,
  unitImportReplySchema,
  updateUnitRequestSchema,
} from '../../shared/org/api';
import { ROLES } from '../../shared/roles';
import { unitDetailReplySchema, unitListReplySchema } from '../../shared/users';

/** /api/units: the organisation tree (docs/administration.md, "Organisation tree"). */
export function unitsRouter({ db }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(db));

  // The whole tree under the administrator's unit (the root for the city administrator), as a flat list.
  router.get('/', requireRole(ROLES.admin), (_req, res) => {
    const { user } = authOf(res);
    res.json(unitListReplySchema.parse({ units: listUnitsWithin(db, user.unitPath) }));
  });

  // The administrator's tree: codes, state and each unit's own households and users.
  router.get('/tree', requireRole(ROLES.admin), (_req, res) => {
    const { user } = authOf(res);
    res.json(orgTreeReplySchema.parse({ units: listOrgTree(db, user.unitPath) }));
  });

  // Where a case may be transferred to: the active units within the caller's scope.
  router.get('/transfer-targets', requireRole(...TRANSFER_ROLES), (_req, res) => {
    const { user } = authOf(res);
    const units = listOrgTree(db, user.unitPath).filter((unit) => unit.active && unit.level !== 'city');
    res.json(orgTreeReplySchema.parse({ units }));
  });

  router.post('/', requireRole(ROLES.admin), (req, res) => {
    const auth = authOf(res);
    const input = createUnitRequestSchema.parse(req.body);
    const unit = createManagedUnit(db, auth.user.unitPath, input, auditActor(auth));
    res.status(201).json(orgUnitReplySchema.parse({ unit: getOrgUnit(db, unit.id) }));
  });

  // A unit list from CSV (UTF-8 or GBK): `?apply=1` applies it when the preview has no error.
  router.post(
    '/import',
    requireRole(ROLES.admin),
    express.raw({ type: () => true, limit: CSV_LIMIT_BYTES }),
    (req, res) => {
      const auth = authOf(res);
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new HttpError(
          400,
          'invalid_request',
          '请上传单位名册 CSV 文件（表头：编码,名称,级别,上级编码）',
        );
      }
      const text = decodeCsv(body, req.get('content-type'));
      const apply = req.query.apply === '1';
      const reply = importUnits(
        db,
        { unitId: auth.user.unitId, unitPath: auth.user.unitPath },
        text,
        apply,
        auditActor(auth),
      );
      res.json(unitImportReplySchema.parse(reply));
    },
  );

  router.patch('/:id', requireRole(ROLES.admin), (req, res) => {
    const auth = authOf(res);
    const id = unitIdSchema.parse(req.params.id);
    const patch = updateUnitRequestSchema.parse(req.body);
    updateManagedUnit(db, auth.user.unitPath, id, patch, auditActor(auth));
    res.json(orgUnitReplySchema.parse({ unit: getOrgUnit(db, id) }));
  });

  router.post('/:id/move', requireRole(ROLES.admin), (req, res) => {
    const { user } = authOf(res);
    const id = unitIdSchema.parse(req.params.id);
    const unit = moveManagedUnit(db, user, id, moveUnitRequestSchema.parse(req.body));
    res.json(orgUnitReplySchema.parse({ unit }));
  });

  router.post('/:id/deactivate', requireRole(ROLES.admin), (req, res) => {
    const { user } = authOf(res);
    const id = unitIdSchema.parse(req.params.id);
    const reply = deactivateManagedUnit(db, user, id, deactivateUnitRequestSchema.parse(req.body));
    res.json(deactivateUnitReplySchema.parse(reply));
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
