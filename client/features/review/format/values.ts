import { maskIdNumber } from '../../../../shared/cases/masks';
import { APPLICANT_KIND_LABELS } from '../../../../shared/domain/checklist';
import { ETHNICITY_LABELS } from '../../../../shared/domain/ethnicity';
import {
  CATEGORY_LABELS,
  CAUSE_LABELS,
  EMPLOYER_NATURE_LABELS,
  HOUSING_TYPE_LABELS,
  INDUSTRY_LABELS,
  MODEL_WORKER_LABELS,
} from '../../../../shared/domain/household-codes';
import {
  DISABILITY_GRADE_LABELS,
  DISABILITY_TYPE_LABELS,
  HEALTH_LABELS,
  HUKOU_TYPE_LABELS,
  MARRIAGE_LABELS,
  MEDICAL_INSURANCE_LABELS,
  MEMBER_WORK_STATUS_LABELS,
  POLITICAL_STATUS_LABELS,
  RELATION_LABELS,
  SCHOOL_STAGE_LABELS,
  SEX_LABELS,
} from '../../../../shared/domain/person-codes';
import { fieldLabel, recordTypeSchema } from '../../../../shared/domain/records';
import { PRELIMINARY_RESULT_LABELS, VISIT_STATUS_LABELS } from '../../../../shared/domain/visit';
import { ATTACHMENT_KIND_LABELS } from '../../../../shared/domain/attachment';
import { maskBankCard } from '../../../../shared/loop/bank-card';
import { ENTRY_CHANNEL_LABELS, LOOP_STAGE_LABELS } from '../../../../shared/loop/stages';
import {
  ASSISTANCE_MEASURE_LABELS,
  COMPARISON_SOURCE_LABELS,
  EXIT_REASON_LABELS,
} from '../../../../shared/loop/vocabulary';
import { ROLE_LABELS } from '../../../../shared/roles';
import { DELETED_FIELD } from '../../../../shared/sync/protocol';
import { formatFen } from '../../../../shared/validation/money';

/**
 * How the review screens write a stored value: code lists by their zh-CN labels, money in yuan, flags as
 * 是/否, sensitive numbers masked. Everything returns plain text that React renders as text.
 */

type Labels = Readonly<Record<string | number, string>>;

/** Code-list fields of the household, member and visit records, by field name. */
const FIELD_CODE_LABELS: Readonly<Record<string, Labels>> = {
  headEthnicity: ETHNICITY_LABELS,
  headSex: SEX_LABELS,
  headPoliticalStatus: POLITICAL_STATUS_LABELS,
  headHealth: HEALTH_LABELS,
  headDisabilityType: DISABILITY_TYPE_LABELS,
  headDisabilityGrade: DISABILITY_GRADE_LABELS,
  headWorkStatus: MEMBER_WORK_STATUS_LABELS,
  headMarriage: MARRIAGE_LABELS,
  headHukouType: HUKOU_TYPE_LABELS,
  headMedicalInsurance: MEDICAL_INSURANCE_LABELS,
  modelWorker: MODEL_WORKER_LABELS,
  housingType: HOUSING_TYPE_LABELS,
  employerNature: EMPLOYER_NATURE_LABELS,
  industry: INDUSTRY_LABELS,
  mainCause: CAUSE_LABELS,
  secondaryCauses: CAUSE_LABELS,
  category: CATEGORY_LABELS,
  suggestedCategory: CATEGORY_LABELS,
  stage: LOOP_STAGE_LABELS,
  entryChannel: ENTRY_CHANNEL_LABELS,
  returnedBy: ROLE_LABELS,
  comparedSources: COMPARISON_SOURCE_LABELS,
  inconsistentSources: COMPARISON_SOURCE_LABELS,
  planMeasures: ASSISTANCE_MEASURE_LABELS,
  exitReason: EXIT_REASON_LABELS,
  relation: RELATION_LABELS,
  sex: SEX_LABELS,
  health: HEALTH_LABELS,
  disabilityType: DISABILITY_TYPE_LABELS,
  disabilityGrade: DISABILITY_GRADE_LABELS,
  medicalInsurance: MEDICAL_INSURANCE_LABELS,
  workStatus: MEMBER_WORK_STATUS_LABELS,
  schoolStage: SCHOOL_STAGE_LABELS,
  applicantKind: APPLICANT_KIND_LABELS,
  preliminaryResult: PRELIMINARY_RESULT_LABELS,
  status: VISIT_STATUS_LABELS,
  kind: ATTACHMENT_KIND_LABELS,
};

/** Fields holding an ID number: shown as the first 6 and last 4 digits (PIPL art. 28). */
const ID_NUMBER_FIELDS: ReadonlySet<string> = new Set(['headIdNumber', 'idNumber']);
const BANK_CARD_FIELDS: ReadonlySet<string> = new Set(['bankCardNumber']);

export const EMPTY_VALUE = '—';

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Any JSON value as short text, for fields this module has no special rule for. */
export function formatPlain(value: unknown): string {
  if (isEmpty(value)) return EMPTY_VALUE;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(formatPlain).join('、');
  return JSON.stringify(value);
}

/**
 * A field's value as the review shows it. `reveal` shows ID numbers in full (the reviewer asked to see
 * it); bank cards are always masked.
 */
export function formatFieldValue(field: string, value: unknown, options: { reveal?: boolean } = {}): string {
  if (isEmpty(value)) return EMPTY_VALUE;
  if (field === DELETED_FIELD) return value === true ? '已删除' : '未删除';
  const labels = FIELD_CODE_LABELS[field];
  if (labels) {
    const one = (item: unknown) =>
      typeof item === 'string' || typeof item === 'number'
        ? (labels[item] ?? String(item))
        : formatPlain(item);
    return Array.isArray(value) ? value.map(one).join('、') : one(value);
  }
  if (typeof value === 'number' && field.endsWith('Fen')) return formatFen(value);
  if (typeof value === 'number' && field === 'housingAreaM2') return `${value} 平方米`;
  if (typeof value === 'number' && field === 'schoolGrade') return `${value} 年级`;
  if (typeof value === 'string' && ID_NUMBER_FIELDS.has(field))
    return options.reveal ? value : maskIdNumber(value);
  if (typeof value === 'string' && BANK_CARD_FIELDS.has(field)) return maskBankCard(value);
  return formatPlain(value);
}

/** The zh-CN label of a field of a record type; unknown fields keep their key. */
export function labelOf(type: string, field: string): string {
  if (field === DELETED_FIELD) return '记录是否删除';
  const parsed = recordTypeSchema.safeParse(type);
  return (parsed.success ? fieldLabel(parsed.data, field) : null) ?? field;
}

/** `YYYY-MM-DD` of an ISO time in China (UTC+8), for compact tables. */
export function chinaDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
