import { Link } from 'react-router';
import { visitStatusSchema } from '../../../shared/domain/visit';
import type { ServerRow } from '../../db/types';
import { formatDateTime } from '../../shell/format';
import { UNNAMED_HEAD } from '../households/household-display';
import { returnRequestOf, reviewNoteOf } from '../households/review-notes';
import type { DraftStatus } from './draft-buffer';
import { visitStatusLabel, type Editability, type SubmitState } from './editability';
import type { FormRecord } from './form-context';

function AutosaveStatus({ status, readOnly }: { status: DraftStatus; readOnly: boolean }) {
  let text: string;
  if (status.error) text = status.error;
  else if (status.saving) text = '正在保存…';
  else if (status.savedAt) text = `已自动保存到本机（${formatDateTime(status.savedAt)}）`;
  else text = readOnly ? '只读' : '每次修改都会自动保存到本机';
  return (
    <p
      className={status.error ? 'vf-autosave vf-autosave--error' : 'vf-autosave'}
      data-testid="autosave-status"
      role={status.error ? 'alert' : 'status'}
    >
      {text}
    </p>
  );
}

/** The reviewer's request and comments, shown on top of a form that was returned for correction. */
function ReturnedNotice({ household, comments }: { household: FormRecord; comments: readonly ServerRow[] }) {
  const request = returnRequestOf(household.data);
  const notes = comments.map(reviewNoteOf).filter((note) => note !== null);
  return (
    <section className="notice notice--warning vf-returned" aria-label="退回补正意见">
      <h2 className="vf-returned__title">本户已被退回补正，请按审核意见修改后重新完成走访</h2>
      {request.comments ? <p className="vf-returned__text">{request.comments}</p> : null}
      {request.items.length > 0 ? (
        <ul>
          {request.items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ) : null}
      {notes.map((note) => (
        <p key={note.id} className="vf-returned__text">
          <strong>{note.title}</strong> {note.author}：{note.text}
          <span className="muted">（{formatDateTime(note.at)}）</span>
        </p>
      ))}
    </section>
  );
}

export function VisitFormHeader(props: {
  household: FormRecord;
  visit: FormRecord;
  editability: Editability;
  submit: SubmitState;
  comments: readonly ServerRow[];
  status: DraftStatus;
}) {
  const headName =
    typeof props.household.data.headName === 'string' && props.household.data.headName.trim() !== ''
      ? props.household.data.headName
      : UNNAMED_HEAD;
  const status = visitStatusSchema.safeParse(props.visit.data.status);
  return (
    <>
      <header className="vf-header">
        <div className="vf-header__title">
          <p className="muted">走访调查表</p>
          <h1 className="vf-header__name">{headName}</h1>
        </div>
        <span className="vf-badge" data-testid="visit-status">
          {visitStatusLabel(status.success ? status.data : null, props.editability)}
        </span>
        <AutosaveStatus status={props.status} readOnly={!props.editability.editable} />
        <Link className="button" to={`/households/${props.household.target.id}`}>
          返回家庭页
        </Link>
      </header>
      {props.editability.returned ? (
        <ReturnedNotice household={props.household} comments={props.comments} />
      ) : null}
      {props.editability.lockedReason ? (
        <p className="notice" data-testid="read-only-notice">
          {props.editability.lockedReason}
        </p>
      ) : null}
      {props.submit.kind === 'rejected' ? (
        <p className="notice notice--warning" role="alert">
          上次提交未被服务器接受：{props.submit.reason}。请修改后重新完成走访。
        </p>
      ) : null}
    </>
  );
}
