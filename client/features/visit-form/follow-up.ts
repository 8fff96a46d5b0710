import { followUpTrendSchema } from '../../../shared/loop/vocabulary';
import { finaliseProblems, type FinaliseInput, type FinaliseProblem } from './finalise';
import { fieldAnchor } from './form-model';

/**
 * The follow-up visit of a filed household (动态管理回访, docs/dynamic-management.md): the file's sections
 * are updated and the visit records the trend and what was found; no materials, authorization or
 * preliminary review (the case is not applying for anything), so those parts neither show nor block.
 */

/** Parts of the form a follow-up shows, in order (for the section navigation). */
export const FOLLOW_UP_SECTIONS = [
  { id: 'section-head', label: '户主信息' },
  { id: 'section-members', label: '家庭成员' },
  { id: 'section-housing', label: '住房情况' },
  { id: 'section-work', label: '就业与单位' },
  { id: 'section-health', label: '健康与残疾' },
  { id: 'section-income', label: '收入与支出' },
  { id: 'section-causes', label: '致困原因' },
  { id: 'section-follow-up', label: '回访情况' },
  { id: 'section-gps', label: 'GPS 位置' },
  { id: 'section-finalise', label: '完成回访' },
] as const;

/** Visit fields only an application needs. */
const APPLY_ONLY_FIELDS = new Set([
  'applicantKind',
  'checklist',
  'signatures',
  'preliminaryOpinion',
  'preliminaryResult',
]);
const APPLY_ONLY_ANCHORS = new Set(['section-checklist', 'section-authorization']);

export function isFollowUp(visit: { purpose?: unknown }): boolean {
  return visit.purpose === 'followUp';
}

/** What a follow-up still lacks: the file's fields as for any visit, the visit's date, findings and trend. */
export function followUpProblems(input: FinaliseInput): FinaliseProblem[] {
  const problems = finaliseProblems(input).filter(
    (p) =>
      !APPLY_ONLY_ANCHORS.has(p.anchor) &&
      !(p.target?.type === 'visit' && p.field !== null && APPLY_ONLY_FIELDS.has(p.field)),
  );
  if (!followUpTrendSchema.safeParse(input.visit.trend).success) {
    const target = { type: 'visit', id: input.visitId } as const;
    problems.push({
      anchor: fieldAnchor(target, 'trend'),
      message: '家庭状况变化：必须填写',
      target,
      field: 'trend',
    });
  }
  return problems;
}

/** The payload of `recordFollowUpVisit` for a follow-up that has no problems left. */
export function followUpPayload(visitId: string, visit: Record<string, unknown>) {
  return {
    visitId,
    visitDate: typeof visit.visitDate === 'string' ? visit.visitDate : '',
    trend: followUpTrendSchema.parse(visit.trend),
    findings: typeof visit.findings === 'string' ? visit.findings.trim() : '',
  };
}
