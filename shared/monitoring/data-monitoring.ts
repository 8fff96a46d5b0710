import { z } from 'zod';
import type { LoopCommandName, LoopStage } from '../loop';
import { addDays } from '../validation/dates';

/**
 * Data monitoring (数据监测): what a county and the city count per unit and month — files created this
 * year, files adjusted, exits, re-filings, and first disbursements made within / after the time limit.
 * Each closed-loop event is classified once, when it is written (the server keeps one summary row per
 * counted event), so a report is a GROUP BY over an index, never a parse of every record.
 */

export const MONITORING_KINDS = [
  'filed',
  'adjusted',
  'exited',
  'refiled',
  'relief_on_time',
  'relief_late',
] as const;
export const monitoringKindSchema = z.enum(MONITORING_KINDS);
export type MonitoringKind = z.infer<typeof monitoringKindSchema>;

export const MONITORING_KIND_LABELS: Record<MonitoringKind, string> = {
  filed: '本年建档',
  adjusted: '档案调整',
  exited: '脱困退出',
  refiled: '返困重新建档',
  relief_on_time: '及时发放',
  relief_late: '超期发放',
};

export interface CountedEvent {
  command: LoopCommandName;
  fromStage: LoopStage | null;
  toStage: LoopStage;
  /** The event's date (YYYY-MM-DD, China). */
  on: string;
  /** disburse only: the paid date and the case's city filing date. */
  paidOn?: string | null;
  cityFiledOn?: string | null;
}

/**
 * What an event counts as, or null:
 * - 建档 `filed`: the city files the record (市总备案) — the file exists from then on;
 * - 档案调整 `adjusted`: a filed household's file is updated by a new round (在档申请救助: a visit submitted
 *   from 动态管理 or 渐退期) or its phase-out is cancelled;
 * - 脱困退出 `exited`: the exit decision (into the phase-out or straight out);
 * - 返困 `refiled`: re-filing of an exited household;
 * - `relief_on_time` / `relief_late`: the first disbursement after filing, paid within `disbursementDays`
 *   of the filing date or later.
 */
export function countedKind(event: CountedEvent, disbursementDays: number): MonitoringKind | null {
  switch (event.command) {
    case 'fileRecord':
      return 'filed';
    case 'submitVisit':
      return event.fromStage === 'managed' || event.fromStage === 'phase_out' ? 'adjusted' : null;
    case 'cancelPhaseOut':
      return 'adjusted';
    case 'exit':
      return 'exited';
    case 'refile':
      return 'refiled';
    case 'disburse': {
      if (event.fromStage !== 'disbursement' || !event.cityFiledOn) return null;
      const paid = event.paidOn ?? event.on;
      return paid <= addDays(event.cityFiledOn, disbursementDays) ? 'relief_on_time' : 'relief_late';
    }
    default:
      return null;
  }
}

export const dataMonitoringQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
});

export const unitMonitoringSchema = z.strictObject({
  unitId: z.string(),
  unitName: z.string(),
  /** Counts per kind per month: `months[kind][m]`, m = 0 for January. */
  months: z.record(monitoringKindSchema, z.array(z.int())),
  totals: z.record(monitoringKindSchema, z.int()),
  /** Share of first disbursements made on time, or null when none was due. */
  timelyRate: z.number().nullable(),
  openOverdueWarnings: z.int(),
  lagging: z.boolean(),
  lagReasons: z.array(z.string()),
});
export type UnitMonitoring = z.infer<typeof unitMonitoringSchema>;

export const dataMonitoringReplySchema = z.strictObject({
  year: z.int(),
  units: z.array(unitMonitoringSchema),
});
export type DataMonitoringReply = z.infer<typeof dataMonitoringReplySchema>;

export interface CountRow {
  unitId: string;
  kind: MonitoringKind;
  /** 1–12. */
  month: number;
  n: number;
}

/**
 * Builds the per-unit table from grouped counts. A unit lags when its share of on-time first
 * disbursements is below `laggingTimelyRate`, or when it has open overdue warnings (visits or payments).
 */
export function unitMonitoring(
  units: readonly { id: string; name: string }[],
  counts: readonly CountRow[],
  overdueByUnit: ReadonlyMap<string, number>,
  laggingTimelyRate: number,
): UnitMonitoring[] {
  return units.map((unit) => {
    const months = Object.fromEntries(
      MONITORING_KINDS.map((k) => [k, Array.from({ length: 12 }, () => 0)]),
    ) as Record<MonitoringKind, number[]>;
    for (const row of counts) {
      if (row.unitId !== unit.id || row.month < 1 || row.month > 12) continue;
      months[row.kind][row.month - 1] = (months[row.kind][row.month - 1] ?? 0) + row.n;
    }
    const totals = Object.fromEntries(
      MONITORING_KINDS.map((k) => [k, months[k].reduce((a, b) => a + b, 0)]),
    ) as Record<MonitoringKind, number>;
    const due = totals.relief_on_time + totals.relief_late;
    const timelyRate = due === 0 ? null : totals.relief_on_time / due;
    const overdue = overdueByUnit.get(unit.id) ?? 0;
    const lagReasons: string[] = [];
    if (timelyRate !== null && timelyRate < laggingTimelyRate) {
      lagReasons.push(
        `及时发放率${Math.round(timelyRate * 100)}%，低于${Math.round(laggingTimelyRate * 100)}%`,
      );
    }
    if (overdue > 0) lagReasons.push(`${overdue}条超期预警未处理`);
    return {
      unitId: unit.id,
      unitName: unit.name,
      months,
      totals,
      timelyRate,
      openOverdueWarnings: overdue,
      lagging: lagReasons.length > 0,
      lagReasons,
    };
  });
}
