import { useState } from 'react';
import { MEMBER_FIELD_LABELS as L } from '../../../shared/domain/member';
import {
  DISABILITY_GRADES,
  DISABILITY_GRADE_LABELS,
  DISABILITY_TYPE_LABELS,
  HEALTH_LABELS,
  MEDICAL_INSURANCE_LABELS,
  MEMBER_WORK_STATUS_LABELS,
  RELATION_LABELS,
  SCHOOL_STAGE_LABELS,
  SEX_LABELS,
} from '../../../shared/domain/person-codes';
import { ConfirmDialog } from '../../shell/confirm-dialog';
import { choicesOf, DateField, numericChoices, SelectField, TextField } from './fields';
import { useVisitForm, type FormRecord } from './form-context';
import { IdNumberNotice } from './id-number-notice';
import { MoneyField, NumberField } from './number-fields';
import { FormSection, useIdNumberFill } from './sections-person';

function memberTitle(member: FormRecord, index: number): string {
  const name = typeof member.data.name === 'string' ? member.data.name.trim() : '';
  return `家庭成员 ${index + 1}${name ? `：${name}` : ''}`;
}

function MemberCard(props: { member: FormRecord; index: number; onRemove(): void }) {
  const form = useVisitForm();
  const m = props.member;
  const fillFromId = useIdNumberFill(m, { birthDate: 'birthDate', sex: 'sex' });
  const student = m.data.workStatus === 'student';
  return (
    <article className="vf-member" aria-label={memberTitle(m, props.index)}>
      <header className="vf-member__header">
        <h3 className="vf-member__title">{memberTitle(m, props.index)}</h3>
        {form.readOnly ? null : (
          <button type="button" className="button" onClick={props.onRemove}>
            删除此成员
          </button>
        )}
      </header>
      <div className="vf-grid">
        <TextField record={m} field="name" label={L.name} maxLength={30} />
        <SelectField record={m} field="relation" label={L.relation} choices={choicesOf(RELATION_LABELS)} />
        <TextField
          record={m}
          field="idNumber"
          label={L.idNumber}
          maxLength={18}
          upperCase
          onValue={fillFromId}
          notice={<IdNumberNotice value={m.data.idNumber} householdId={m.target.householdId ?? ''} />}
        />
        <SelectField record={m} field="sex" label={L.sex} choices={choicesOf(SEX_LABELS)} />
        <DateField record={m} field="birthDate" label={L.birthDate} />
        <MoneyField record={m} field="monthlyIncomeFen" label={L.monthlyIncomeFen} unit="元/月" />
        <SelectField record={m} field="health" label={L.health} choices={choicesOf(HEALTH_LABELS)} />
        <TextField record={m} field="diseaseName" label={L.diseaseName} maxLength={100} />
        <SelectField
          record={m}
          field="disabilityType"
          label={L.disabilityType}
          choices={choicesOf(DISABILITY_TYPE_LABELS)}
        />
        <SelectField
          record={m}
          field="disabilityGrade"
          label={L.disabilityGrade}
          choices={numericChoices(DISABILITY_GRADES, DISABILITY_GRADE_LABELS)}
        />
        <SelectField
          record={m}
          field="medicalInsurance"
          label={L.medicalInsurance}
          choices={choicesOf(MEDICAL_INSURANCE_LABELS)}
        />
        <SelectField
          record={m}
          field="workStatus"
          label={L.workStatus}
          choices={choicesOf(MEMBER_WORK_STATUS_LABELS)}
        />
        {student ? (
          <>
            <TextField record={m} field="schoolName" label={L.schoolName} maxLength={100} />
            <SelectField
              record={m}
              field="schoolStage"
              label={L.schoolStage}
              choices={choicesOf(SCHOOL_STAGE_LABELS)}
            />
            <NumberField record={m} field="schoolGrade" label={L.schoolGrade} unit="年级" integer />
          </>
        ) : null}
      </div>
    </article>
  );
}

/** Members other than the head; each is a record of its own, added and removed on the spot. */
export function MembersSection(props: {
  members: readonly FormRecord[];
  onAdd(): Promise<void>;
  onRemove(member: FormRecord): Promise<void>;
}) {
  const form = useVisitForm();
  const [removing, setRemoving] = useState<{ member: FormRecord; index: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(`操作失败：${failure instanceof Error ? failure.message : String(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormSection
      id="section-members"
      title={`家庭成员（户主以外，共 ${props.members.length} 人）`}
      lead={<p className="muted">每位成员填写身份证号和月收入；在校学生填写学校和年级。</p>}
    >
      {props.members.length === 0 ? <p className="muted">尚未添加家庭成员。</p> : null}
      {props.members.map((member, index) => (
        <MemberCard
          key={member.target.id}
          member={member}
          index={index}
          onRemove={() => setRemoving({ member, index })}
        />
      ))}
      {error ? <p className="form-error">{error}</p> : null}
      {form.readOnly ? null : (
        <button type="button" className="button vf-add" disabled={busy} onClick={() => void run(props.onAdd)}>
          ＋ 添加家庭成员
        </button>
      )}
      {removing ? (
        <ConfirmDialog
          title="删除家庭成员"
          message={`确定删除“${memberTitle(removing.member, removing.index)}”吗？已填写的信息将一并删除。`}
          confirmLabel="删除"
          busy={busy}
          onCancel={() => setRemoving(null)}
          onConfirm={() =>
            void run(async () => {
              await props.onRemove(removing.member);
              setRemoving(null);
            })
          }
        />
      ) : null}
    </FormSection>
  );
}
