import type { Db } from '../db/database';
import { stmt } from '../sync/statements';
import { batchMemo, forgetBatchMemo, getRecord, writeRecord } from '../sync/store';
import type { JsonObject } from '../../shared/sync/canonical-json';
import type { DibaoStandardUsed } from '../../shared/domain/classification';
import type { LoopConfig } from '../../shared/loop';
import {
  COUNTY_SETTINGS_TYPE,
  dibaoStandardOn,
  effectiveSettings,
  knownSettingRows,
  loopConfigOn,
  sortedWorkCalendar,
  type CountySettingRow,
  type CountySettingWrite,
  type CountySettingsData,
  type EffectiveSettings,
  type WorkCalendarValue,
} from '../../shared/monitoring';

/**
 * The per-county settings store (`county_settings`, migrations 20261207-0005-monitoring and
 * 20261207-0010-county-settings-history): one row per write of (county, key, value, effective from), in
 * the order written. Reading resolves the value in force on a day with the shared `effectiveSettings`;
 * writing adds a row and rewrites the county's `countySettings` sync record, so every tablet in the county
 * pulls the whole history. Callers check roles and scope; this module only stores.
 */

/** The county unit along a unit path (its `level = 'county'` unit), or null above or outside counties. */
export function countyOfPath(db: Db, unitPath: string): string | null {
  // A push asks once per record of a few units: within its batch, once per path.
  return batchMemo(db, `countyOfPath:${unitPath}`, () => {
    const find = stmt(db, "SELECT id FROM units WHERE id = ? AND level = 'county'");
    for (const id of unitPath.split('/')) {
      if (find.get(id)) return id;
    }
    return null;
  });
}

export interface SettingHistoryRow {
  key: string;
  value: unknown;
  effectiveFrom: string;
  setByName: string | null;
  setAt: string;
}

/** Every write of a county's settings, in the order written (the index `county_settings_county`). */
export function settingHistory(db: Db, countyId: string): SettingHistoryRow[] {
  const rows = stmt(
    db,
    `SELECT key, value_json AS valueJson, effective_from AS effectiveFrom, set_by_name AS setByName,
            set_at AS setAt
       FROM county_settings WHERE county_id = ? ORDER BY id`,
  ).all(countyId) as (Omit<SettingHistoryRow, 'value'> & { valueJson: string })[];
  return rows.map(({ valueJson, ...row }) => ({ ...row, value: JSON.parse(valueJson) as unknown }));
}

export function countySettingRows(db: Db, countyId: string): CountySettingRow[] {
  return knownSettingRows(settingHistory(db, countyId));
}

/** Every stored write of the settings of the county of `unitPath` (none above or outside counties). */
export function countySettingsOfPath(db: Db, unitPath: string): CountySettingRow[] {
  const countyId = countyOfPath(db, unitPath);
  return countyId ? countySettingRows(db, countyId) : [];
}

/** The settings of `countyId` in force on `day`; the defaults (and no 低保 standard) without a county. */
export function settingsOn(db: Db, countyId: string | null, day: string): EffectiveSettings {
  // Within a push batch (one per finalised visit, for a handful of counties and days), once per pair;
  // frozen, as every caller of the batch shares it.
  return batchMemo(db, `settingsOn:${countyId ?? ''}:${day}`, () =>
    Object.freeze(effectiveSettings(countyId ? countySettingRows(db, countyId) : [], day)),
  );
}

/** The 低保 standard in force on `day` in the county of `unitPath`, with the day it took effect. */
export function dibaoStandardAt(db: Db, unitPath: string, day: string): DibaoStandardUsed | null {
  const countyId = countyOfPath(db, unitPath);
  return countyId ? dibaoStandardOn(countySettingRows(db, countyId), day) : null;
}

/** The closed loop's configuration for a case in `unitPath` on `day` (notice days, holidays, phase-out). */
export function loopConfigAt(db: Db, unitPath: string, day: string, base: LoopConfig): LoopConfig {
  const countyId = countyOfPath(db, unitPath);
  return countyId ? loopConfigOn(countySettingRows(db, countyId), day, base) : base;
}

/**
 * The id of a county's settings record: one per county, so a rewrite replaces it. A version-8 UUID (RFC
 * 9562, custom) whose last group is the county's code, so it is a UUID like every record id and never
 * meets a tablet's time-ordered v7 ids.
 */
export function countySettingsRecordId(countyId: string): string {
  return `00000000-0000-8000-8000-${countyId.padStart(12, '0')}`;
}

/** Rewrites the county's `countySettings` sync record from its rows (a new rev: tablets pull it). */
export function writeSettingsRecord(db: Db, countyId: string, userId: string | null): void {
  const data: CountySettingsData = { countyId, rows: settingHistory(db, countyId) };
  writeRecord(db, {
    id: countySettingsRecordId(countyId),
    type: COUNTY_SETTINGS_TYPE,
    unitId: countyId,
    householdId: null,
    data: data as unknown as JsonObject,
    deleted: false,
    userId,
    deviceId: null,
  });
}

/**
 * Counties with settings but no sync record yet (databases from before the record existed, or rows
 * carried over by a migration) get theirs; run once at start. Returns how many were written.
 */
export function mirrorCountySettings(db: Db): number {
  const counties = stmt(db, 'SELECT DISTINCT county_id AS id FROM county_settings').all() as { id: string }[];
  let written = 0;
  db.transaction(() => {
    for (const { id } of counties) {
      if (getRecord(db, countySettingsRecordId(id))) continue;
      if (!stmt(db, 'SELECT 1 FROM units WHERE id = ?').get(id)) continue;
      writeSettingsRecord(db, id, null);
      written += 1;
    }
  })();
  return written;
}

/** Adds one write of one setting and rewrites the county's sync record. Call inside a transaction. */
export function writeCountySetting(
  db: Db,
  write: CountySettingWrite,
  by: { id: string | null; displayName: string },
  at: string,
): void {
  const value =
    write.key === 'workCalendar' ? sortedWorkCalendar(write.value as WorkCalendarValue) : write.value;
  stmt(
    db,
    `INSERT INTO county_settings (county_id, key, value_json, effective_from, set_by, set_by_name, set_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(write.countyId, write.key, JSON.stringify(value), write.effectiveFrom, by.id, by.displayName, at);
  forgetBatchMemo(db);
  writeSettingsRecord(db, write.countyId, by.id);
}
