import { Link } from 'react-router';
import {
  APPLICANT_KIND_LABELS,
  applicantKindSchema,
  missingChecklistItems,
  type ChecklistEntry,
} from '../../../shared/domain/checklist';
import { RELATION_LABELS, relationSchema } from '../../../shared/domain/person-codes';
import { fieldLabel, recordTypeSchema } from '../../../shared/domain/records';
import { visitStatusSchema } from '../../../shared/domain/visit';
import type { LoopStage } from '../../../shared/loop/stages';
import { formatFen } from '../../../shared/validation/money';
import type { ConflictRow, LocalRecord, RecordData, ServerRow } from '../../db/types';
import { formatDateTime } from '../../shell/format';
import { maskIdNumber } from './household-display';
import { returnRequestOf, reviewNoteOf } from './review-notes';
import { visitEditability, visitStatusLabel, type SubmitState } from '../visit-form/editability';

function text(data: RecordData, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function MembersTable({ members }: { members: readonly LocalRecord[] }) {
  if (members.length === 0) return <p className="muted">未登记户主以外的家庭成员。</p>;
  return (
    <table className="hh-table">
      <thead>
        <tr>
          <th>姓名</th>
          <th>与户主关系</th>
          <th>身份证号</th>
          <th>出生日期</th>
          <th>月收入</th>
        </tr>
      </thead>
      <tbody>
        {members.map((member) => {
          const relation = relationSchema.safeParse(member.data.relation);
          const idNumber = text(member.data, 'idNumber');
          const income = member.data.monthlyIncomeFen;
          return (
            <tr key={member.id}>
              <td>{text(member.data, 'name') ?? '（未填写）'}</td>
              <td>{relation.success ? RELATION_LABELS[relation.data] : '—'}</td>
              <td>{idNumber ? maskIdNumber(idNumber) : '—'}</td>
              <td>{text(member.data, 'birthDate') ?? '—'}</td>
              <td>{typeof income === 'number' ? formatFen(income) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function VisitHistory({
  visits,
  stage = null,
  latestSubmit = { kind: 'none' },
}: {
  visits: readonly LocalRecord[];
  /** The case's stage and the latest visit's submission: a reopened latest visit is not 已定稿. */
  stage?: LoopStage | null;
  latestSubmit?: SubmitState;
}) {
  if (visits.length === 0) return <p className="muted">还没有走访记录。</p>;
  return (
    <ul className="hh-visits">
      {visits.map((visit, index) => {
        const status = visitStatusSchema.safeParse(visit.data.status);
        const editability = visitEditability({
          visitStatus: visit.data.status,
          stage,
          isLatestVisit: index === 0,
          submit: index === 0 ? latestSubmit : { kind: 'none' },
        });
        const kind = applicantKindSchema.safeParse(visit.data.applicantKind);
        return (
          <li key={visit.id} className="hh-visits__item">
            <span className="hh-visits__date">{text(visit.data, 'visitDate') ?? '未填日期'}</span>
            <span>{text(visit.data, 'visitorName') ?? ''}</span>
            <span className="hh-badge">
              {visitStatusLabel(status.success ? status.data : null, editability)}
            </span>
            <span className="muted">{kind.success ? APPLICANT_KIND_LABELS[kind.data] : ''}</span>
            {visit.pending === 1 ? <span className="hh-badge hh-badge--pending">未同步</span> : null}
            <Link to={`/visits/${visit.id}`} className="inline-link">
              {editability.editable ? '继续填写' : '查看'}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** The materials checklist (附件1) of the latest visit: complete, or what is still missing. */
export function ChecklistStatus({ visit }: { visit: LocalRecord | undefined }) {
  if (!visit) return <p className="muted">还没有走访，材料清单尚未开始。</p>;
  const kind = applicantKindSchema.safeParse(visit.data.applicantKind);
  if (!kind.success) return <p className="muted">最近一次走访未选择申请人类型。</p>;
  const checklist = Array.isArray(visit.data.checklist) ? (visit.data.checklist as ChecklistEntry[]) : [];
  const missing = missingChecklistItems(kind.data, checklist);
  const photos = checklist.reduce((sum, entry) => sum + entry.attachmentShas.length, 0);
  return (
    <div data-testid="checklist-status">
      <p>
        {APPLICANT_KIND_LABELS[kind.data]}：已提供 {checklist.filter((e) => e.ticked).length} 项材料，照片{' '}
        {photos} 张。
      </p>
      {missing.length === 0 ? (
        <p className="hh-ok">材料齐全</p>
      ) : (
        <>
          <p className="hh-warn">还缺 {missing.length} 项：</p>
          <ul>
            {missing.map((item) => (
              <li key={item.groupId + item.label}>{item.label}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Reviewer comments and the return request, always as plain text. */
export function ReviewComments({
  household,
  comments,
}: {
  household: RecordData;
  comments: readonly ServerRow[];
}) {
  const request = returnRequestOf(household);
  const notes = comments.map(reviewNoteOf).filter((note) => note !== null);
  if (!request.comments && request.items.length === 0 && notes.length === 0) {
    return <p className="muted">暂无审核意见。</p>;
  }
  return (
    <div className="hh-comments">
      {request.comments || request.items.length > 0 ? (
        <div className="notice notice--warning">
          <p>退回补正：{request.comments ?? ''}</p>
          {request.items.length > 0 ? (
            <ul>
              {request.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {notes.map((note) => (
        <p key={note.id} className="hh-comment">
          <strong>{note.title}</strong> {note.author}：{note.text}
          <span className="muted">（{formatDateTime(note.at)}）</span>
        </p>
      ))}
    </div>
  );
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Fields both this tablet and someone else changed differently; the sync screens resolve them. */
export function ConflictList({ conflicts }: { conflicts: readonly ConflictRow[] }) {
  if (conflicts.length === 0) return null;
  return (
    <ul className="hh-conflicts" data-testid="household-conflicts">
      {conflicts.map((conflict) => {
        const field = typeof conflict.data.field === 'string' ? conflict.data.field : '';
        const type = recordTypeSchema.safeParse(conflict.data.recordType ?? conflict.type);
        const label =
          field === '$deleted' ? '删除记录' : ((type.success ? fieldLabel(type.data, field) : null) ?? field);
        return (
          <li key={conflict.id}>
            <strong>{label}</strong>：服务器为“{shown(conflict.data.serverValue)}”，本机为“
            {shown(conflict.data.clientValue)}”
          </li>
        );
      })}
    </ul>
  );
}
