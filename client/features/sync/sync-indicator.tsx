import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { getMeta } from '../../db/meta';
import { oldestUnsyncedAt } from '../../db/outbox';
import { formatDateTime } from '../../shell/format';
import { shortStatus } from './sync-text';
import { useSyncState } from './use-sync-state';

/** Unsynced work older than this is called out in the shell (a tablet offline for days may be lost). */
export const STALE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
const TICK_MS = 60_000;

/**
 * The sync part of the status bar: what sync is doing (a link to the sync page), a warning when work has
 * waited more than three days, and one when the local data seems to have been wiped. The engine itself is
 * started by main.tsx.
 */
export function SyncIndicator() {
  const state = useSyncState();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(timer);
  }, []);
  const oldest = useLiveQuery(oldestUnsyncedAt, [], null);
  const lostWork = useLiveQuery(() => getMeta('lostWork'), []);
  const stale = oldest !== null && now - Date.parse(oldest) > STALE_AFTER_MS;

  return (
    <>
      <Link
        to="/sync"
        className={
          state.blocked !== null || (state.lastError !== null && state.failures > 0)
            ? 'status-bar__item sync-indicator sync-indicator--problem'
            : 'status-bar__item sync-indicator'
        }
        data-testid="sync-status"
      >
        {shortStatus(state, formatDateTime)}
      </Link>
      {stale ? (
        <Link to="/sync" className="status-bar__item status-bar__warning" data-testid="stale-warning">
          有超过3天未同步的记录
        </Link>
      ) : null}
      {lostWork ? (
        <Link to="/sync" className="status-bar__item status-bar__warning" data-testid="lost-work-warning">
          本机数据可能已被清除，请查看
        </Link>
      ) : null}
    </>
  );
}
