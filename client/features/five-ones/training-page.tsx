import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { validateDraft, validateFinal, type ValidationIssue } from '../../../shared/domain/records';
import type { Attendee } from '../../../shared/domain/training';
import { todayInChina } from '../../../shared/validation/clock';
import { releaseBlob, storeImage } from '../../db/blobs';
import { deleteRecord } from '../../db/records';
import { ConfirmDialog } from '../../shell/confirm-dialog';
import { captureErrorMessage } from '../capture/capture-errors';
import { PhotoPicker } from '../capture/photo-picker';
import { PhotoThumbnails } from '../capture/photo-thumbnails';
import { AttendeeForm } from './attendee-form';
import { readAttendees, readShas } from './attendee-model';
import { AttendeeTable } from './attendee-table';
import { FieldErrors, issuesAt, SaveStatus, TextField } from './form-fields';
import { MissingRecord } from './missing-record';
import { useRecordDraft } from './use-record-draft';
import './five-ones.css';

/** Photos one training may keep (the schema's limit). */
const MAX_TRAINING_PHOTOS = 50;

type Outcome = { ok: true } | { ok: false; issues: ValidationIssue[] } | null;

/** One policy training (政策培训): details, attendees signed in on the tablet, photos; autosaved. */
export function TrainingPage() {
  const { id = '' } = useParams();
  // A fresh editor per record: edits kept on screen must never carry over to another record.
  return <TrainingEditor key={id} id={id} />;
}

function TrainingEditor({ id }: { id: string }) {
  const navigate = useNavigate();
  const draft = useRecordDraft('training', id);
  const [photoBusy, setPhotoBusy] = useState(false);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [deleting, setDeleting] = useState(false);

  if (draft.status === 'loading') return <p className="muted">正在读取…</p>;
  if (draft.status === 'missing') return <MissingRecord what="培训记录" back="/five-ones/trainings" />;

  const { data, setFields, flush } = draft;
  const attendees = readAttendees(data.attendees);
  const photos = readShas(data.photoShas);
  const today = todayInChina();
  const check = validateDraft('training', data, { today });
  const issues = check.ok ? [] : check.issues;
  const edit = (key: string) => (value: string) => {
    setOutcome(null);
    setFields({ [key]: value });
  };
  const blur = () => void flush();

  const addAttendee = (attendee: Attendee) => {
    setOutcome(null);
    setFields({ attendees: [...attendees, attendee] }, { immediate: true });
  };
  const removeAttendee = async (index: number) => {
    const removed = attendees[index];
    setFields({ attendees: attendees.filter((_, i) => i !== index) }, { immediate: true });
    await flush();
    if (removed?.signatureSha) await releaseBlob(removed.signatureSha);
  };

  const addPhotos = async (files: File[]) => {
    setPhotoBusy(true);
    setPhotoError(null);
    let current = photos;
    try {
      for (const file of files) {
        if (current.length >= MAX_TRAINING_PHOTOS) {
          setPhotoError(`每次培训最多 ${MAX_TRAINING_PHOTOS} 张照片`);
          break;
        }
        const stored = await storeImage(file);
        if (!current.includes(stored.sha256)) current = [...current, stored.sha256];
        setFields({ photoShas: current }, { immediate: true });
      }
    } catch (error) {
      setPhotoError(captureErrorMessage(error, '照片保存失败，请重试'));
    } finally {
      setPhotoBusy(false);
    }
  };
  const removePhoto = async (sha256: string) => {
    setFields({ photoShas: photos.filter((s) => s !== sha256) }, { immediate: true });
    await flush();
    await releaseBlob(sha256);
  };

  const finish = async () => {
    await flush();
    const result = validateFinal('training', data, { today });
    setOutcome(result.ok ? { ok: true } : { ok: false, issues: result.issues });
  };

  const remove = async () => {
    await deleteRecord('training', id);
    for (const sha of [...photos, ...attendees.flatMap((a) => (a.signatureSha ? [a.signatureSha] : []))]) {
      await releaseBlob(sha);
    }
    void navigate('/five-ones/trainings', { replace: true });
  };

  return (
    <div className="five-ones-page">
      <div className="five-ones-page__head">
        <Link to="/five-ones/trainings" className="inline-link">
          ← 培训列表
        </Link>
        <h1 className="five-ones-page__title">政策培训</h1>
        <SaveStatus save={draft.save} />
      </div>

      <section className="card" aria-label="培训信息">
        <h2 className="card__title">培训信息</h2>
        <div className="form-grid">
          <TextField
            label="培训日期"
            type="date"
            max={today}
            value={data.date}
            errors={issuesAt(issues, 'date')}
            onValue={edit('date')}
            onBlur={blur}
          />
          <TextField
            label="培训地点"
            value={data.place}
            maxLength={100}
            errors={issuesAt(issues, 'place')}
            onValue={edit('place')}
            onBlur={blur}
          />
          <TextField
            label="培训主题"
            value={data.topic}
            maxLength={100}
            errors={issuesAt(issues, 'topic')}
            onValue={edit('topic')}
            onBlur={blur}
          />
          <TextField
            label="授课人"
            value={data.trainer}
            maxLength={30}
            errors={issuesAt(issues, 'trainer')}
            onValue={edit('trainer')}
            onBlur={blur}
          />
        </div>
      </section>

      <section className="card" aria-label="参训人员">
        <h2 className="card__title">参训人员签到（{attendees.length} 人）</h2>
        <AttendeeForm attendees={attendees} onAdd={addAttendee} />
        <AttendeeTable
          attendees={attendees}
          rowErrors={(index) => issuesAt(issues, `attendees.${index}`)}
          onRemove={(index) => void removeAttendee(index)}
        />
      </section>

      <section className="card" aria-label="培训照片">
        <h2 className="card__title">培训照片（{photos.length} 张）</h2>
        <div>
          <PhotoPicker
            label="拍摄培训照片"
            text="拍照 / 选择照片"
            busy={photoBusy}
            onFiles={(files) => void addPhotos(files)}
          />
        </div>
        <PhotoThumbnails shas={photos} subject="培训" onRemove={(sha) => void removePhoto(sha)} />
        {photoError ? (
          <p className="field-error" role="alert">
            {photoError}
          </p>
        ) : null}
        <FieldErrors messages={issuesAt(issues, 'photoShas')} />
      </section>

      <section className="card" aria-label="完成培训记录">
        <div className="five-ones-actions">
          <button type="button" className="button" onClick={() => setDeleting(true)}>
            删除此培训
          </button>
          <button type="button" className="button button--primary" onClick={() => void finish()}>
            完成
          </button>
        </div>
        {outcome?.ok ? (
          <p className="notice notice--ok" role="status">
            培训记录资料齐全，已保存在本机，联网后会自动同步。
          </p>
        ) : null}
        {outcome && !outcome.ok ? (
          <div className="form-error" role="alert">
            <p>还不能完成，请补充：</p>
            <ul>
              {outcome.issues.map((issue) => (
                <li key={`${issue.path}-${issue.message}`}>{issue.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {deleting ? (
        <ConfirmDialog
          title="删除培训记录"
          message="删除后签到名单和照片都会一并删除，确定吗？"
          confirmLabel="删除"
          onCancel={() => setDeleting(false)}
          onConfirm={() => void remove()}
        />
      ) : null}
    </div>
  );
}
