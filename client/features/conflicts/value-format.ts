import { ATTACHMENT_KIND_LABELS } from '../../../shared/domain/attachment';
import { APPLICANT_KIND_LABELS } from '../../../shared/domain/checklist';
import { ETHNICITY_LABELS } from '../../../shared/domain/ethnicity';
import {
  CATEGORY_LABELS,
  CAUSE_LABELS,
  EMPLOYER_NATURE_LABELS,
  HOUSING_TYPE_LABELS,
  INDUSTRY_LABELS,
  MODEL_WORKER_LABELS,
} from '../../../shared/domain/household-codes';
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
} from '../../../shared/domain/person-codes';
import {
  RECORD_DEFINITIONS,
  RECORD_TYPE_LABELS,
  fieldLabel,
  type RecordType,
} from '../../../shared/domain/records';
import { PRELIMINARY_RESULT_LABELS, VISIT_STATUS_LABELS } from '../../../shared/domain/visit';
import { ENTRY_CHANNEL_LABELS, LOOP_STAGE_LABELS } from '../../../shared/loop/stages';
import { DELETED_FIELD } from '../../../shared/sync/protocol';
import { formatFen } from '../../../shared/validation/money';
import { formatDateTime } from '../../shell/format';

/**
 * Field values in plain Chinese, as a worker reads them on a conflict or a refused change: codes become
 * their labels (male → 男, 6 → 大病), amounts in fen become yuan, times become local dates, empty is
 * "（空）". The same words the forms use, from the shared label tables.
 */

export const EMPTY_VALUE = '（空）';

type Labels = Readonly<Record<string | number, string>>;

/** Option labels by the last word of a field name ("headSex" and "sex" both read SEX_LABELS). */
const OPTION_LABELS: Readonly<Record<string, Labels>> = {
  sex: SEX_LABELS,
  ethnicity: ETHNICITY_LABELS,
  politicalstatus: POLITICAL_STATUS_LABELS,
  health: HEALTH_LABELS,
  disabilitytype: DISABILITY_TYPE_LABELS,
  disabilitygrade: DISABILITY_GRADE_LABELS,
  workstatus: MEMBER_WORK_STATUS_LABELS,
  marriage: MARRIAGE_LABELS,
  hukoutype: HUKOU_TYPE_LABELS,
  medicalinsurance: MEDICAL_INSURANCE_LABELS,
  relation: RELATION_LABELS,
  schoolstage: SCHOOL_STAGE_LABELS,
  housingtype: HOUSING_TYPE_LABELS,
  employernature: EMPLOYER_NATURE_LABELS,
  industry: INDUSTRY_LABELS,
  modelworker: MODEL_WORKER_LABELS,
  maincause: CAUSE_LABELS,
  secondarycauses: CAUSE_LABELS,
  category: CATEGORY_LABELS,
  suggestedcategory: CATEGORY_LABELS,
  stage: LOOP_STAGE_LABELS,
  entrychannel: ENTRY_CHANNEL_LABELS,
};

/** The option labels of a field with a fixed list of choices, or null for free input. */
export function optionLabels(type: RecordType, field: string): Labels | null {
  if (type === 'attachment' && field === 'kind') return ATTACHMENT_KIND_LABELS;
  if (type === 'visit' && field === 'status') return VISIT_STATUS_LABELS;
  if (type === 'visit' && field === 'applicantKind') return APPLICANT_KIND_LABELS;
  if (type === 'visit' && field === 'preliminaryResult') return PRELIMINARY_RESULT_LABELS;
  const key = field.toLowerCase().replace(/^head/, '');
  return OPTION_LABELS[key] ?? null;
}

/** The zh-CN name of a field, e.g. "户主姓名"; the pseudo-field of a delete conflict reads "是否删除". */
export function fieldName(type: RecordType, field: string): string {
  if (field === DELETED_FIELD) return '是否删除此记录';
  return fieldLabel(type, field) ?? field;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function itemLabel(type: RecordType, key: string): string {
  const definition: { itemLabels?: Record<string, string> } = RECORD_DEFINITIONS[type];
  return definition.itemLabels?.[key] ?? fieldLabel(type, key) ?? key;
}

/** One value of `field` of a `type` record in plain Chinese. */
export function formatFieldValue(type: RecordType, field: string, value: unknown): string {
  if (field === DELETED_FIELD) return value === true ? '已删除' : '保留（未删除）';
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  if (typeof value === 'boolean') return value ? '是' : '否';
  const labels = optionLabels(type, field);
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY_VALUE;
    return value.map((item) => formatFieldValue(type, field, item)).join('、');
  }
  if (typeof value === 'number') {
    if (labels?.[value] !== undefined) return labels[value];
    if (/Fen$/.test(field)) return formatFen(value);
    return String(value);
  }
  if (typeof value === 'string') {
    if (labels?.[value] !== undefined) return labels[value];
    if (ISO_TIME.test(value)) return formatDateTime(value);
    return value;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, inner]) => inner !== null && inner !== undefined && inner !== '',
    );
    return entries
      .map(([key, inner]) => `${itemLabel(type, key)}：${formatFieldValue(type, key, inner)}`)
      .join('，');
  }
  return String(value);
}

/** A short name for a record, as lists show it: "张三户", "家庭成员 李四", "走访调查表 2026-03-09". */
export function recordTitle(type: RecordType, data: Record<string, unknown> | null | undefined): string {
  const text = (key: string) =>
    typeof data?.[key] === 'string' && data[key] !== '' ? (data[key] as string) : null;
  switch (type) {
    case 'household':
      return text('headName') ? `${text('headName')}户` : '（未填写户主姓名的家庭）';
    case 'member':
      return `${RECORD_TYPE_LABELS.member} ${text('name') ?? ''}`.trim();
    case 'visit':
      return `${RECORD_TYPE_LABELS.visit} ${text('visitDate') ?? ''}`.trim();
    case 'training':
      return `${RECORD_TYPE_LABELS.training} ${text('topic') ?? ''}`.trim();
    default:
      return RECORD_TYPE_LABELS[type];
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a field is worth showing a worker in a list of changes: links to other records (a household's
 * id), unit codes and stored-file names mean nothing to a reader and are left out.
 */
export function isReadableField(field: string, value: unknown): boolean {
  if (field === 'unitId' || field === 'sha256' || /Sha$|Shas$/.test(field)) return false;
  return !(typeof value === 'string' && UUID.test(value));
}
