import { useRef, useState } from 'react';
import type { Attendee } from '../../../shared/domain/training';
import { todayInChina } from '../../../shared/validation/clock';
import { putBlob } from '../../db/blobs';
import { captureErrorMessage } from '../capture/capture-errors';
import { SignatureCanvas, type SignatureCanvasHandle } from '../capture/signature-canvas';
import { attendeeProblems, toAttendee, type AttendeeInput, type AttendeeProblems } from './attendee-model';
import { TextField } from './form-fields';

interface AttendeeFormProps {
  attendees: readonly Attendee[];
  onAdd(attendee: Attendee): void;
}

const EMPTY: AttendeeInput = { name: '', unit: '', idNumber: '' };

/**
 * Sign-in of one attendee on the tablet: name, unit, optional ID number and optional signature. The unit
 * stays filled for the next person, since colleagues usually arrive together.
 */
export function AttendeeForm({ attendees, onAdd }: AttendeeFormProps) {
  const [input, setInput] = useState<AttendeeInput>(EMPTY);
  const [problems, setProblems] = useState<AttendeeProblems>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pad = useRef<SignatureCanvasHandle>(null);
  const nameField = useRef<HTMLInputElement>(null);

  const change = (key: keyof AttendeeInput) => (value: string) => {
    setInput((current) => ({ ...current, [key]: value }));
    setProblems((current) => ({ ...current, [key]: undefined }));
  };

  const signIn = async () => {
    const found = attendeeProblems(input, attendees, todayInChina());
    setProblems(found);
    setFailure(null);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    try {
      const png = await pad.current?.toPng();
      const signature = png ? await putBlob(png) : null;
      onAdd(toAttendee(input, new Date().toISOString(), signature?.sha256 ?? null));
      setInput({ ...EMPTY, unit: input.unit });
      pad.current?.clear();
      nameField.current?.focus();
    } catch (error) {
      setFailure(captureErrorMessage(error, '签到保存失败，请重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="attendee-form" role="group" aria-label="参训人员签到">
      <div className="attendee-form__fields">
        <TextField
          ref={nameField}
          label="姓名"
          value={input.name}
          maxLength={30}
          autoComplete="off"
          errors={problems.name ? [problems.name] : []}
          onValue={change('name')}
        />
        <TextField
          label="单位"
          value={input.unit}
          maxLength={100}
          autoComplete="off"
          errors={problems.unit ? [problems.unit] : []}
          onValue={change('unit')}
        />
        <TextField
          label="身份证号（选填）"
          value={input.idNumber}
          maxLength={18}
          autoComplete="off"
          inputMode="text"
          errors={problems.idNumber ? [problems.idNumber] : []}
          onValue={change('idNumber')}
        />
      </div>
      <p className="field__label">本人签名（选填）</p>
      <SignatureCanvas ref={pad} label="参训人员签名区" />
      {failure ? (
        <p className="field-error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="attendee-form__actions">
        <button type="button" className="button" onClick={() => pad.current?.clear()} disabled={busy}>
          清除签名
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void signIn()}
          disabled={busy}
        >
          {busy ? '正在保存…' : '签到'}
        </button>
      </div>
    </div>
  );
}
