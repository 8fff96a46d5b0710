import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { RECORD_TYPE_LABELS } from '../../../shared/domain/records';
import { LOOP_COMMAND_LABELS } from '../../../shared/loop/commands';
import { discardRejected, listRejected, resendRejected, type RejectedChange } from '../../db/sync-review';
import { ConfirmDialog } from '../../shell/confirm-dialog';
import { formatDateTime } from '../../shell/format';
import { requestSync } from '../../sync/engine';
import { fieldName, formatFieldValue, isReadableField, recordTitle } from '../conflicts/value-format';
import { fixLinkOf } from './fix-link';

/** Fields listed per refused change; the rest are counted. */
const MAX_FIELDS = 8;

function isEmpty(value: unknown): boolean {
  return (
    value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

function commandLabel(command: string): string {
  const labels: Record<string, string> = LOOP_COMMAND_LABELS;
  return Object.hasOwn(labels, command) ? (labels[command] ?? command) : command;
}

/** What the change was, for a refused or a held change: household · record · verb. */
export function changeHeading(item: RejectedChange): string {
  const { row, record, household } = item;
  const owner = household ? recordTitle('household', household.data) : null;
  if (row.kind === 'command') return `${owner ?? '家庭'} · 业务操作：${commandLabel(row.type)}`;
  const what = row.type === 'household' ? RECORD_TYPE_LABELS.household : recordTitle(row.type, record?.data);
  const verb =
    row.kind === 'resolveConflict'
      ? '冲突处理'
      : row.op === 'delete'
        ? '删除'
        : row.baseRev === null
          ? '新增'
          : '修改';
  return [owner, what, verb].filter(Boolean).join(' · ');
}

/** The fields a refused or held change sets, with the values before. */
export function ChangeDetails({ item }: { item: RejectedChange }) {
  const { row } = item;
  if (row.kind === 'command') return null;
  if (row.kind === 'resolveConflict') {
    return (
      <p>
        {fieldName(row.type, row.field)}：选择了“{formatFieldValue(row.type, row.field, row.value)}”
      </p>
    );
  }
  if (row.op === 'delete') return null;
  const created = row.baseRev === null;
  // A new record lists what was filled in; an edit lists each change with the value before it.
  const fields = Object.entries(row.fields).filter(
    ([field, change]) => isReadableField(field, change.to) && !(created && isEmpty(change.to)),
  );
  if (fields.length === 0) return null;
  const shown = fields.slice(0, MAX_FIELDS);
  return (
    <dl className="facts sync-fields">
      {shown.map(([field, change]) => (
        <div key={field} className="sync-fields__row">
          <dt>{fieldName(row.type, field)}</dt>
          <dd>
            {formatFieldValue(row.type, field, change.to)}
            {created ? null : (
              <span className="muted">（原为 {formatFieldValue(row.type, field, change.from)}）</span>
            )}
          </dd>
        </div>
      ))}
      {fields.length > shown.length ? (
        <div className="sync-fields__row">
          <dt>…</dt>
          <dd className="muted">另有 {fields.length - shown.length} 项</dd>
        </div>
      ) : null}
    </dl>
  );
}

function RejectedItem({ item }: { item: RejectedChange }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const link = fixLinkOf(item)?.to ?? null;
  const resend = async () => {
    setBusy(true);
    await resendRejected(item.row.seq);
    setBusy(false);
    void requestSync('manual');
  };
  const discard = async () => {
    setBusy(true);
    await discardRejected(item.row.seq);
  };
  return (
    <li className="sync-item" data-testid="rejected-change">
      <h3 className="sync-item__title">{changeHeading(item)}</h3>
      <p className="form-error">被拒绝的原因：{item.row.error ?? '服务器拒绝了此修改'}</p>
      <ChangeDetails item={item} />
      <p className="muted">
        {formatDateTime(item.row.createdAt)} 记录。请先
        {link ? (
          <Link to={link} className="inline-link">
            {item.row.kind === 'record' && item.row.type !== 'visit' && item.latestVisitId
              ? '打开走访表修改该项'
              : '打开记录修改'}
          </Link>
        ) : (
          '修改记录'
        )}
        ，再点“修改后重新提交”；不需要这项修改时可以放弃。
      </p>
      <div className="form__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void resend()}
          disabled={busy}
        >
          修改后重新提交
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={() => setConfirming(true)}
          disabled={busy}
        >
          放弃此修改
        </button>
      </div>
      {confirming ? (
        <ConfirmDialog
          title="放弃此修改？"
          message="放弃后，本机将恢复为修改之前的内容，这项修改不会再提交到服务器。"
          confirmLabel="放弃此修改"
          busy={busy}
          onConfirm={() => void discard()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </li>
  );
}

/** Changes the server refused, with the reason in Chinese and what the user can do about each. */
export function RejectedList() {
  const items = useLiveQuery(listRejected, []);
  if (!items || items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="rejected-title">
      <h2 id="rejected-title" className="card__title">
        被拒绝的修改（{items.length}）
      </h2>
      <p className="muted">这些修改没有被服务器接受，不会自动重试。修改后可以重新提交，或者放弃。</p>
      <ul className="sync-list">
        {items.map((item) => (
          <RejectedItem key={item.row.seq} item={item} />
        ))}
      </ul>
    </section>
  );
}
