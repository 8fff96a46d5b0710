import { z } from 'zod';
import { typeError } from '../validation/messages';
import { unitIdSchema } from '../org';
import { dateSchema, isoDateTimeSchema } from '../validation/dates';
import { fenSchema } from '../validation/money';
import { longTextSchema, personNameSchema, recordIdSchema, sha256Schema } from './common-fields';
import {
  applicantKindSchema,
  checklistItemIds,
  missingChecklistItems,
  type ApplicantKind,
} from './checklist';
import { categorySchema } from './household-codes';
import { followUpTrendSchema } from '../loop/vocabulary';
import { defineRecord, type DraftOf, type FinalOf } from './record-kit';

/** Position from the tablet, kept as one atomic value; null when the tablet could not get a fix. */
export const gpsSchema = z.strictObject({
  lat: z
    .number({ error: typeError('必须是数字') })
    .min(-90)
    .max(90),
  lng: z
    .number({ error: typeError('必须是数字') })
    .min(-180)
    .max(180),
  accuracyM: z.number({ error: typeError('必须是数字') }).min(0),
  at: isoDateTimeSchema,
});
export type Gps = z.infer<typeof gpsSchema>;

export const checklistEntrySchema = z.strictObject({
  itemId: z.string({ error: typeError('必须是文字') }).min(1),
  ticked: z.boolean({ error: typeError('必须选择“是”或“否”') }),
  attachmentShas: z.array(sha256Schema).max(20),
});

export const SIGNER_ROLES = ['head', 'adult', 'guardian'] as const;
export const signerRoleSchema = z.enum(SIGNER_ROLES);
export type SignerRole = z.infer<typeof signerRoleSchema>;
export const SIGNER_ROLE_LABELS: Record<SignerRole, string> = {
  head: '户主',
  adult: '成年家庭成员',
  guardian: '未成年人监护人',
};

/** One signature on the verification authorization (家庭经济状况核对承诺授权书). */
export const signatureSchema = z
  .strictObject({
    /** The signing member's record id; null for the head of household. */
    memberId: recordIdSchema.nullable(),
    signerName: personNameSchema,
    role: signerRoleSchema,
    /** For a guardian: the minor signed for. */
    minorName: personNameSchema.nullable().optional(),
    signedAt: isoDateTimeSchema,
    /** The signature image, stored as an attachment. */
    attachmentSha: sha256Schema,
  })
  .refine((s) => s.role !== 'guardian' || Boolean(s.minorName), {
    message: '为监护人签名时必须填写被监护的未成年人姓名',
    path: ['minorName'],
  });
export type Signature = z.infer<typeof signatureSchema>;

export const PRELIMINARY_RESULTS = ['pass', 'fail'] as const;
export const preliminaryResultSchema = z.enum(PRELIMINARY_RESULTS);
export type PreliminaryResult = z.infer<typeof preliminaryResultSchema>;
export const PRELIMINARY_RESULT_LABELS: Record<PreliminaryResult, string> = {
  pass: '初审通过',
  fail: '初审不通过',
};

/** Why the visit was made: an application (入户走访初审) or a follow-up of a filed household (动态管理回访). */
export const VISIT_PURPOSES = ['apply', 'followUp'] as const;
export const visitPurposeSchema = z.enum(VISIT_PURPOSES);
export type VisitPurpose = z.infer<typeof visitPurposeSchema>;
export const VISIT_PURPOSE_LABELS: Record<VisitPurpose, string> = {
  apply: '申请救助走访',
  followUp: '动态管理回访',
};

export const VISIT_STATUSES = ['draft', 'final'] as const;
export const visitStatusSchema = z.enum(VISIT_STATUSES);
export type VisitStatus = z.infer<typeof visitStatusSchema>;
export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = { draft: '草稿', final: '已定稿' };

/** The household visit form (走访调查表): one visit to one household. */
export const visitFields = {
  householdId: recordIdSchema,
  unitId: unitIdSchema,
  visitRoundId: recordIdSchema,
  visitDate: dateSchema,
  visitorName: personNameSchema,
  gps: gpsSchema,
  findings: longTextSchema,
  applicantKind: applicantKindSchema,
  checklist: z.array(checklistEntrySchema, { error: typeError('必须是列表') }).max(100),
  signatures: z.array(signatureSchema, { error: typeError('必须是列表') }).max(30),
  preliminaryOpinion: longTextSchema,
  preliminaryResult: preliminaryResultSchema,
  /** Figures computed when the visit was saved, kept so the review sees what the worker saw. */
  householdSize: z
    .number({ error: typeError('必须是数字') })
    .int()
    .min(1)
    .max(50),
  annualIncomeFen: fenSchema,
  rigidExpensesFen: fenSchema,
  perCapitaMonthlyIncomeFen: fenSchema,
  suggestedCategory: categorySchema,
  /**
   * The county's 低保 standard the suggestion was made against (in force on the visit's date) and the day
   * it took effect: a visit keeps the standard it used after the county sets a new one.
   */
  dibaoStandardFen: fenSchema,
  dibaoStandardFrom: dateSchema,
  status: visitStatusSchema,
  /** Absent on visits made before follow-ups existed: an application. */
  purpose: visitPurposeSchema,
  /** A follow-up's finding on the household's situation since the last visit (家庭状况变化). */
  trend: followUpTrendSchema,
};

export const VISIT_FIELD_LABELS: Record<keyof typeof visitFields, string> = {
  householdId: '所属家庭',
  unitId: '走访单位',
  visitRoundId: '走访轮次',
  visitDate: '走访日期',
  visitorName: '走访人',
  gps: 'GPS 位置',
  findings: '走访情况',
  applicantKind: '申请人类型',
  checklist: '材料清单',
  signatures: '授权书签名',
  preliminaryOpinion: '初审意见',
  preliminaryResult: '初审结论',
  householdSize: '家庭人口数',
  annualIncomeFen: '家庭年收入',
  rigidExpensesFen: '家庭年刚性支出',
  perCapitaMonthlyIncomeFen: '家庭月人均收入',
  suggestedCategory: '建议困难类别',
  dibaoStandardFen: '所用低保标准',
  dibaoStandardFrom: '所用低保标准生效日期',
  status: '表单状态',
  purpose: '走访类型',
  trend: '家庭状况变化',
};

const VISIT_ITEM_LABELS: Record<string, string> = {
  lat: '纬度',
  lng: '经度',
  accuracyM: '精度',
  at: '定位时间',
  itemId: '材料编号',
  ticked: '是否已提供',
  attachmentShas: '照片',
  memberId: '签名成员',
  signerName: '签名人姓名',
  role: '签名身份',
  minorName: '被监护人姓名',
  signedAt: '签名时间',
  attachmentSha: '签名图片',
};

const VISIT_REQUIRED = [
  'householdId',
  'unitId',
  'visitDate',
  'visitorName',
  'findings',
  'applicantKind',
  'checklist',
  'signatures',
  'preliminaryOpinion',
  'preliminaryResult',
  'householdSize',
  'perCapitaMonthlyIncomeFen',
  'status',
] as const satisfies readonly (keyof typeof visitFields)[];

// Each kind's item ids as a set, built once: every visit validation looks entries up in it.
const KNOWN_ITEM_IDS: Record<ApplicantKind, ReadonlySet<string>> = {
  new: new Set(checklistItemIds('new')),
  filed: new Set(checklistItemIds('filed')),
};

export const visitDefinition = defineRecord({
  term: '走访调查表',
  fields: visitFields,
  labels: VISIT_FIELD_LABELS,
  itemLabels: VISIT_ITEM_LABELS,
  required: VISIT_REQUIRED,
  notAfterToday: ['visitDate'],
  rules(data, ctx) {
    const checklist = data.checklist ?? [];
    const seen = new Set<string>();
    const known = data.applicantKind ? KNOWN_ITEM_IDS[data.applicantKind] : null;
    checklist.forEach((entry, index) => {
      if (seen.has(entry.itemId)) ctx.report(['checklist', index, 'itemId'], '重复');
      seen.add(entry.itemId);
      if (known && !known.has(entry.itemId))
        ctx.report(['checklist', index, 'itemId'], '不属于该类申请人的材料清单');
    });
    if (ctx.mode !== 'final') return;
    if (data.applicantKind && data.checklist) {
      for (const missing of missingChecklistItems(data.applicantKind, data.checklist)) {
        ctx.report('checklist', `缺少${missing.label}`);
      }
    }
    if (data.signatures && !data.signatures.some((s) => s.role === 'head')) {
      ctx.report('signatures', '缺少户主签名');
    }
  },
});

export type VisitDraft = DraftOf<typeof visitFields>;
export type Visit = FinalOf<typeof visitFields, (typeof VISIT_REQUIRED)[number]>;
