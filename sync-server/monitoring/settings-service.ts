import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { caseSettings } from '../cases/context';
import { unitMap } from '../cases/case-queries';
import { stmt } from '../sync/statements';
import { isWithinScope } from '../../shared/org';
import { todayInChina } from '../../shared/validation/clock';
import { rowInForce, type CountySettingWrite, type CountySettingsReply } from '../../shared/monitoring';
import {
  countyOfPath,
  countySettingRows,
  settingHistory,
  settingsOn,
  writeCountySetting,
} from './county-settings';
import { markCountyDue } from './evaluate';

/**
 * What /api/monitoring/settings does (县级参数设置, docs/administration.md), after the route parsed the
 * request and checked the role (county or city staff): scope, reading, writing with audit.
 */

/** The county whose settings a user reads or writes: county staff their own, city staff any below them. */
export function settingsCounty(db: Db, user: SessionUser, countyId: string | undefined): string {
  const own = countyOfPath(db, user.unitPath);
  const wanted = countyId ?? own ?? editableCounties(db, user)[0]?.id;
  if (!wanted) throw new HttpError(400, 'invalid_request', '请指定县（市、区）');
  const unit = unitMap(db).get(wanted);
  if (!unit || unit.level !== 'county') throw new HttpError(400, 'unknown_unit', `县级单位不存在：${wanted}`);
  if (!isWithinScope(unit.path, user.unitPath)) {
    throw new HttpError(403, 'out_of_scope', '只能查看或修改本县（市、区）的参数');
  }
  return wanted;
}

/** The counties at or below the user's unit, by code. */
function editableCounties(db: Db, user: SessionUser): { id: string; name: string }[] {
  return stmt(
    db,
    `SELECT id, name FROM units WHERE level = 'county' AND (path = ? OR path LIKE ? || '/%') ORDER BY id`,
  ).all(user.unitPath, user.unitPath) as { id: string; name: string }[];
}

export function countySettingsView(
  db: Db,
  user: SessionUser,
  countyId: string,
  on: string | undefined,
): CountySettingsReply {
  const today = todayInChina(caseSettings(db).clock());
  const day = on ?? today;
  return {
    countyId,
    countyName: unitMap(db).get(countyId)?.name ?? countyId,
    on: day,
    today,
    counties: editableCounties(db, user),
    effective: { ...settingsOn(db, countyId, day) },
    history: settingHistory(db, countyId) as CountySettingsReply['history'],
  };
}

/**
 * Adds one value from a date on. Values already in force stay as they were on their days: classifications
 * and visits keep the standard they used (docs/administration.md). Audited with the value it replaces for
 * that date, if any; the county's households are re-evaluated by the monitoring sweep.
 */
export function saveCountySetting(db: Db, user: SessionUser, write: CountySettingWrite): CountySettingsReply {
  return db.transaction(() => {
    settingsCounty(db, user, write.countyId);
    const at = caseSettings(db).clock().toISOString();
    const before = rowInForce(countySettingRows(db, write.countyId), write.key, write.effectiveFrom);
    writeCountySetting(db, write, user, at);
    appendAudit(db, {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      action: 'county_setting.set',
      entityType: 'countySetting',
      entityId: `${write.countyId}:${write.key}:${write.effectiveFrom}`,
      detail: {
        countyId: write.countyId,
        key: write.key,
        value: write.value,
        effectiveFrom: write.effectiveFrom,
        before: before ? { value: before.value, effectiveFrom: before.effectiveFrom } : null,
      },
    });
    markCountyDue(db, write.countyId);
    return countySettingsView(db, user, write.countyId, undefined);
  })();
}
