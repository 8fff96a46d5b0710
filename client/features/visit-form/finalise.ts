import { missingSignatures } from '../../../shared/domain/authorization';
import {
  applicantKindSchema,
  missingChecklistItems,
  type ChecklistEntry,
} from '../../../shared/domain/checklist';
import { validateFinal, type ValidationIssue } from '../../../shared/domain/records';
import { repeatedIdsInHousehold } from '../../../shared/identity/household-ids';
import type { Signature } from '../../../shared/domain/visit';
import type { RecordData } from '../../db/types';
import { fieldAnchor, formFields, topField, type RecordTarget } from './form-model';

/** One thing that stops the visit from being finalised, with the field or section to go to. */
export interface FinaliseProblem {
  anchor: string;
  message: string;
  /** The record and field, for the inline message; null for a whole section (checklist, signatures). */
  target: Pick<RecordTarget, 'type' | 'id'> | null;
  field: string | null;
}

export interface FinaliseInput {
  householdId: string;
  household: RecordData;
  visitId: string;
  /** The visit's data with the current figures (household size, per-capita income …) filled in. */
  visit: RecordData;
  members: readonly { id: string; data: RecordData }[];
  today: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function issuesOf(
  target: Pick<RecordTarget, 'type' | 'id'>,
  issues: readonly ValidationIssue[],
  prefix = '',
): FinaliseProblem[] {
  return issues.map((issue) => {
    const field = topField(issue.path);
    return { anchor: fieldAnchor(target, field), message: prefix + issue.message, target, field };
  });
}

/**
 * Members whose ID number repeats the head's or an earlier member's (one person, one file): each blocks
 * finalising and shows under the member's ID number, also while the form is still a draft.
 */
export function repeatedIdProblems(input: Pick<FinaliseInput, 'household' | 'members'>): FinaliseProblem[] {
  const head = {
    name: text(input.household.headName) || null,
    idNumber: stringOrNull(input.household.headIdNumber),
  };
  const people = input.members.map((m) => ({
    memberId: m.id,
    name: text(m.data.name) || null,
    idNumber: stringOrNull(m.data.idNumber),
  }));
  return repeatedIdsInHousehold(head, people).map((repeated) => {
    const index = input.members.findIndex((m) => m.id === repeated.memberId);
    const name = text(input.members[index]?.data.name);
    const target = { type: 'member', id: repeated.memberId } as const;
    return {
      anchor: fieldAnchor(target, 'idNumber'),
      message: `家庭成员${index + 1}${name ? `（${name}）` : ''}：${repeated.message}`,
      target,
      field: 'idNumber',
    };
  });
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Everything a finalised visit still lacks, in form order: the household's and the visit's fields by the
 * shared final rules, each member's, a person listed twice, the materials of the checklist (附件1) and the signatures of the
 * verification authorization. Empty when the visit may be finalised.
 */
export function finaliseProblems(input: FinaliseInput): FinaliseProblem[] {
  const options = { today: input.today };
  const household = validateFinal('household', formFields('household', input.household), options);
  const visit = validateFinal('visit', formFields('visit', input.visit), options);
  const problems: FinaliseProblem[] = [];
  if (!household.ok)
    problems.push(...issuesOf({ type: 'household', id: input.householdId }, household.issues));

  input.members.forEach((member, index) => {
    const result = validateFinal('member', formFields('member', member.data), options);
    if (result.ok) return;
    const name = text(member.data.name);
    const prefix = `家庭成员${index + 1}${name ? `（${name}）` : ''}：`;
    problems.push(...issuesOf({ type: 'member', id: member.id }, result.issues, prefix));
  });
  problems.push(...repeatedIdProblems(input));

  if (!visit.ok) {
    // The checklist and the signatures are listed item by item below, naming what is missing.
    const own = visit.issues.filter((issue) => issue.path !== 'checklist' && issue.path !== 'signatures');
    problems.push(...issuesOf({ type: 'visit', id: input.visitId }, own));
  }

  const kind = applicantKindSchema.safeParse(input.visit.applicantKind);
  if (kind.success) {
    const checklist = Array.isArray(input.visit.checklist) ? (input.visit.checklist as ChecklistEntry[]) : [];
    for (const missing of missingChecklistItems(kind.data, checklist)) {
      problems.push({
        anchor: 'section-checklist',
        message: `材料清单缺少${missing.label}`,
        target: null,
        field: null,
      });
    }
  }

  const signatures = Array.isArray(input.visit.signatures) ? (input.visit.signatures as Signature[]) : [];
  const unnamed = '（未填写姓名）';
  for (const missing of missingSignatures({
    headName: text(input.household.headName) || unnamed,
    members: input.members.map((m) => ({
      id: m.id,
      name: text(m.data.name) || unnamed,
      birthDate: typeof m.data.birthDate === 'string' ? m.data.birthDate : null,
    })),
    signatures,
    today: input.today,
  })) {
    problems.push({
      anchor: 'section-authorization',
      message: `授权书${missing.message}`,
      target: null,
      field: null,
    });
  }
  return problems;
}
