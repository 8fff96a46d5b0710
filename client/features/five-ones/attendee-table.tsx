import { useState } from 'react';
import type { Attendee } from '../../../shared/domain/training';
import { ConfirmDialog } from '../../shell/confirm-dialog';
import { formatDateTime } from '../../shell/format';
import { SignatureImage } from '../capture/signature-image';
import { maskId } from './attendee-model';

interface AttendeeTableProps {
  attendees: readonly Attendee[];
  /** Validation messages per row (index), e.g. a duplicated ID number. */
  rowErrors?: (index: number) => string[];
  onRemove?(index: number): void;
}

/** Who signed in, in order; ID numbers are masked (sensitive personal information). */
export function AttendeeTable({ attendees, rowErrors, onRemove }: AttendeeTableProps) {
  const [removing, setRemoving] = useState<number | null>(null);
  if (attendees.length === 0) return <p className="muted">还没有人签到。</p>;
  const target = removing === null ? undefined : attendees[removing];
  return (
    <>
      <table className="data-table" aria-label="参训人员名单">
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">姓名</th>
            <th scope="col">单位</th>
            <th scope="col">身份证号</th>
            <th scope="col">签到时间</th>
            <th scope="col">签名</th>
            {onRemove ? <th scope="col">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {attendees.map((attendee, index) => {
            const errors = rowErrors?.(index) ?? [];
            return (
              <tr key={`${attendee.signedAt}-${index}`}>
                <td>{index + 1}</td>
                <td>{attendee.name}</td>
                <td>{attendee.unit}</td>
                <td>
                  {attendee.idNumber ? maskId(attendee.idNumber) : '—'}
                  {errors.map((message) => (
                    <span key={message} className="field-error data-table__error">
                      {message}
                    </span>
                  ))}
                </td>
                <td>{formatDateTime(attendee.signedAt)}</td>
                <td>
                  {attendee.signatureSha ? (
                    <SignatureImage sha256={attendee.signatureSha} alt={`${attendee.name}的签名`} />
                  ) : (
                    <span className="muted">未签名</span>
                  )}
                </td>
                {onRemove ? (
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={`移除${attendee.name}`}
                      onClick={() => setRemoving(index)}
                    >
                      移除
                    </button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {target && removing !== null && onRemove ? (
        <ConfirmDialog
          title="移除参训人员"
          message={`确定把 ${target.name} 从签到名单中移除吗？`}
          confirmLabel="移除"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            onRemove(removing);
            setRemoving(null);
          }}
        />
      ) : null}
    </>
  );
}
