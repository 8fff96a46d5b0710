import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { RECORD_TYPE_LABELS } from '../../../shared/domain/records';
import { DELETED_FIELD } from '../../../shared/sync/protocol';
import { useCurrentUser } from '../../auth/use-session';
import { queueConflictResolution, type ConflictView } from '../../db/sync-review';
import { formatDateTime } from '../../shell/format';
import { requestSync } from '../../sync/engine';
import { editorFor, parseNewValue } from './new-value';
import { fieldName, formatFieldValue, recordTitle } from './value-format';

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The "what, where" line of a conflict: household, record, field. */
function heading(view: ConflictView): string {
  const { conflict, record, household } = view;
  const owner = household ? recordTitle('household', household.data) : null;
  const what =
    conflict.type === 'household'
      ? null
      : record
        ? recordTitle(conflict.type, record.data)
        : RECORD_TYPE_LABELS[conflict.type];
  return [
    owner ?? (conflict.type === 'household' ? '家庭' : null),
    what,
    fieldName(conflict.type, String(conflict.data.field)),
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * One conflict in plain Chinese: the field, the tablet's value, the server's value and the value both
 * started from, who made the edit and when; the person chooses one of the two or types another. The
 * decision is queued like any change and synced (offline too).
 */
export function ConflictCard({ view }: { view: ConflictView }) {
  const user = useCurrentUser();
  const { conflict, queued } = view;
  const field = String(conflict.data.field ?? '');
  const type = conflict.type;
  const clientValue = conflict.data.clientValue;
  const serverValue = conflict.data.serverValue;
  const mine = conflict.data.clientUserId === user.id;
  const clientName = text(conflict.data.clientUserName) ?? '平板';
  const clientLabel = mine ? '您的值' : `${clientName} 填写的值`;
  const editor = editorFor(type, field, [clientValue, serverValue]);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const createdAt = text(conflict.data.createdAt) ?? conflict.createdAt;

  const choose = async (value: unknown) => {
    setBusy(true);
    setProblem(null);
    try {
      await queueConflictResolution(conflict.id, value);
      void requestSync('manual');
    } finally {
      setBusy(false);
    }
  };
  const submitNew = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseNewValue(type, field, editor, draft);
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    void choose(parsed.value);
  };
  const link = view.household ? `/households/${view.household.id}` : null;

  return (
    <li className="sync-item" data-testid="conflict">
      <h3 className="sync-item__title">
        {heading(view)}
        {link ? (
          <Link to={link} className="inline-link">
            查看家庭
          </Link>
        ) : null}
      </h3>
      <dl className="facts sync-fields">
        <dt>{clientLabel}</dt>
        <dd data-testid="conflict-client">{formatFieldValue(type, field, clientValue)}</dd>
        <dt>服务器的值</dt>
        <dd data-testid="conflict-server">{formatFieldValue(type, field, serverValue)}</dd>
        {field !== DELETED_FIELD ? (
          <>
            <dt>原值</dt>
            <dd>{formatFieldValue(type, field, conflict.data.baseValue)}</dd>
          </>
        ) : null}
      </dl>
      <p className="muted">
        {mine ? '您' : clientName}于 {formatDateTime(createdAt)}{' '}
        修改，与服务器上的修改不一致。请确认应保留哪个值。
      </p>
      {queued ? (
        <p className="notice" data-testid="conflict-queued">
          已选择“{formatFieldValue(type, field, queued.value)}”，
          {queued.state === 'inflight' ? '正在提交' : '等待同步'}
        </p>
      ) : null}
      <div className="form__actions">
        {field === DELETED_FIELD ? (
          <>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void choose(false)}
            >
              保留此记录
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => void choose(true)}
            >
              删除此记录
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void choose(clientValue)}
            >
              采用{clientLabel}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void choose(serverValue)}>
              采用服务器的值
            </button>
          </>
        )}
      </div>
      {editor.kind !== 'none' ? (
        <form className="sync-new-value" onSubmit={submitNew}>
          <label className="field" htmlFor={inputId}>
            <span className="field__label">或填写新值{editor.kind === 'yuan' ? '（元）' : ''}</span>
            {editor.kind === 'choice' ? (
              <select
                id={inputId}
                className="field__input"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
              >
                <option value="">（空）</option>
                {editor.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={inputId}
                className="field__input"
                inputMode={editor.kind === 'text' ? 'text' : 'decimal'}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
              />
            )}
          </label>
          {problem ? (
            <p className="form-error" role="alert">
              {problem}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={busy}>
            采用新值
          </button>
        </form>
      ) : null}
    </li>
  );
}
