import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { installMonitoringHooks } from '../monitoring/evaluate';
import { mirrorUnmirroredEntries } from '../monitoring/monitoring-store';
import {
  addManually,
  dataMonitoring,
  handleWarning,
  listRegister,
  listWarnings,
  removeFromRegister,
} from '../monitoring/service';
import { countySettingsView, saveCountySetting, settingsCounty } from '../monitoring/settings-service';
import { mirrorCountySettings } from '../monitoring/county-settings';
import {
  acknowledgeWarningSchema,
  actOnWarningSchema,
  addToRegisterSchema,
  countySettingWriteSchema,
  countySettingsQuerySchema,
  dataMonitoringQuerySchema,
  registerListQuerySchema,
  removeFromRegisterSchema,
  warningListQuerySchema,
} from '../../shared/monitoring';
import { ROLES } from '../../shared/roles';

/**
 * /api/monitoring — monitoring and early warning, data monitoring, county settings
 * (docs/dynamic-management.md). Creating the router installs the hooks that raise warnings and keep the
 * register and the counts as records are written.
 */

const OFFICE = [ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff];
const COUNTY_UP = [ROLES.countyStaff, ROLES.cityStaff];

export function monitoringRouter({ db }: AppContext): Router {
  installMonitoringHooks();
  // Tablet copies of register entries made before copies were written (a no-op once they all have one).
  mirrorUnmirroredEntries(db);
  // The same for county settings (rows carried over by migration 20261207-0010, older databases).
  mirrorCountySettings(db);
  const router = Router();
  router.use(requireAuth(db));

  router.get('/warnings', requireRole(...OFFICE), (req, res) => {
    res.json(listWarnings(db, authOf(res).user, warningListQuerySchema.parse(req.query)));
  });
  router.post('/warnings/:id/acknowledge', requireRole(...OFFICE), (req, res) => {
    const { note } = acknowledgeWarningSchema.parse(req.body ?? {});
    res.json({ warning: handleWarning(db, authOf(res).user, String(req.params.id), { action: null, note }) });
  });
  router.post('/warnings/:id/act', requireRole(...OFFICE), (req, res) => {
    const body = actOnWarningSchema.parse(req.body);
    res.json({ warning: handleWarning(db, authOf(res).user, String(req.params.id), body) });
  });

  router.get('/register', requireRole(...OFFICE), (req, res) => {
    const query = registerListQuerySchema.parse(req.query);
    res.json(listRegister(db, authOf(res).user, { active: query.active === 'true', limit: query.limit }));
  });
  router.post('/register', requireRole(ROLES.townshipStaff, ROLES.countyStaff), (req, res) => {
    const { householdId, reason } = addToRegisterSchema.parse(req.body);
    res.json({ entry: addManually(db, authOf(res).user, householdId, reason) });
  });
  router.post('/register/:id/remove', requireRole(ROLES.countyStaff), (req, res) => {
    const { reason } = removeFromRegisterSchema.parse(req.body);
    res.json({ entry: removeFromRegister(db, authOf(res).user, String(req.params.id), reason) });
  });

  router.get('/data', requireRole(...COUNTY_UP), (req, res) => {
    const { year } = dataMonitoringQuerySchema.parse(req.query);
    res.json(dataMonitoring(db, authOf(res).user, year));
  });

  router.get('/settings', requireRole(...COUNTY_UP), (req, res) => {
    const query = countySettingsQuerySchema.parse(req.query);
    const user = authOf(res).user;
    res.json(countySettingsView(db, user, settingsCounty(db, user, query.countyId), query.on));
  });
  router.put('/settings', requireRole(...COUNTY_UP), (req, res) => {
    res.json(saveCountySetting(db, authOf(res).user, countySettingWriteSchema.parse(req.body)));
  });

  return router;
}
