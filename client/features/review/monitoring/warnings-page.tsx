import { ActionNotice, ResourceProgress, StatusTabs } from '../resource-parts';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  WARNING_RULE_LABELS,
  WARNING_STATUSES,
  WARNING_STATUS_LABELS,
  WARNING_ACTION_LABELS,
  warningStatusSchema,
  type Warning,
  type WarningStatus,
} from '../../../../shared/monitoring';
import { formatDateTime } from '../../../shell/format';
import { failureMessage } from '../api/review-api';
import { useResource } from '../api/use-resource';
import { acknowledgeWarning, actOnWarning, listWarnings } from './monitoring-api';
import { warningSteps } from './monitoring-model';
import '../review.css';

function WarningRow({ warning, onDone }: { warning: Warning; onDone(message: string): void }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = warning.status !== 'acted';
  const run = async (work: () => Promise<unknown>, message: string, then?: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onDone(message);
      if (then) void navigate(then);
    } catch (failure) {
      setError(failureMessage(failure));
      setBusy(false);
    }
  };
  const name = warning.headName ?? '（未填写户主姓名）';
  return (
    <tr data-warning-id={warning.id} data-rule={warning.rule}>
      <th scope="row">
        <Link to={`/review/cases/${warning.householdId}`} className="review-link">
          {name}
        </Link>
      </th>
      <td>{warning.unitName}</td>
      <td>
        <span className="review-badge review-badge--warn">{WARNING_RULE_LABELS[warning.rule]}</span>
      </td>
      <td data-testid="warning-reason">{warning.reason}</td>
      <td>{warning.ownerUnitName}</td>
      <td className="review-nowrap">{formatDateTime(warning.raisedAt)}</td>
      <td>
        {open ? (
          <div className="review-page__actions">
            {warning.status === 'open' ? (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void run(() => acknowledgeWarning(warning.id, ''), `已知悉：${name}`)}
              >
                知悉
              </button>
            ) : null}
            {warningSteps(warning).map((step) => (
              <button
                key={step.action}
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() =>
                  void run(() => actOnWarning(warning.id, step.action, ''), `${step.label}：${name}`, step.to)
                }
              >
                {step.label}
              </button>
            ))}
          </div>
        ) : (
          <span className="muted">
            {warning.action ? WARNING_ACTION_LABELS[warning.action] : ''}（{warning.handledByName ?? ''}{' '}
            {warning.handledAt ? formatDateTime(warning.handledAt) : ''}）
          </span>
        )}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * 监测预警: the warnings owned by the signed-in unit and the units below it (the township its own, the
 * county every township's and its own, the city all), to acknowledge or act on. Loaded only when opened.
 */
export function WarningsPage() {
  const [search, setSearch] = useSearchParams();
  const parsed = warningStatusSchema.safeParse(search.get('status'));
  const status: WarningStatus = parsed.success ? parsed.data : 'open';
  const [notice, setNotice] = useState<string | null>(null);
  const [warnings, reload] = useResource(`warnings:${status}`, () => listWarnings(status));
  const done = (message: string) => {
    setNotice(message);
    reload();
  };

  return (
    <div className="review-page">
      <nav className="review-breadcrumb" aria-label="位置">
        <Link to="/review">工作台</Link> / <span>监测预警</span>
      </nav>
      <div className="review-page__head">
        <h1 className="review-page__title">监测预警</h1>
        <div className="review-page__actions">
          <Link className="button" to="/monitoring/register">
            监测名单
          </Link>
          <button type="button" className="button" onClick={reload}>
            刷新
          </button>
        </div>
      </div>
      <p className="review-hint">
        系统按县级参数自动预警：走访测算收入低于低保标准、超期未走访、备案后超期未发放、渐退期即将到期、连续高于低保标准建议退出、监测户新增致困原因建议重新建档。
      </p>
      <StatusTabs
        label="预警状态"
        values={WARNING_STATUSES}
        current={status}
        labelOf={(value) => WARNING_STATUS_LABELS[value]}
        onPick={(value) => {
          setNotice(null);
          setSearch(value === 'open' ? {} : { status: value });
        }}
      />
      <ActionNotice text={notice} />
      <ResourceProgress resource={warnings} />
      {warnings.status === 'ready' ? (
        warnings.data.warnings.length === 0 ? (
          <p className="card muted" data-testid="warnings-empty">
            没有{WARNING_STATUS_LABELS[status]}的预警。
          </p>
        ) : (
          <div className="review-table-wrap">
            <table className="review-table" aria-label="预警列表" data-testid="warnings-table">
              <thead>
                <tr>
                  <th scope="col">户主</th>
                  <th scope="col">网格</th>
                  <th scope="col">预警</th>
                  <th scope="col">原因</th>
                  <th scope="col">负责单位</th>
                  <th scope="col">预警时间</th>
                  <th scope="col">处理</th>
                </tr>
              </thead>
              <tbody>
                {warnings.data.warnings.map((warning) => (
                  <WarningRow key={warning.id} warning={warning} onDone={done} />
                ))}
              </tbody>
            </table>
            {warnings.data.total > warnings.data.warnings.length ? (
              <p className="muted">
                共 {warnings.data.total} 条，显示最新 {warnings.data.warnings.length} 条。
              </p>
            ) : null}
          </div>
        )
      ) : null}
    </div>
  );
}
