import {
  monitoringEntryDataSchema,
  monitoringEntryText,
  type MonitoringEntryData,
} from '../../shared/monitoring/records';
import { db } from './database';

/**
 * Households on the monitoring register, on the tablet (docs/dynamic-management.md): the server's
 * `monitoringEntry` records (one per active register entry, a tombstone removes it), stored by
 * sync-server-rows.ts. A monitored household is due in every visit round, whatever its stage.
 */

/** The households of this tablet's register entries, from the `householdId` index's keys alone. */
export async function monitoredHouseholdIds(): Promise<Set<string>> {
  const keys = await db.monitoringEntries.orderBy('householdId').keys();
  return new Set(keys.filter((key): key is string => typeof key === 'string'));
}

export interface HouseholdMonitoring {
  data: MonitoringEntryData;
  /** 监测中：<reasons>, for the household page. */
  text: string;
}

/** The household's register entry on this tablet, or null when it is not monitored. */
export async function householdMonitoring(householdId: string): Promise<HouseholdMonitoring | null> {
  const rows = await db.monitoringEntries.where('householdId').equals(householdId).toArray();
  for (const row of rows) {
    const parsed = monitoringEntryDataSchema.safeParse(row.data);
    if (parsed.success) return { data: parsed.data, text: monitoringEntryText(parsed.data) };
  }
  return null;
}
