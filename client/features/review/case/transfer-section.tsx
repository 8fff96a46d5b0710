import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../../shared/roles';
import type { OrgUnit } from '../../../../shared/org/api';
import { getTransferTargets, transferCase } from '../../admin/units/units-api';
import { UnitSelect } from '../../admin/units/unit-select';
import { failureMessage } from '../api/review-api';

/** Who transfers a case on its page (the server also lets the administrator, who has no case page). */
export const CASE_TRANSFER_ROLES: readonly Role[] = [ROLES.townshipStaff, ROLES.countyStaff];

/**
 * 转移: the household moved (to another grid, township…): a recorded transfer to a unit within the caller's
 * scope. The old grid worker's tablet drops the household at its next sync, the new one receives it.
 */
export function TransferSection({
  caseId,
  unitId,
  onDone,
}: {
  caseId: string;
  unitId: string;
  onDone: (notice: string) => void;
}) {
  const [targets, setTargets] = useState<OrgUnit[] | null>(null);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function open(): void {
    setError(null);
    getTransferTargets().then(
      ({ units }) => {
        const usable = units.filter((u) => u.id !== unitId && u.level !== 'county');
        setTargets(usable);
        setTarget(usable.find((u) => u.level === 'grid')?.id ?? usable[0]?.id ?? '');
      },
      (failure: unknown) => setError(failureMessage(failure)),
    );
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    setBusy(true);
    setError(null);
    transferCase(caseId, { targetUnitId: target, reason }).then(
      (reply) => {
        setBusy(false);
        setTargets(null);
        setReason('');
        onDone(`已转移至${reply.toUnitName}：原网格员的平板同步后不再保留这户档案，新单位同步后收到`);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failureMessage(failure));
      },
    );
  }

  return (
    <section className="card" aria-labelledby="transfer-title">
      <h2 className="card__title" id="transfer-title">
        转移
      </h2>
      {targets === null ? (
        <>
          <p className="review-hint">家庭搬到其他网格或乡镇时，把档案连同走访、照片和办理记录转给新单位。</p>
          <button type="button" className="button" onClick={open}>
            转移到其他单位
          </button>
        </>
      ) : (
        <form onSubmit={submit}>
          <div className="field">
            <label className="field__label" htmlFor="transfer-target">
              转入单位
            </label>
            <UnitSelect id="transfer-target" units={targets} value={target} onChange={setTarget} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="transfer-reason">
              转移原因
            </label>
            <input
              id="transfer-reason"
              className="field__input"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <div className="review-page__actions">
            <button type="submit" className="button button--primary" disabled={busy || !target}>
              {busy ? '正在转移…' : '确认转移'}
            </button>
            <button type="button" className="button" onClick={() => setTargets(null)}>
              取消
            </button>
          </div>
        </form>
      )}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
