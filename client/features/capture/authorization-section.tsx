import { useEffect, useRef, useState } from 'react';
import { missingSignatures, type MissingSignature } from '../../../shared/domain/authorization';
import type { Signature } from '../../../shared/domain/visit';
import { todayInChina } from '../../../shared/validation/clock';
import { findAttachment, removeAttachment, storeSignature, AUTHORIZATION_ITEM_ID } from '../../db/blobs';
import { formatDateTime } from '../../shell/format';
import { AuthorizationText } from './authorization-text';
import { captureErrorMessage } from './capture-errors';
import { SignatureImage } from './signature-image';
import {
  guardianChoices,
  signatureFor,
  signerSlots,
  straySignatures,
  withSignature,
  type SignatoryMember,
  type SignerSlot,
} from './signers-model';
import { SigningPanel, type DrawnSignature } from './signing-panel';
import './capture.css';

export interface AuthorizationSectionProps {
  visitId: string;
  householdId: string;
  /** The household's unit: signature images are recorded there. */
  unitId: string;
  /** The household's data; only the head's name is read. */
  household: { headName?: string | null };
  /** Members other than the head: id, name and birth date decide who signs and who needs a guardian. */
  members: readonly SignatoryMember[];
  value: readonly Signature[] | null | undefined;
  /** `complete`: every required signature is there (the checklist's 核对承诺授权书 item can be ticked). */
  onChange(signatures: Signature[], complete: boolean): void;
  readOnly?: boolean;
}

function missingLabel(missing: MissingSignature): string {
  if (missing.role === 'head') return `户主${missing.name}`;
  if (missing.role === 'adult') return `家庭成员${missing.name}`;
  return `未成年人${missing.name}的监护人`;
}

function slotLabel(slot: SignerSlot): string {
  if (slot.role === 'head') return `户主 ${slot.name || '（未填写姓名）'}`;
  if (slot.role === 'adult') return `家庭成员 ${slot.name || '（未填写姓名）'}`;
  return `未成年人 ${slot.minorName || '（未填写姓名）'} 的监护人`;
}

/**
 * The verification authorization (家庭经济状况核对承诺授权书): the text, then a signature from the head
 * of household and each adult member and a guardian's for each minor, each kept as a PNG attachment.
 */
export function AuthorizationSection(props: AuthorizationSectionProps) {
  const { visitId, householdId, unitId, members, onChange, readOnly = false } = props;
  const signatures: readonly Signature[] = props.value ?? [];
  const latest = useRef<readonly Signature[]>(signatures);
  useEffect(() => {
    latest.current = props.value ?? [];
  }, [props.value]);
  const [signing, setSigning] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const headName = props.household.headName?.trim() ?? '';
  const today = todayInChina();
  const slots = signerSlots(headName, members, today);
  const missingWith = (list: readonly Signature[]) =>
    missingSignatures({
      headName: headName || '（未填写姓名）',
      members: members.map((m) => ({
        id: m.id,
        name: m.name?.trim() || '（未填写姓名）',
        birthDate: m.birthDate,
      })),
      signatures: list,
      today,
    });
  const missing = missingWith(signatures);
  const stray = straySignatures(slots, signatures);

  const commit = (next: Signature[]) => {
    latest.current = next;
    onChange(next, missingWith(next).length === 0);
  };

  /** Deletes a signature image nothing points to any more. */
  const dropImage = async (sha256: string) => {
    if (latest.current.some((s) => s.attachmentSha === sha256)) return;
    const attachment = await findAttachment({ visitId, sha256, checklistItemId: AUTHORIZATION_ITEM_ID });
    if (attachment) await removeAttachment(attachment.id);
  };

  const save = async (slot: SignerSlot, drawn: DrawnSignature) => {
    setBusy(true);
    setError(null);
    try {
      const stored = await storeSignature(drawn.png, { householdId, visitId, unitId });
      const old = signatureFor(slot, latest.current);
      const signature: Signature = {
        memberId: drawn.memberId,
        signerName: drawn.signerName,
        role: slot.role,
        ...(slot.role === 'guardian' ? { minorName: slot.minorName ?? null } : {}),
        signedAt: new Date().toISOString(),
        attachmentSha: stored.sha256,
      };
      commit(withSignature(latest.current, slot, signature));
      setSigning(null);
      if (old && old.attachmentSha !== stored.sha256) await dropImage(old.attachmentSha);
    } catch (failure) {
      setError(captureErrorMessage(failure, '签名保存失败，请重试'));
    } finally {
      setBusy(false);
    }
  };

  const removeStray = async (signature: Signature) => {
    commit(latest.current.filter((s) => s !== signature));
    await dropImage(signature.attachmentSha);
  };

  return (
    <section className="capture-section" aria-label="核对承诺授权书">
      <h3 className="capture-section__title">家庭经济状况核对承诺授权书</h3>
      <AuthorizationText />
      <ul className="signers">
        {slots.map((slot) => {
          const signed = signatureFor(slot, signatures);
          const nameMissing = slot.role === 'guardian' ? !slot.minorName : !slot.name;
          return (
            <li key={slot.key} className="signer" data-signer={slot.key}>
              <div className="signer__row">
                <span className="signer__who">{slotLabel(slot)}</span>
                {signed ? (
                  <span className="signer__status signer__status--done">
                    <SignatureImage sha256={signed.attachmentSha} alt={`${signed.signerName}的签名`} />
                    已签名：{signed.signerName}（{formatDateTime(signed.signedAt)}）
                  </span>
                ) : (
                  <span className="signer__status">{nameMissing ? '请先在表中填写姓名' : '未签名'}</span>
                )}
                {readOnly || nameMissing || signing === slot.key ? null : (
                  <button
                    type="button"
                    className={signed ? 'button' : 'button button--primary'}
                    disabled={busy}
                    onClick={() => {
                      setError(null);
                      setSigning(slot.key);
                    }}
                  >
                    {signed ? '重新签名' : '签名'}
                  </button>
                )}
              </div>
              {signing === slot.key && !readOnly ? (
                <SigningPanel
                  slot={slot}
                  guardians={guardianChoices(slots)}
                  busy={busy}
                  error={error}
                  onError={setError}
                  onCancel={() => {
                    setError(null);
                    setSigning(null);
                  }}
                  onConfirm={(drawn) => void save(slot, drawn)}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      {stray.length > 0 ? (
        <div className="notice notice--warning">
          <p>以下签名已不对应现有家庭成员：</p>
          <ul className="signers-stray">
            {stray.map((signature) => (
              <li key={`${signature.attachmentSha}-${signature.signedAt}`}>
                {signature.signerName}（{formatDateTime(signature.signedAt)}）
                {readOnly ? null : (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void removeStray(signature)}
                  >
                    移除
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p
        className={missing.length > 0 ? 'checklist-missing' : 'checklist-missing checklist-missing--done'}
        role="status"
      >
        {missing.length > 0 ? `还需签名：${missing.map(missingLabel).join('、')}` : '签名已齐全'}
      </p>
    </section>
  );
}
