import { COUNTY_SETTINGS_TYPE, countySettingsDataSchema } from '../../shared/monitoring/records';
import { knownSettingRows, type CountySettingRow } from '../../shared/monitoring/settings';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { getMeta, setMeta } from './meta';

/**
 * The county settings on the tablet (docs/administration.md): the server's `countySettings` records, one
 * per county with its whole history, kept whole in `meta` by county. The visit form resolves the 低保
 * standard in force on the visit's date from them, offline from the last pull.
 */

/** Stores pulled settings; call inside the sync's writing transaction (it covers `meta`). */
export async function storeCountySettings(records: readonly SyncedRecord[]): Promise<void> {
  const mine = records.filter((r) => r.type === COUNTY_SETTINGS_TYPE);
  if (mine.length === 0) return;
  const stored = new Map(Object.entries((await getMeta('countySettings')) ?? {}));
  for (const record of mine) {
    const parsed = countySettingsDataSchema.safeParse(record.data);
    if (!parsed.success) continue;
    if (record.deleted) stored.delete(parsed.data.countyId);
    else stored.set(parsed.data.countyId, parsed.data);
  }
  await setMeta('countySettings', Object.fromEntries(stored));
}

/** Every stored write of one county's settings, in the order written (none when never pulled). */
export async function countySettingRowsOf(countyId: string | null): Promise<CountySettingRow[]> {
  if (!countyId) return [];
  const stored = (await getMeta('countySettings')) ?? {};
  return knownSettingRows(stored[countyId]?.rows ?? []);
}
