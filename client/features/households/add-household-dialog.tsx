import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { personNameSchema } from '../../../shared/domain/common-fields';
import { ENTRY_CHANNEL_LABELS } from '../../../shared/loop/stages';
import { todayInChina } from '../../../shared/validation/clock';
import { useCurrentUser } from '../../auth/use-session';
import { createHouseholdOnTheSpot } from './household-actions';

/**
 * Registers a household the worker found on a visit (基层工会走访发现) in the worker's own grid and opens its
 * visit form. Only the head's name is asked here; everything else is on the form.
 */
export function AddHouseholdDialog({ onClose }: { onClose(): void }) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [headName, setHeadName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const name = personNameSchema.safeParse(headName);
    if (!name.success) {
      setError(headName.trim() === '' ? '请填写户主姓名' : '户主姓名不能超过30个字');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { visitId } = await createHouseholdOnTheSpot({
        unitId: user.unitId,
        headName: name.data,
        visitorName: user.displayName,
        today: todayInChina(),
      });
      navigate(`/visits/${visitId}`);
    } catch (failure) {
      setError(`未能新增家庭：${failure instanceof Error ? failure.message : String(failure)}`);
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="add-household-title"
        onSubmit={(event) => void submit(event)}
      >
        <h2 id="add-household-title" className="dialog__title">
          现场新增家庭
        </h2>
        <p className="dialog__message muted">
          申报渠道：{ENTRY_CHANNEL_LABELS.grassroots_found}。新家庭登记在 {user.unitName}
          ，随后直接填写走访调查表。
        </p>
        <label className="field">
          <span className="field__label">户主姓名</span>
          <input
            ref={input}
            className="field__input"
            value={headName}
            maxLength={30}
            autoComplete="off"
            onChange={(event) => setHeadName(event.target.value)}
          />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            新建并开始走访
          </button>
        </div>
      </form>
    </div>
  );
}
