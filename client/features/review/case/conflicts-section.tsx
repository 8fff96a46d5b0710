import { useState } from 'react';
import type { SyncedRecord } from '../../../../shared/sync/protocol';
import type { JsonValue } from '../../../../shared/sync/canonical-json';
import { RECORD_TYPE_LABELS, recordTypeSchema } from '../../../../shared/domain/records';
import { formatDateTime } from '../../../shell/format';
import { failureMessage, resolveConflict } from '../api/review-api';
import { formatFieldValue, labelOf } from '../format/values';
import {
  caseConflicts,
  conflictChoices,
  editKind,
  parseEditedValue,
  type CaseConflict,
} from './conflict-model';

function recordTypeLabel(type: string): string {
  const parsed = recordTypeSchema.safeParse(type);
  return parsed.success ? RECORD_TYPE_LABELS[parsed.data] : type;
}

function OpenConflict(props: {
  conflict: CaseConflict;
  canResolve: boolean;
  onResolved(message: string): void;
}) {
  const { data } = props.conflict;
  const field = labelOf(data.recordType, data.field);
  const kind = editKind(data);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(() => (typeof data.serverValue === 'string' ? data.serverValue : ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(value: JsonValue): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await resolveConflict(props.conflict.id, value);
      props.onResolved(
        `已处理冲突：${field}采用「${formatFieldValue(data.field, value, { reveal: true })}」`,
      );
    } catch (failure) {
      setError(failureMessage(failure));
      setBusy(false);
    }
  }

  const sides = [
    { label: '修改前原值', value: data.baseValue },
    { label: '服务器现值', value: data.serverValue },
    { label: `平板填写值（${data.clientUserName}）`, value: data.clientValue },
  ];

  return (
    <li className="review-conflict" aria-label={`冲突：${field}`}>
      <div className="review-timeline__head">
        <strong>
          {recordTypeLabel(data.recordType)} · {field}
        </strong>
        <time dateTime={data.createdAt}>{formatDateTime(data.createdAt)}</time>
      </div>
      <div className="review-conflict__sides">
        {sides.map((side) => (
          <div key={side.label} className="review-conflict__side">
            <span className="review-conflict__label">{side.label}</span>
            <span className="review-conflict__value">
              {formatFieldValue(data.field, side.value, { reveal: true })}
            </span>
          </div>
        ))}
      </div>
      {props.canResolve ? (
        <div className="review-conflict__actions">
          {conflictChoices(data).map((choice) => (
            <button
              key={choice.side}
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void choose(choice.value)}
            >
              采用{choice.label}
            </button>
          ))}
          {kind ? (
            <button type="button" className="button" disabled={busy} onClick={() => setEditing(!editing)}>
              修改为其他值
            </button>
          ) : null}
        </div>
      ) : (
        <p className="muted">冲突由网格员、乡镇或县总处理。</p>
      )}
      {editing && kind ? (
        <form
          className="review-conflict__edit"
          onSubmit={(event) => {
            event.preventDefault();
            const parsed = parseEditedValue(kind, text);
            if (!parsed.ok) setError(parsed.message);
            else void choose(parsed.value);
          }}
        >
          <input
            className="field__input"
            aria-label={`${field}的新值`}
            inputMode={kind === 'text' ? undefined : 'decimal'}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={busy}>
            保存新值
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/** 同步冲突: two devices changed the same field; a person picks (or types) the value that stands. */
export function ConflictsSection(props: {
  conflicts: readonly SyncedRecord[];
  canResolve: boolean;
  onResolved(message: string): void;
}) {
  const all = caseConflicts(props.conflicts);
  const open = all.filter((c) => c.data.status === 'open');
  const resolved = all.filter((c) => c.data.status === 'resolved');
  if (all.length === 0) return null;
  return (
    <section className="card review-conflicts" aria-labelledby="review-conflicts-title">
      <h2 className="card__title" id="review-conflicts-title">
        同步冲突（待处理 {open.length} 项）
      </h2>
      <ul className="review-conflict-list">
        {open.map((conflict) => (
          <OpenConflict
            key={conflict.id}
            conflict={conflict}
            canResolve={props.canResolve}
            onResolved={props.onResolved}
          />
        ))}
      </ul>
      {resolved.length > 0 ? (
        <details className="review-details">
          <summary>已处理的冲突（{resolved.length} 项）</summary>
          <ul className="review-plain-list">
            {resolved.map(({ id, data }) => (
              <li key={id}>
                {labelOf(data.recordType, data.field)}：采用「
                {formatFieldValue(data.field, data.resolution ?? null, { reveal: true })}」
                {data.resolvedByName ? `（${data.resolvedByName}` : '（'}
                {data.resolvedAt ? ` ${formatDateTime(data.resolvedAt)}）` : '）'}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
