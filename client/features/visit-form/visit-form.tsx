import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { validateDraft } from '../../../shared/domain/records';
import { submitVisitPayloadSchema } from '../../../shared/loop/commands-intake';
import { todayInChina } from '../../../shared/validation/clock';
import type { SessionUserInfo } from '../../../shared/auth';
import type { LocalRecord, RecordData } from '../../db/types';
import { countyCodeOf } from '../households/household-display';
import type { DraftBuffer } from './draft-buffer';
import { visitEditability } from './editability';
import { figureFields, storedStandard, visitFigures } from './figures';
import { countySettingRowsOf } from '../../db/county-settings';
import { dibaoStandardOn } from '../../../shared/monitoring/settings';
import { finaliseProblems, repeatedIdProblems, type FinaliseInput, type FinaliseProblem } from './finalise';
import { VisitFormContext, type FormRecord, type VisitFormContextValue } from './form-context';
import { formFields, targetKey, topField, type RecordTarget } from './form-model';
import { FinalisePanel } from './finalise-panel';
import { MembersSection } from './members-section';
import { BankSection, CategorySection, CausesSection, IncomeSection } from './sections-money';
import { HealthSection, HeadSection, HousingSection, WorkSection } from './sections-person';
import { AuthorizationPart, ChecklistPart, GpsPart, VisitSection } from './sections-visit';
import {
  addMember,
  finaliseFollowUpVisit,
  finaliseVisit,
  removeMember,
  stageOf,
  type VisitFormRecords,
} from './visit-data';
import { FOLLOW_UP_SECTIONS, followUpPayload, followUpProblems, isFollowUp } from './follow-up';
import { FollowUpSection } from './follow-up-section';
import { VisitFormHeader } from './visit-form-header';
import { SectionNav } from './section-nav';
import { useHashFocus } from './use-hash-focus';

/** Stages whose case records a follow-up visit as a step (`recordFollowUpVisit`). */
const FILED_STAGES: readonly string[] = ['managed', 'phase_out'];

function issueMap(type: RecordTarget['type'], data: RecordData): Map<string, string> {
  const result = validateDraft(type, formFields(type, data));
  const map = new Map<string, string>();
  if (result.ok) return map;
  for (const issue of result.issues) {
    const field = topField(issue.path);
    if (!map.has(field)) map.set(field, issue.message);
  }
  return map;
}

function finalIssueMap(target: RecordTarget, problems: readonly FinaliseProblem[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const problem of problems) {
    if (
      problem.target &&
      problem.field &&
      targetKey(problem.target) === targetKey(target) &&
      !map.has(problem.field)
    ) {
      map.set(problem.field, problem.message);
    }
  }
  return map;
}

export function VisitForm(props: {
  records: VisitFormRecords & { household: LocalRecord };
  buffer: DraftBuffer;
  user: SessionUserInfo;
}) {
  const { records, buffer, user } = props;
  const { visit, household } = records;
  const householdId = household.id;
  const today = todayInChina();
  const [attempted, setAttempted] = useState(false);
  useHashFocus();
  const [finalising, setFinalising] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);

  const targets = useMemo(() => {
    const h: RecordTarget = {
      type: 'household',
      id: householdId,
      unitId: household.unitId,
      householdId: null,
    };
    const v: RecordTarget = { type: 'visit', id: visit.id, unitId: visit.unitId, householdId };
    return { household: h, visit: v };
  }, [householdId, household.unitId, visit.id, visit.unitId]);

  const merged = (target: RecordTarget, row: LocalRecord) => ({
    ...row.data,
    ...buffer.pendingFields(target, row.data),
  });
  const householdData = merged(targets.household, household);
  const visitData = merged(targets.visit, visit);
  const memberRows = records.members.map((row) => {
    const target: RecordTarget = { type: 'member', id: row.id, unitId: household.unitId, householdId };
    return { target, data: merged(target, row) };
  });

  // Tablet users work inside one county, so their own unit's county is the household's. The standard is
  // the one in force on the visit's date (the tablet's last pulled copy of the county settings); a final
  // visit keeps the standard it was finalised with.
  const countyCode = countyCodeOf(user.unitPath);
  const settingRows = useLiveQuery(() => countySettingRowsOf(countyCode), [countyCode]) ?? [];
  const visitDay =
    typeof visitData.visitDate === 'string' && visitData.visitDate ? visitData.visitDate : today;
  const kept = visit.data.status === 'final' ? storedStandard(visit.data) : null;
  const figures = visitFigures({
    household: householdData,
    members: memberRows.map((m) => m.data),
    standard: kept ?? dibaoStandardOn(settingRows, visitDay),
  });
  const finaliseInput: FinaliseInput = {
    householdId,
    household: householdData,
    visitId: visit.id,
    visit: { ...visitData, ...figureFields(figures) },
    members: memberRows.map((m) => ({ id: m.target.id, data: m.data })),
    today,
  };
  // A follow-up of a filed household (动态管理回访) updates the file and records the trend, nothing more.
  const followUp = isFollowUp(visitData);
  const problemsOf = followUp ? followUpProblems : finaliseProblems;
  const problems = attempted ? problemsOf(finaliseInput) : [];
  // A person listed twice is an error from the moment it is typed, not only once finalising was tried.
  const repeated = attempted ? [] : repeatedIdProblems(finaliseInput);
  const issuesFor = (target: RecordTarget, data: RecordData) =>
    attempted
      ? finalIssueMap(target, problems)
      : new Map([...finalIssueMap(target, repeated), ...issueMap(target.type, data)]);
  const householdRecord: FormRecord = {
    target: targets.household,
    data: householdData,
    issues: issuesFor(targets.household, householdData),
  };
  const visitRecord: FormRecord = {
    target: targets.visit,
    data: visitData,
    issues: issuesFor(targets.visit, visitData),
  };
  const memberRecords: FormRecord[] = memberRows.map((m) => ({ ...m, issues: issuesFor(m.target, m.data) }));

  const editability = visitEditability({
    visitStatus: visit.data.status,
    stage: stageOf(household.data),
    isLatestVisit: records.latestVisitId === visit.id,
    submit: records.submit,
  });
  const readOnly = !editability.editable || finalising;

  // A returned, finalised visit being corrected is a draft again until it is finalised anew.
  const reopenIfFinal = () => {
    if (visit.data.status === 'final') buffer.set(targets.visit, 'status', 'draft');
  };
  const context: VisitFormContextValue = {
    readOnly,
    set(target, field, value) {
      if (readOnly) return;
      buffer.set(target, field, value);
      reopenIfFinal();
    },
    flush() {
      buffer.flush().catch(() => undefined);
    },
  };

  const finalise = async () => {
    setOutcome(null);
    setFinalising(true);
    try {
      await buffer.flush();
      const found = problemsOf(finaliseInput);
      setAttempted(true);
      if (found.length > 0) return;
      if (followUp) {
        await finaliseFollowUpVisit({
          target: targets.visit,
          householdId,
          fields: figureFields(figures),
          payload: followUpPayload(visit.id, visitData),
          recordStep: FILED_STAGES.includes(stageOf(household.data) ?? ''),
        });
        setAttempted(false);
        setOutcome('回访已完成，档案更新和回访记录已加入待同步队列，联网后自动提交。');
        return;
      }
      const opinion =
        typeof visitData.preliminaryOpinion === 'string' ? visitData.preliminaryOpinion.trim() : '';
      const payload = submitVisitPayloadSchema.parse({
        visitId: visit.id,
        visitDate: visitData.visitDate,
        opinion,
        authorizationSigned: true,
        missingMaterials: [],
      });
      await finaliseVisit({
        target: targets.visit,
        householdId,
        fields: figureFields(figures),
        submitPayload: { ...payload, preliminaryResult: visitData.preliminaryResult },
      });
      setAttempted(false);
      setOutcome('走访已完成，初审结果已加入待同步队列，联网后自动提交。');
    } catch (error) {
      setOutcome(`未能完成走访：${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setFinalising(false);
    }
  };

  return (
    <VisitFormContext.Provider value={context}>
      <div className="vf-layout">
        <SectionNav sections={followUp ? FOLLOW_UP_SECTIONS : undefined} />
        <div className="vf-main">
          <VisitFormHeader
            household={householdRecord}
            visit={visitRecord}
            editability={editability}
            submit={records.submit}
            comments={records.comments}
            status={buffer.status()}
          />
          <HeadSection household={householdRecord} />
          <MembersSection
            members={memberRecords}
            onAdd={async () => {
              reopenIfFinal();
              await buffer.flush();
              await addMember(householdId, household.unitId);
            }}
            onRemove={async (member) => {
              reopenIfFinal();
              buffer.forget(member.target);
              await removeMember(member.target.id);
            }}
          />
          <HousingSection household={householdRecord} />
          <WorkSection household={householdRecord} />
          <HealthSection household={householdRecord} />
          <IncomeSection household={householdRecord} figures={figures} />
          <CausesSection household={householdRecord} />
          {followUp ? (
            <>
              <FollowUpSection visit={visitRecord} />
              <GpsPart visit={visitRecord} />
            </>
          ) : (
            <>
              <BankSection household={householdRecord} />
              <VisitSection visit={visitRecord} />
              <ChecklistPart visit={visitRecord} householdId={householdId} />
              <AuthorizationPart visit={visitRecord} household={householdRecord} members={memberRecords} />
              <GpsPart visit={visitRecord} />
              <CategorySection figures={figures} />
            </>
          )}
          <FinalisePanel
            householdId={householdId}
            editable={editability.editable}
            busy={finalising}
            problems={problems}
            attempted={attempted}
            outcome={outcome}
            onFinalise={() => void finalise()}
          />
        </div>
      </div>
    </VisitFormContext.Provider>
  );
}
