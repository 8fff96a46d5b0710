import { ActionNotice, ResourceProgress, StatusTabs } from '../resource-parts';
import { useState } from 'react';
import { Link } from 'react-router';
import { REGISTER_REASON_LABELS, type RegisterEntry } from '../../../../shared/monitoring';
import { LOOP_STAGE_LABELS, loopStageSchema } from '../../../../shared/loop/stages';
import { useCurrentUser } from '../../../auth/use-session';
import { formatDateTime } from '../../../shell/format';
import { failureMessage, listCases } from '../api/review-api';
import { useResource } from '../api/use-resource';
import { MONITORING_ADD_ROLES, MONITORING_REMOVE_ROLES } from '../review-roles';
import { addToRegister, listRegister, removeFromRegister } from './monitoring-api';
import '../review.css';
import './monitoring.css';

function stageText(stage: string | null): string {
  const parsed = loopStageSchema.safeParse(stage);
  return parsed.success ? LOOP_STAGE_LABELS[parsed.data] : '—';
}

function RemoveForm({ entry, onDone }: { entry: RegisterEntry; onDone(message: string): void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        移出监测
      </button>
    );
  }
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await removeFromRegister(entry.id, reason);
      onDone(`已移出监测：${entry.headName ?? ''}`);
    } catch (failure) {
      setError(failureMessage(failure));
      setBusy(false);
    }
  };
  return (
    <div className="review-inline-form">
      <label className="field__label" htmlFor={`remove-${entry.id}`}>
        移出理由
      </label>
      <textarea
        id={`remove-${entry.id}`}
        className="field__input"
        rows={2}
        maxLength={500}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => void submit()}
        >
          确认移出
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => setOpen(false)}>
          取消
        </button>
      </div>
    </div>
  );
}

function AddForm({ onDone }: { onDone(message: string): void }) {
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<{ id: string; label: string }[] | null>(null);
  const [householdId, setHouseholdId] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const find = async () => {
    setError(null);
    try {
      const reply = await listCases({ view: 'all', q: query, limit: 20 });
      const found = reply.cases.map((item) => ({
        id: item.id,
        label: `${item.headName ?? '（未填写户主姓名）'} ${item.headIdNumberMasked ?? ''} · ${item.unitName} · ${item.stageLabel}`,
      }));
      setMatches(found);
      setHouseholdId(found[0]?.id ?? '');
    } catch (failure) {
      setError(failureMessage(failure));
    }
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const { entry } = await addToRegister(householdId, reason);
      setReason('');
      setMatches(null);
      setQuery('');
      onDone(`已纳入监测：${entry.headName ?? ''}`);
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="register-add">
      <h2 id="register-add" className="card__title">
        人工纳入监测
      </h2>
      <div className="review-inline-form">
        <label className="field__label" htmlFor="register-query">
          户主姓名或身份证号
        </label>
        <input
          id="register-query"
          className="field__input"
          value={query}
          maxLength={40}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="button" className="button" onClick={() => void find()} disabled={query.trim() === ''}>
          查找
        </button>
      </div>
      {matches !== null ? (
        matches.length === 0 ? (
          <p className="muted">在您的管辖范围内没有找到该户。</p>
        ) : (
          <div className="review-inline-form">
            <label className="field__label" htmlFor="register-household">
              家庭
            </label>
            <select
              id="register-household"
              className="field__input"
              value={householdId}
              onChange={(event) => setHouseholdId(event.target.value)}
            >
              {matches.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
            <label className="field__label" htmlFor="register-reason">
              纳入理由
            </label>
            <textarea
              id="register-reason"
              className="field__input"
              rows={2}
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <button
              type="button"
              className="button button--primary"
              disabled={busy || householdId === ''}
              onClick={() => void submit()}
            >
              纳入监测
            </button>
          </div>
        )
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/**
 * 监测名单: households monitored for falling (back) into hardship — put there by the rules (exit within
 * 12 months, phase-out, marginal income, serious illness/disaster/accident) or by a person with a reason;
 * taken off only by the county, with a reason. Loaded only when opened.
 */
export function RegisterPage() {
  const user = useCurrentUser();
  const [active, setActive] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const [entries, reload] = useResource(`register:${String(active)}`, () => listRegister(active));
  const done = (message: string) => {
    setNotice(message);
    reload();
  };
  const canRemove = MONITORING_REMOVE_ROLES.includes(user.role);

  return (
    <div className="review-page">
      <nav className="review-breadcrumb" aria-label="位置">
        <Link to="/review">工作台</Link> / <Link to="/monitoring">监测预警</Link> / <span>监测名单</span>
      </nav>
      <div className="review-page__head">
        <h1 className="review-page__title">监测名单</h1>
        <div className="review-page__actions">
          <button type="button" className="button" onClick={reload}>
            刷新
          </button>
        </div>
      </div>
      <p className="review-hint">
        脱困不满12个月、渐退期、走访收入介于低保标准1倍至1.5倍（边缘易致困户）、新发大病灾害意外的家庭自动纳入；也可说明理由人工纳入。移出须由县总说明理由。
      </p>
      {MONITORING_ADD_ROLES.includes(user.role) ? <AddForm onDone={done} /> : null}
      <StatusTabs
        label="名单"
        values={[true, false]}
        current={active}
        labelOf={(value) => (value ? '监测中' : '已移出')}
        onPick={(value) => {
          setNotice(null);
          setActive(value);
        }}
      />
      <ActionNotice text={notice} />
      <ResourceProgress resource={entries} />
      {entries.status === 'ready' ? (
        entries.data.entries.length === 0 ? (
          <p className="card muted">名单为空。</p>
        ) : (
          <div className="review-table-wrap">
            <table className="review-table" aria-label="监测名单" data-testid="register-table">
              <thead>
                <tr>
                  <th scope="col">户主</th>
                  <th scope="col">网格</th>
                  <th scope="col">环节</th>
                  <th scope="col">纳入原因</th>
                  <th scope="col">纳入时间</th>
                  <th scope="col">{active ? '操作' : '移出'}</th>
                </tr>
              </thead>
              <tbody>
                {entries.data.entries.map((entry) => (
                  <tr key={entry.id} data-entry-id={entry.id}>
                    <th scope="row">
                      <Link to={`/review/cases/${entry.householdId}`} className="review-link">
                        {entry.headName ?? '（未填写户主姓名）'}
                      </Link>
                    </th>
                    <td>{entry.unitName}</td>
                    <td>{stageText(entry.stage)}</td>
                    <td>
                      {entry.reasons.map((r, i) => (
                        <div key={i}>
                          {REGISTER_REASON_LABELS[r.reason]}
                          {r.note ? `：${r.note}` : ''}（{r.on}）
                        </div>
                      ))}
                    </td>
                    <td className="review-nowrap">
                      {formatDateTime(entry.addedAt)} {entry.addedByName ?? ''}
                    </td>
                    <td>
                      {active ? (
                        canRemove ? (
                          <RemoveForm entry={entry} onDone={done} />
                        ) : (
                          <span className="muted">由县总移出</span>
                        )
                      ) : (
                        <span>
                          {entry.removalReason}（{entry.removedByName ?? ''}{' '}
                          {entry.removedAt ? formatDateTime(entry.removedAt) : ''}）
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </div>
  );
}
