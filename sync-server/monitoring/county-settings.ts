import type { Db } from '../db/database';
import { stmt } from '../sync/statements';
import {
  countySettingKeySchema,
  effectiveSettings,
  type CountySettingRow,
  type CountySettingWrite,
  type EffectiveSettings,
} from '../../shared/monitoring';

/**
 * The per-county settings store (`county_settings`, migration 20261207-0005-monitoring): rows of
 * (county, key, value, effective from). Reading resolves the value in force on a day with the shared
 * `effectiveSettings`; writing adds a row (a second write for the same key and date replaces it).
 * Callers check roles and scope; this module only stores.
 */

/** The county unit along a unit path (its `level = 'county'` unit), or null above or outside counties. */
export function countyOfPath(db: Db, unitPath: string): string | null {
  const find = stmt(db, "SELECT id FROM units WHERE id = ? AND level = 'county'");
  for (const id of unitPath.split('/')) {
    if (find.get(id)) return id;
  }
  return null;
}

export function countySettingRows(db: Db, countyId: string): CountySettingRow[] {
  const rows = stmt(
    db,
    'SELECT key, value_json AS valueJson, effective_from AS effectiveFrom FROM county_settings WHERE county_id = ?',
  ).all(countyId) as { key: string; valueJson: string; effectiveFrom: string }[];
  return rows.flatMap((row) => {
    const key = countySettingKeySchema.safeParse(row.key);
    return key.success
      ? [{ key: key.data, value: JSON.parse(row.valueJson) as unknown, effectiveFrom: row.effectiveFrom }]
      : [];
  });
}

/** The settings of `countyId` in force on `day`; the defaults when the county is unknown (null). */
export function settingsOn(db: Db, countyId: string | null, day: string): EffectiveSettings {
  return effectiveSettings(countyId ?? '', countyId ? countySettingRows(db, countyId) : [], day);
}

export interface SettingHistoryRow {
  key: string;
  value: unknown;
  effectiveFrom: string;
  setByName: string | null;
  setAt: string;
}

export function settingHistory(db: Db, countyId: string): SettingHistoryRow[] {
  const rows = stmt(
    db,
    `SELECT key, value_json AS valueJson, effective_from AS effectiveFrom, set_by_name AS setByName,
            set_at AS setAt
       FROM county_settings WHERE county_id = ? ORDER BY key, effective_from`,
  ).all(countyId) as (Omit<SettingHistoryRow, 'value'> & { valueJson: string })[];
  return rows.map(({ valueJson, ...row }) => ({ ...row, value: JSON.parse(valueJson) as unknown }));
}

export function writeCountySetting(
  db: Db,
  write: CountySettingWrite,
  by: { id: string; displayName: string },
  at: string,
): void {
  stmt(
    db,
    `INSERT INTO county_settings (county_id, key, value_json, effective_from, set_by, set_by_name, set_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(county_id, key, effective_from) DO UPDATE SET value_json = excluded.value_json,
       set_by = excluded.set_by, set_by_name = excluded.set_by_name, set_at = excluded.set_at`,
  ).run(
    write.countyId,
    write.key,
    JSON.stringify(write.value),
    write.effectiveFrom,
    by.id,
    by.displayName,
    at,
  );
}
