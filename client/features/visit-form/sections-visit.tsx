import {
  APPLICANT_KIND_LABELS,
  applicantKindSchema,
  type ChecklistEntry,
} from '../../../shared/domain/checklist';
import {
  PRELIMINARY_RESULT_LABELS,
  VISIT_FIELD_LABELS as L,
  gpsSchema,
  type Signature,
} from '../../../shared/domain/visit';
import { AuthorizationSection } from '../capture/authorization-section';
import { ChecklistSection } from '../capture/checklist-section';
import { tickAuthorizationWhenSigned } from '../capture/checklist-model';
import { GpsField } from '../capture/gps-field';
import { choicesOf, DateField, SelectField, TextAreaField, TextField } from './fields';
import { useVisitForm, type FormRecord } from './form-context';
import { FormSection } from './sections-person';

export function VisitSection({ visit }: { visit: FormRecord }) {
  return (
    <FormSection id="section-visit" title="走访情况与初审">
      <div className="vf-grid">
        <DateField record={visit} field="visitDate" label={L.visitDate} />
        <TextField record={visit} field="visitorName" label={L.visitorName} maxLength={30} />
        <TextAreaField
          record={visit}
          field="findings"
          label={L.findings}
          hint="入户看到和了解到的家庭实际情况"
          rows={5}
        />
        <TextAreaField record={visit} field="preliminaryOpinion" label={L.preliminaryOpinion} rows={3} />
        <SelectField
          record={visit}
          field="preliminaryResult"
          label={L.preliminaryResult}
          choices={choicesOf(PRELIMINARY_RESULT_LABELS)}
        />
      </div>
    </FormSection>
  );
}

export function ChecklistPart({ visit, householdId }: { visit: FormRecord; householdId: string }) {
  const form = useVisitForm();
  const kind = applicantKindSchema.safeParse(visit.data.applicantKind);
  const checklist = Array.isArray(visit.data.checklist) ? (visit.data.checklist as ChecklistEntry[]) : [];
  return (
    <FormSection id="section-checklist" title="申请人类型与材料清单">
      <div className="vf-grid">
        <SelectField
          record={visit}
          field="applicantKind"
          label={L.applicantKind}
          choices={choicesOf(APPLICANT_KIND_LABELS)}
          hint="已建档的困难职工只需提供申请救助表和有变化的材料"
        />
      </div>
      <ChecklistSection
        visitId={visit.target.id}
        householdId={householdId}
        unitId={visit.target.unitId}
        applicantKind={kind.success ? kind.data : null}
        value={checklist}
        onChange={(next) => {
          form.set(visit.target, 'checklist', next);
          form.flush();
        }}
        readOnly={form.readOnly}
      />
    </FormSection>
  );
}

export function AuthorizationPart(props: {
  visit: FormRecord;
  household: FormRecord;
  members: readonly FormRecord[];
}) {
  const form = useVisitForm();
  const { visit } = props;
  const signatures = Array.isArray(visit.data.signatures) ? (visit.data.signatures as Signature[]) : [];
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return (
    <FormSection id="section-authorization" title="核对承诺授权书签名">
      <AuthorizationSection
        visitId={visit.target.id}
        householdId={props.household.target.id}
        unitId={visit.target.unitId}
        household={{ headName: text(props.household.data.headName) }}
        members={props.members.map((m) => ({
          id: m.target.id,
          name: text(m.data.name),
          birthDate: text(m.data.birthDate),
        }))}
        value={signatures}
        onChange={(next, complete) => {
          form.set(visit.target, 'signatures', next);
          const checklist = Array.isArray(visit.data.checklist)
            ? (visit.data.checklist as ChecklistEntry[])
            : [];
          const ticked = tickAuthorizationWhenSigned(checklist, complete);
          if (ticked !== checklist) form.set(visit.target, 'checklist', [...ticked]);
          form.flush();
        }}
        readOnly={form.readOnly}
      />
    </FormSection>
  );
}

export function GpsPart({ visit }: { visit: FormRecord }) {
  const form = useVisitForm();
  const gps = gpsSchema.safeParse(visit.data.gps);
  return (
    <FormSection id="section-gps" title="GPS 位置">
      <GpsField
        value={gps.success ? gps.data : null}
        onChange={(next) => {
          form.set(visit.target, 'gps', next);
          form.flush();
        }}
        readOnly={form.readOnly}
      />
    </FormSection>
  );
}
