import { useState } from 'react';
import type { SyncedRecord } from '../../../../shared/sync/protocol';
import { HOUSEHOLD_FIELD_LABELS, isCaseField } from '../../../../shared/domain/household';
import { MEMBER_FIELD_LABELS } from '../../../../shared/domain/member';
import { formatFieldValue } from '../format/values';

/** Keys the header already shows or that only link records. */
const NOT_IN_FILE: ReadonlySet<string> = new Set(['unitId']);

export const HOUSEHOLD_FILE_FIELDS = (
  Object.keys(HOUSEHOLD_FIELD_LABELS) as (keyof typeof HOUSEHOLD_FIELD_LABELS)[]
).filter((field) => !isCaseField(field) && !NOT_IN_FILE.has(field));

/** The columns of the members table (the rest of a member's fields are in its row's details). */
export const MEMBER_COLUMNS = [
  'name',
  'relation',
  'idNumber',
  'sex',
  'birthDate',
  'monthlyIncomeFen',
  'health',
  'workStatus',
] as const;
const MEMBER_DETAIL_FIELDS = (
  Object.keys(MEMBER_FIELD_LABELS) as (keyof typeof MEMBER_FIELD_LABELS)[]
).filter((field) => field !== 'householdId' && !(MEMBER_COLUMNS as readonly string[]).includes(field));

function RevealButton({ reveal, onToggle }: { reveal: boolean; onToggle(): void }) {
  return (
    <button type="button" className="button review-reveal" aria-pressed={reveal} onClick={onToggle}>
      {reveal ? '隐藏完整身份证号' : '显示完整身份证号'}
    </button>
  );
}

/** 家庭档案: the household file as the grid worker and the reviewers filled it (labels from shared/domain). */
export function HouseholdSection({ household }: { household: SyncedRecord }) {
  const [reveal, setReveal] = useState(false);
  return (
    <section className="card" aria-labelledby="review-household-title">
      <div className="review-card-head">
        <h2 className="card__title" id="review-household-title">
          家庭档案
        </h2>
        <RevealButton reveal={reveal} onToggle={() => setReveal(!reveal)} />
      </div>
      <dl className="review-file" data-testid="household-file">
        {HOUSEHOLD_FILE_FIELDS.map((field) => (
          <div key={field} className="review-file__row">
            <dt>{HOUSEHOLD_FIELD_LABELS[field]}</dt>
            <dd data-field={field}>{formatFieldValue(field, household.data[field], { reveal })}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** 家庭成员. */
export function MembersSection({ members }: { members: readonly SyncedRecord[] }) {
  const [reveal, setReveal] = useState(false);
  const live = members.filter((member) => !member.deleted);
  return (
    <section className="card" aria-labelledby="review-members-title">
      <div className="review-card-head">
        <h2 className="card__title" id="review-members-title">
          家庭成员（{live.length} 人）
        </h2>
        {live.length > 0 ? <RevealButton reveal={reveal} onToggle={() => setReveal(!reveal)} /> : null}
      </div>
      {live.length === 0 ? (
        <p className="muted">未登记家庭成员。</p>
      ) : (
        <div className="review-table-wrap">
          <table className="review-table">
            <thead>
              <tr>
                {MEMBER_COLUMNS.map((field) => (
                  <th key={field} scope="col">
                    {MEMBER_FIELD_LABELS[field].replace(/^成员/, '')}
                  </th>
                ))}
                <th scope="col">其他</th>
              </tr>
            </thead>
            <tbody>
              {live.map((member) => {
                const extra = MEMBER_DETAIL_FIELDS.filter(
                  (field) => member.data[field] !== undefined && member.data[field] !== null,
                );
                return (
                  <tr key={member.id}>
                    {MEMBER_COLUMNS.map((field) => (
                      <td key={field}>{formatFieldValue(field, member.data[field], { reveal })}</td>
                    ))}
                    <td>
                      {extra
                        .map(
                          (field) =>
                            `${MEMBER_FIELD_LABELS[field]}：${formatFieldValue(field, member.data[field])}`,
                        )
                        .join('；') || '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
