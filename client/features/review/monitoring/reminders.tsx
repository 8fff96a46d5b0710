import { useState } from 'react';
import type { Reminder } from '../../../../shared/monitoring';
import { formatDateTime } from '../../../shell/format';
import { useResource } from '../api/use-resource';
import { acknowledgeReminder, listReminders, sendReminder } from './monitoring-api';

/**
 * 督办提醒 on the office screens: the receiving unit's inbox (on the work queue, until acknowledged) and the
 * sending side on the data monitoring screen (a reminder to a lagging unit, with what was sent before).
 */

/** Reminders sent to the signed-in user's unit that nobody there has acknowledged yet; nothing when none. */
export function ReminderInbox() {
  const [list, reload] = useResource('reminders', listReminders);
  const [error, setError] = useState<string | null>(null);
  if (list.status !== 'ready') return null;
  const open = list.data.received.filter((r) => r.acknowledgedAt === null);
  if (open.length === 0) return null;
  const acknowledge = async (id: string) => {
    setError(null);
    try {
      await acknowledgeReminder(id);
      reload();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : '操作失败，请稍后再试');
    }
  };
  return (
    <section className="notice notice--warning" aria-label="督办提醒">
      <strong>督办提醒（{open.length} 条未读）</strong>
      <ul className="review-plain-list">
        {open.map((reminder) => (
          <li key={reminder.id}>
            <span>
              {reminder.fromUnitName} {reminder.fromUserName}（{formatDateTime(reminder.sentAt)}）：
              {reminder.message}
            </span>{' '}
            <button type="button" className="button" onClick={() => void acknowledge(reminder.id)}>
              已知悉
            </button>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function lastSentTo(sent: readonly Reminder[], unitId: string): Reminder | undefined {
  return sent.find((r) => r.toUnitId === unitId);
}

/** The 督办提醒 cell of a lagging unit's row: what was sent last and a form to send another. */
export function RemindUnit({
  unitId,
  unitName,
  reasons,
  sent,
  onSent,
}: {
  unitId: string;
  unitName: string;
  reasons: readonly string[];
  sent: readonly Reminder[];
  onSent: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const last = lastSentTo(sent, unitId);
  const start = () => {
    setMessage(`${unitName}：${reasons.join('；')}。请尽快核查处理，并按时完成帮扶资金发放和走访。`);
    setError(null);
    setOpen(true);
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await sendReminder(unitId, message);
      setOpen(false);
      onSent();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : '发送失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      {last ? (
        <p className="muted">
          已于 {formatDateTime(last.sentAt)} 提醒
          {last.acknowledgedAt ? `，${last.acknowledgedByName ?? ''}已知悉` : '，对方尚未知悉'}
        </p>
      ) : null}
      {open ? (
        <div className="form">
          <label className="field__label" htmlFor={`remind-${unitId}`}>
            提醒内容
          </label>
          <textarea
            id={`remind-${unitId}`}
            className="field__input"
            rows={3}
            value={message}
            onChange={(event) => setMessage(event.target.value)}
          />
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setOpen(false)} disabled={busy}>
              取消
            </button>
            <button
              type="button"
              className="button button--primary"
              onClick={() => void submit()}
              disabled={busy}
            >
              {busy ? '正在发送…' : '发送提醒'}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button" onClick={start}>
          督办提醒
        </button>
      )}
    </div>
  );
}
