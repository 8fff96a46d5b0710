import { useLiveQuery } from 'dexie-react-hooks';
import { householdMonitoring } from '../../db/monitoring';

/**
 * 监测中：<reasons> — the household is on the county's monitoring register (synced from the server), so it
 * is due a visit in every round whatever its stage (docs/dynamic-management.md).
 */
export function MonitoringNote({ householdId }: { householdId: string }) {
  const monitoring = useLiveQuery(() => householdMonitoring(householdId), [householdId]);
  if (!monitoring) return null;
  return (
    <p className="hh-monitoring" data-testid="monitoring-note">
      <span className="hh-badge hh-badge--monitored">监测户</span> {monitoring.text}
      <span className="muted">（本户每一轮都需走访）</span>
    </p>
  );
}
