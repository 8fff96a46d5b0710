import {
  MONITORING_KINDS,
  MONITORING_KIND_LABELS,
  type MonitoringKind,
  type UnitMonitoring,
  type Warning,
  type WarningAction,
} from '../../../../shared/monitoring';

/** What the warnings screen offers for a warning: the action it records and where it then leads. */
export interface WarningStep {
  action: WarningAction;
  label: string;
  /** Where the office goes to act (the case page, where visits are started and re-filing is done). */
  to: string;
}

export function warningSteps(warning: Pick<Warning, 'rule' | 'householdId'>): WarningStep[] {
  const to = `/review/cases/${warning.householdId}`;
  switch (warning.rule) {
    case 'income_below_standard':
    case 'visit_overdue':
      return [
        { action: 'start_visit', label: '安排走访', to },
        { action: 'open_case', label: '办理案件', to },
      ];
    case 'suggest_refile':
      return [
        { action: 'refile', label: '返困重新建档', to },
        { action: 'open_case', label: '办理案件', to },
      ];
    default:
      return [{ action: 'open_case', label: '办理案件', to }];
  }
}

/** The table's columns: each kind's year total, then the months with any count. */
export function monthsWithData(units: readonly UnitMonitoring[]): number[] {
  const months = new Set<number>();
  for (const unit of units) {
    for (const kind of MONITORING_KINDS) {
      unit.months[kind]?.forEach((n, m) => {
        if (n > 0) months.add(m);
      });
    }
  }
  return [...months].sort((a, b) => a - b);
}

/** One cell of the month breakdown: "建档 2，退出 1", or "—". */
export function monthCell(unit: UnitMonitoring, month: number): string {
  const parts = MONITORING_KINDS.flatMap((kind: MonitoringKind) => {
    const n = unit.months[kind]?.[month] ?? 0;
    return n > 0 ? [`${MONITORING_KIND_LABELS[kind]} ${n}`] : [];
  });
  return parts.length > 0 ? parts.join('，') : '—';
}

export function timelyText(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}
