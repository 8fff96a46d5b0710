import type { ReactNode } from 'react';
import { ETHNICITY_CHOICES } from '../../../shared/domain/ethnicity';
import {
  EMPLOYER_NATURE_LABELS,
  HOUSING_TYPE_LABELS,
  INDUSTRY_LABELS,
  MODEL_WORKER_LABELS,
} from '../../../shared/domain/household-codes';
import { HOUSEHOLD_FIELD_LABELS as L } from '../../../shared/domain/household';
import {
  DISABILITY_GRADES,
  DISABILITY_GRADE_LABELS,
  DISABILITY_TYPE_LABELS,
  HEALTH_LABELS,
  HUKOU_TYPE_LABELS,
  MARRIAGE_LABELS,
  MEDICAL_INSURANCE_LABELS,
  POLITICAL_STATUS_LABELS,
  SEX_LABELS,
  WORK_STATUS_LABELS,
} from '../../../shared/domain/person-codes';
import { todayInChina } from '../../../shared/validation/clock';
import { parseIdNumber } from '../../../shared/validation/id-number';
import { choicesOf, DateField, FlagField, numericChoices, SelectField, TextField } from './fields';
import { IdNumberNotice } from './id-number-notice';
import { useVisitForm, type FormRecord } from './form-context';
import { NumberField } from './number-fields';

/** A titled part of the form that the section navigation can jump to. */
export function FormSection(props: { id: string; title: string; children: ReactNode; lead?: ReactNode }) {
  return (
    <section id={props.id} className="vf-section" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`} className="vf-section__title">
        {props.title}
      </h2>
      {props.lead}
      {props.children}
    </section>
  );
}

/**
 * Fills birth date and sex from a valid ID number when they are still empty (a mismatch with what was
 * typed is left for the validation message to point out).
 */
export function useIdNumberFill(record: FormRecord, keys: { birthDate: string; sex: string }) {
  const form = useVisitForm();
  return (value: string | null) => {
    const info = value ? parseIdNumber(value.trim(), todayInChina()) : null;
    if (!info) return;
    if (!record.data[keys.birthDate]) form.set(record.target, keys.birthDate, info.birthDate);
    if (!record.data[keys.sex]) form.set(record.target, keys.sex, info.sex);
  };
}

export function HeadSection({ household }: { household: FormRecord }) {
  const fillFromId = useIdNumberFill(household, { birthDate: 'headBirthDate', sex: 'headSex' });
  const r = household;
  return (
    <FormSection id="section-head" title="户主信息">
      <div className="vf-grid">
        <TextField record={r} field="headName" label={L.headName} maxLength={30} />
        <TextField
          record={r}
          field="headIdNumber"
          label={L.headIdNumber}
          maxLength={18}
          upperCase
          hint="填写后自动带出出生日期和性别"
          onValue={fillFromId}
          notice={<IdNumberNotice value={r.data.headIdNumber} householdId={r.target.id} />}
        />
        <SelectField record={r} field="headSex" label={L.headSex} choices={choicesOf(SEX_LABELS)} />
        <DateField record={r} field="headBirthDate" label={L.headBirthDate} />
        <SelectField
          record={r}
          field="headEthnicity"
          label={L.headEthnicity}
          choices={[...ETHNICITY_CHOICES]}
        />
        <SelectField
          record={r}
          field="headPoliticalStatus"
          label={L.headPoliticalStatus}
          choices={choicesOf(POLITICAL_STATUS_LABELS)}
        />
        <SelectField
          record={r}
          field="headMarriage"
          label={L.headMarriage}
          choices={choicesOf(MARRIAGE_LABELS)}
        />
        <SelectField
          record={r}
          field="headHukouType"
          label={L.headHukouType}
          choices={choicesOf(HUKOU_TYPE_LABELS)}
        />
        <TextField record={r} field="mobile" label={L.mobile} inputMode="tel" maxLength={11} />
        <FlagField record={r} field="singleParent" label={L.singleParent} />
        <SelectField
          record={r}
          field="modelWorker"
          label={L.modelWorker}
          choices={choicesOf(MODEL_WORKER_LABELS)}
        />
        <TextField record={r} field="address" label={L.address} maxLength={200} wide />
      </div>
    </FormSection>
  );
}

export function HousingSection({ household }: { household: FormRecord }) {
  return (
    <FormSection id="section-housing" title="住房情况">
      <div className="vf-grid">
        <SelectField
          record={household}
          field="housingType"
          label={L.housingType}
          choices={choicesOf(HOUSING_TYPE_LABELS)}
        />
        <NumberField record={household} field="housingAreaM2" label={L.housingAreaM2} unit="平方米" />
      </div>
    </FormSection>
  );
}

export function WorkSection({ household }: { household: FormRecord }) {
  return (
    <FormSection id="section-work" title="就业与工作单位">
      <div className="vf-grid">
        <SelectField
          record={household}
          field="headWorkStatus"
          label={L.headWorkStatus}
          choices={choicesOf(WORK_STATUS_LABELS)}
        />
        <TextField record={household} field="employerName" label={L.employerName} maxLength={100} />
        <TextField
          record={household}
          field="employerCreditCode"
          label={L.employerCreditCode}
          maxLength={18}
          upperCase
          hint="18位，可在营业执照上找到"
        />
        <SelectField
          record={household}
          field="employerNature"
          label={L.employerNature}
          choices={choicesOf(EMPLOYER_NATURE_LABELS)}
        />
        <SelectField
          record={household}
          field="industry"
          label={L.industry}
          choices={choicesOf(INDUSTRY_LABELS)}
        />
      </div>
    </FormSection>
  );
}

export function HealthSection({ household }: { household: FormRecord }) {
  return (
    <FormSection id="section-health" title="健康与残疾">
      <div className="vf-grid">
        <SelectField
          record={household}
          field="headHealth"
          label={L.headHealth}
          choices={choicesOf(HEALTH_LABELS)}
        />
        <TextField
          record={household}
          field="headDiseaseName"
          label={L.headDiseaseName}
          hint="患慢性病或重大疾病时填写"
          maxLength={100}
        />
        <SelectField
          record={household}
          field="headDisabilityType"
          label={L.headDisabilityType}
          choices={choicesOf(DISABILITY_TYPE_LABELS)}
        />
        <SelectField
          record={household}
          field="headDisabilityGrade"
          label={L.headDisabilityGrade}
          choices={numericChoices(DISABILITY_GRADES, DISABILITY_GRADE_LABELS)}
        />
        <SelectField
          record={household}
          field="headMedicalInsurance"
          label={L.headMedicalInsurance}
          choices={choicesOf(MEDICAL_INSURANCE_LABELS)}
        />
      </div>
    </FormSection>
  );
}
