import { maskIdNumber } from '../cases/masks';
import { ATTACHMENT_KIND_LABELS } from '../domain/attachment';
import { APPLICANT_KIND_LABELS, checklistItemLabel } from '../domain/checklist';
import { ETHNICITY_LABELS } from '../domain/ethnicity';
import {
  CATEGORY_LABELS,
  CAUSE_LABELS,
  EMPLOYER_NATURE_LABELS,
  HOUSING_TYPE_LABELS,
  INDUSTRY_LABELS,
  MODEL_WORKER_LABELS,
} from '../domain/household-codes';
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
} from '../domain/person-codes';
import { RECORD_DEFINITIONS, RECORD_TYPE_LABELS, fieldLabel, recordTypeSchema } from '../domain/records';
import {
  PRELIMINARY_RESULT_LABELS,
  SIGNER_ROLE_LABELS,
  VISIT_PURPOSE_LABELS,
  VISIT_STATUS_LABELS,
} from '../domain/visit';
import { maskBankCard } from '../loop/bank-card';
import { ENTRY_CHANNEL_LABELS, LOOP_STAGE_LABELS } from '../loop/stages';
import {
  ASSISTANCE_MEASURE_LABELS,
  COMPARISON_SOURCE_LABELS,
  EXIT_REASON_LABELS,
  FOLLOW_UP_TREND_LABELS,
} from '../loop/vocabulary';
import { ROLE_LABELS } from '../roles';
import { DELETED_FIELD } from '../sync/protocol';
import { formatFen } from '../validation/money';

/**
 * The one formatter of stored field values (走访调查表, 家庭档案, 家庭成员 and the case fields), used by the
 * review screens, the conflict cards, the audit log on screen and its CSV export: code lists by their
 * zh-CN labels, money in yuan, flags as 是/否, ID and bank-card numbers masked, times in China time, the
 * GPS position and photos summarised, nested values as "label：value" — never JSON, never a record id.
 * Field labels come from the record definitions in `shared/domain/` (the same words the forms use).
 */

type Labels = Readonly<Record<string | number, string>>;

/** Code-list fields of the household, member and visit records and the case fields, by field name. */
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
  fromStage: LOOP_STAGE_LABELS,
  toStage: LOOP_STAGE_LABELS,
  entryChannel: ENTRY_CHANNEL_LABELS,
  returnedBy: ROLE_LABELS,
  role: ROLE_LABELS,
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
  purpose: VISIT_PURPOSE_LABELS,
  trend: FOLLOW_UP_TREND_LABELS,
  kind: ATTACHMENT_KIND_LABELS,
};

/** Labels that depend on the record type (a visit's `status` is not a warning's). */
const TYPE_CODE_LABELS: Readonly<Record<string, Readonly<Record<string, Labels>>>> = {
  visit: { status: VISIT_STATUS_LABELS },
};

/** Fields holding an ID number: the first 6 and last 4 digits unless revealed (PIPL art. 28). */
const ID_NUMBER_FIELDS: ReadonlySet<string> = new Set(['headIdNumber', 'idNumber']);
/** Fields holding a bank-card number: always the last 4 digits. */
const BANK_CARD_FIELDS: ReadonlySet<string> = new Set(['bankCardNumber']);
/** Fields naming stored photos (sha256 lists). */
const PHOTO_LIST_FIELDS: ReadonlySet<string> = new Set(['attachmentShas', 'photoShas']);

export const EMPTY_VALUE = '—';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const SHA256 = /^[0-9a-f]{64}$/i;

export interface FormatOptions {
  /** Shows ID numbers in full (a reviewer asked to see them on the case page). Bank cards stay masked. */
  reveal?: boolean;
  /** The words for "nothing" (the review writes —, the tablet's conflict cards （空）). */
  empty?: string;
  /** The words for the two values of the delete pseudo-field `$deleted`. */
  deleted?: readonly [yes: string, no: string];
}

function isEmpty(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a string is a record id, a file hash or holds one: a reader can do nothing with it. */
export function isOpaqueId(value: unknown): boolean {
  return typeof value === 'string' && (UUID.test(value) || SHA256.test(value));
}

/** An ISO time as `YYYY-MM-DD HH:mm` in China time (UTC+8), the same on the server and every screen. */
export function formatChinaDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The zh-CN label of a field of a record type (or of any record type when `type` is null), else null. */
export function knownFieldLabel(type: string | null, field: string): string | null {
  if (field === DELETED_FIELD) return '是否删除此记录';
  const parsed = recordTypeSchema.safeParse(type);
  if (parsed.success) {
    const own = fieldLabel(parsed.data, field);
    if (own) return own;
    const items: Record<string, string> | undefined = (
      RECORD_DEFINITIONS[parsed.data] as { itemLabels?: Record<string, string> }
    ).itemLabels;
    if (items && Object.hasOwn(items, field)) return items[field] ?? null;
  }
  for (const other of ['household', 'member', 'visit'] as const) {
    const label = fieldLabel(other, field);
    if (label) return label;
  }
  return null;
}

/** The zh-CN label of a field; an unknown field keeps its key. */
export function fieldLabelOf(type: string | null, field: string): string {
  return knownFieldLabel(type, field) ?? field;
}

/** The labels of a field with a fixed list of choices (sex, causes, stage…), or null for free input. */
export function fieldOptionLabels(type: string | null, field: string): Labels | null {
  return (type ? TYPE_CODE_LABELS[type]?.[field] : undefined) ?? FIELD_CODE_LABELS[field] ?? null;
}

/** A GPS fix as "已记录 ±12 米" (the position itself is not what the log's reader checks). */
function formatGps(value: Record<string, unknown>): string {
  const accuracy = typeof value.accuracyM === 'number' ? ` ±${Math.round(value.accuracyM)} 米` : '';
  const at = typeof value.at === 'string' ? `（${formatChinaDateTime(value.at)}）` : '';
  return `已记录${accuracy}${at}`;
}

function formatChecklist(entries: readonly unknown[]): string {
  const items = entries.filter(isRecord);
  const provided = items.filter((entry) => entry.ticked === true);
  const photos = items.reduce(
    (sum, entry) => sum + (Array.isArray(entry.attachmentShas) ? entry.attachmentShas.length : 0),
    0,
  );
  const names = provided.map((entry) =>
    typeof entry.itemId === 'string' ? (checklistItemLabel(entry.itemId) ?? entry.itemId) : '',
  );
  const head = `已提供 ${provided.length} 项${photos > 0 ? `，照片 ${photos} 张` : ''}`;
  return names.length > 0 ? `${head}：${names.join('、')}` : head;
}

function formatSignatures(entries: readonly unknown[]): string {
  const names = entries.filter(isRecord).map((signature) => {
    const name = typeof signature.signerName === 'string' ? signature.signerName : '';
    const role =
      typeof signature.role === 'string' && Object.hasOwn(SIGNER_ROLE_LABELS, signature.role)
        ? SIGNER_ROLE_LABELS[signature.role as keyof typeof SIGNER_ROLE_LABELS]
        : '';
    return role ? `${name}（${role}）` : name;
  });
  return `${entries.length} 人签名：${names.join('、')}`;
}

/** Any JSON value as short text, for values with no field-specific rule. Never JSON, never a record id. */
export function formatPlain(value: unknown, options: FormatOptions = {}, type: string | null = null): string {
  const empty = options.empty ?? EMPTY_VALUE;
  if (isEmpty(value)) return empty;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return formatChinaDateTime(value);
    if (isOpaqueId(value)) return '（内部编号）';
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => formatPlain(item, options, type)).join('、');
  if (isRecord(value)) {
    return Object.entries(value)
      .filter(([, inner]) => !isEmpty(inner) && !isOpaqueId(inner))
      .map(([key, inner]) => `${fieldLabelOf(type, key)}：${formatFieldValue(type, key, inner, options)}`)
      .join('，');
  }
  return String(value);
}

/**
 * One value of `field` (of a `type` record, or of any record when null) as a person reads it on the
 * form. `reveal` shows ID numbers in full; bank cards are always masked.
 */
export function formatFieldValue(
  type: string | null,
  field: string,
  value: unknown,
  options: FormatOptions = {},
): string {
  if (field === DELETED_FIELD) {
    const [yes, no] = options.deleted ?? ['已删除', '未删除'];
    return value === true ? yes : no;
  }
  if (isEmpty(value)) return options.empty ?? EMPTY_VALUE;
  if (field === 'gps' && isRecord(value)) return formatGps(value);
  if (field === 'checklist' && Array.isArray(value)) return formatChecklist(value);
  if (field === 'signatures' && Array.isArray(value)) return formatSignatures(value);
  if (PHOTO_LIST_FIELDS.has(field) && Array.isArray(value)) return `照片 ${value.length} 张`;
  if ((field === 'attachmentSha' || field === 'sha256') && typeof value === 'string') return '已存档';
  if (field === 'itemId' || field === 'checklistItemId')
    return typeof value === 'string' ? (checklistItemLabel(value) ?? value) : formatPlain(value, options);
  const labels = fieldOptionLabels(type, field);
  if (labels) {
    const one = (item: unknown) =>
      typeof item === 'string' || typeof item === 'number'
        ? (labels[item] ?? String(item))
        : formatPlain(item, options, type);
    return Array.isArray(value) ? value.map(one).join('、') : one(value);
  }
  if (typeof value === 'number' && field.endsWith('Fen')) return formatFen(value);
  if (typeof value === 'number' && field === 'housingAreaM2') return `${value} 平方米`;
  if (typeof value === 'number' && field === 'schoolGrade') return `${value} 年级`;
  if (typeof value === 'number' && field === 'accuracyM') return `±${Math.round(value)} 米`;
  if (typeof value === 'number' && field === 'bytes') return `${Math.max(1, Math.round(value / 1024))} KB`;
  if (typeof value === 'string' && ID_NUMBER_FIELDS.has(field))
    return options.reveal ? value : maskIdNumber(value);
  if (typeof value === 'string' && (BANK_CARD_FIELDS.has(field) || field === 'bankCardLast4'))
    return maskBankCard(value);
  if (Array.isArray(value)) {
    const items = value.filter((item) => !isOpaqueId(item));
    if (items.length === 0) return `${value.length} 项`;
    return items.map((item) => formatFieldValue(type, field, item, options)).join('、');
  }
  return formatPlain(value, options, type);
}

/** The zh-CN name of a record type ("走访调查表"); an unknown type keeps its name. */
export function recordTypeLabel(type: string): string {
  const parsed = recordTypeSchema.safeParse(type);
  return parsed.success ? RECORD_TYPE_LABELS[parsed.data] : type;
}

/** A short name for a record, as lists show it: "张三户", "家庭成员 李四", "走访调查表 2026-03-09". */
export function recordTitle(type: string, data: Record<string, unknown> | null | undefined): string {
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
      return recordTypeLabel(type);
  }
}
