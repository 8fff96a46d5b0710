import { z } from 'zod';

/**
 * The tablet's copy of a monitoring register entry (docs/dynamic-management.md, "The register"): a
 * server-authored record of type `monitoringEntry`, in the unit of the household on the register, pulled
 * like duplicate findings. One record per active entry (the entry's id); when a person takes the
 * household off the register the record becomes a tombstone. A tablet therefore knows offline which of its
 * households are monitored — they are due in every visit round (`dueInRound`) — and why.
 */
export const MONITORING_ENTRY_TYPE = 'monitoringEntry';

export const monitoringEntryDataSchema = z.object({
  /** The monitored household (on this tablet). */
  householdId: z.string(),
  /**
   * Why it is monitored, oldest first. `reason` is a register reason (`REGISTER_REASONS`, kept a plain
   * string so that a reason a newer server adds still parses); `label` is its words.
   */
  reasons: z.array(z.object({ reason: z.string(), label: z.string(), note: z.string(), on: z.string() })),
  /** When the household was put on the register. */
  createdAt: z.string(),
});
export type MonitoringEntryData = z.infer<typeof monitoringEntryDataSchema>;

/** What the household page shows: 监测中：边缘易致困户；人工纳入（家中突发变故）. */
export function monitoringEntryText(data: MonitoringEntryData): string {
  const reasons = data.reasons.map((r) =>
    r.note.trim() === '' ? r.label : `${r.label}（${r.note.trim()}）`,
  );
  return `监测中：${reasons.length > 0 ? reasons.join('；') : '已纳入监测名单'}`;
}

/**
 * The tablet's copy of one county's settings (县级参数, docs/administration.md): a server-authored record of
 * type `countySettings` in the county's unit, rewritten whenever the county's settings change and pulled
 * by everyone at or below the county. `rows` is the whole history in the order written, so a tablet
 * resolves the value in force on any day offline (`effectiveSettings`, `dibaoStandardOn`). Keys stay plain
 * strings so that a key a newer server adds does not make the record unreadable.
 */
export const COUNTY_SETTINGS_TYPE = 'countySettings';

export const countySettingsDataSchema = z.object({
  countyId: z.string(),
  rows: z.array(
    z.object({
      key: z.string(),
      value: z.unknown(),
      effectiveFrom: z.string(),
      setByName: z.string().nullable().optional(),
      setAt: z.string().optional(),
    }),
  ),
});
export type CountySettingsData = z.infer<typeof countySettingsDataSchema>;
