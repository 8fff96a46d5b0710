import { useLiveQuery } from 'dexie-react-hooks';
import { getMeta } from '../../db/meta';
import { outboxCounts } from '../../db/outbox';
import { formatDateTime } from '../../shell/format';
import { useOnline } from '../../shell/use-online';
import { requestSync } from '../../sync/engine';
import { count, idleHeadline, phaseText } from './sync-text';
import { UploadQueueStatus } from './upload-queue-status';
import { useSyncState } from './use-sync-state';

/** Progress of the running sync with counts and what is left, the last sync, and "立即同步". */
export function SyncProgress() {
  const state = useSyncState();
  const online = useOnline();
  const counts = useLiveQuery(outboxCounts, [], { waiting: 0, held: 0, rejected: 0 });
  const storedLast = useLiveQuery(() => getMeta('lastSyncAt'), []);
  const last = state.lastSuccessAt ?? storedLast ?? null;
  const pushing = state.running && state.phase === 'pushing';
  const left = pushing ? Math.max(0, state.push.total - state.push.done) : counts.waiting;

  return (
    <section
      className="card sync-card"
      aria-labelledby="sync-title"
      data-testid="sync-card"
      data-runs-started={state.runsStarted}
      data-runs-finished={state.runsFinished}
    >
      <h1 id="sync-title" className="card__title">
        数据同步
      </h1>
      {state.blocked !== null ? (
        <p className="notice notice--warning" role="alert">
          <strong>请更新应用。</strong>
          {state.blocked}
        </p>
      ) : null}
      <p className="sync-card__phase" data-testid="sync-phase" aria-live="polite">
        {state.running ? phaseText(state) : idleHeadline(left, counts.rejected, counts.held)}
      </p>
      {state.running ? (
        <progress
          className="sync-card__bar"
          aria-label="同步进度"
          max={pushing ? Math.max(state.push.total, 1) : undefined}
          value={pushing ? state.push.done : undefined}
        />
      ) : null}
      {state.running && pushing ? (
        <p className="muted" data-testid="sync-left">
          剩余 {count(left)} 条
        </p>
      ) : null}
      <dl className="facts">
        <dt>等待同步</dt>
        <dd data-testid="sync-waiting">{count(counts.waiting)} 条</dd>
        {counts.held > 0 ? (
          <>
            <dt>待修正</dt>
            <dd data-testid="sync-held">{count(counts.held)} 条</dd>
          </>
        ) : null}
        <dt>被拒绝</dt>
        <dd data-testid="sync-rejected">{count(counts.rejected)} 条</dd>
        <dt>上次同步</dt>
        <dd data-testid="sync-last">{last ? formatDateTime(last) : '尚未同步'}</dd>
        {state.nextAttemptAt !== null && !state.running ? (
          <>
            <dt>下次自动同步</dt>
            <dd>{formatDateTime(new Date(state.nextAttemptAt).toISOString())}</dd>
          </>
        ) : null}
      </dl>
      <UploadQueueStatus />
      {state.lastError !== null ? (
        <p className="form-error" role="alert" data-testid="sync-error">
          {state.lastError}
        </p>
      ) : null}
      {!online ? <p className="muted">当前离线：联网后会自动同步。</p> : null}
      <div className="form__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void requestSync('manual')}
          disabled={state.running}
        >
          {state.running ? '正在同步…' : '立即同步'}
        </button>
      </div>
    </section>
  );
}
