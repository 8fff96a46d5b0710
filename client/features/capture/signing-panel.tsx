import { useId, useRef, useState } from 'react';
import { SIGNER_ROLE_LABELS } from '../../../shared/domain/visit';
import { SignatureCanvas, type SignatureCanvasHandle } from './signature-canvas';
import type { SignerSlot } from './signers-model';

/** Who signed, as the panel hands it back together with the drawing. */
export interface DrawnSignature {
  png: Blob;
  memberId: string | null;
  signerName: string;
}

interface SigningPanelProps {
  slot: SignerSlot;
  /** For a guardian slot: the head and adult members who may sign for the minor. */
  guardians: readonly { memberId: string | null; name: string }[];
  busy: boolean;
  error: string | null;
  onConfirm(signature: DrawnSignature): void;
  onError(message: string): void;
  onCancel(): void;
}

const OTHER = 'other';

/** The pad for one signer; a guardian is chosen among the adults of the household or typed in. */
export function SigningPanel({
  slot,
  guardians,
  busy,
  error,
  onConfirm,
  onError,
  onCancel,
}: SigningPanelProps) {
  const pad = useRef<SignatureCanvasHandle>(null);
  const ids = useId();
  const [guardian, setGuardian] = useState(guardians.length > 0 ? '0' : OTHER);
  const [otherName, setOtherName] = useState('');

  const signer = (): { memberId: string | null; signerName: string } => {
    if (slot.role !== 'guardian') return { memberId: slot.memberId, signerName: slot.name };
    if (guardian === OTHER) return { memberId: null, signerName: otherName.trim() };
    const chosen = guardians[Number(guardian)];
    return { memberId: chosen?.memberId ?? null, signerName: chosen?.name ?? '' };
  };

  const confirm = async () => {
    const who = signer();
    if (!who.signerName) return onError('请填写监护人姓名');
    if (who.signerName.length > 30) return onError('监护人姓名不能超过30个字');
    const png = await pad.current?.toPng();
    if (!png) return onError('请先在签名区内签名');
    onConfirm({ png, ...who });
  };

  const title =
    slot.role === 'guardian'
      ? `为未成年人${slot.minorName ?? ''}签名（监护人）`
      : `${SIGNER_ROLE_LABELS[slot.role]}${slot.name}签名`;
  return (
    <div className="signing-panel" role="group" aria-label={title}>
      <p className="signing-panel__title">{title}</p>
      {slot.role === 'guardian' ? (
        <div className="signing-panel__guardian">
          <div className="field">
            <label className="field__label" htmlFor={`${ids}-guardian`}>
              监护人
            </label>
            <select
              id={`${ids}-guardian`}
              className="field__input"
              value={guardian}
              onChange={(event) => setGuardian(event.target.value)}
              disabled={busy}
            >
              {guardians.map((g, index) => (
                <option key={`${g.memberId ?? 'head'}-${index}`} value={String(index)}>
                  {g.name}
                </option>
              ))}
              <option value={OTHER}>其他监护人</option>
            </select>
          </div>
          {guardian === OTHER ? (
            <div className="field">
              <label className="field__label" htmlFor={`${ids}-other`}>
                监护人姓名
              </label>
              <input
                id={`${ids}-other`}
                className="field__input"
                value={otherName}
                maxLength={30}
                onChange={(event) => setOtherName(event.target.value)}
                disabled={busy}
              />
            </div>
          ) : null}
        </div>
      ) : null}
      <SignatureCanvas ref={pad} label={`${slot.role === 'guardian' ? '监护人' : slot.name}的签名区`} />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="signing-panel__actions">
        <button type="button" className="button" onClick={() => pad.current?.clear()} disabled={busy}>
          清除重签
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          取消
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void confirm()}
          disabled={busy}
        >
          {busy ? '正在保存…' : '确认签名'}
        </button>
      </div>
    </div>
  );
}
