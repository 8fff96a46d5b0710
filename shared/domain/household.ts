import { z } from 'zod';
import { typeError } from '../validation/messages';
import { caseStateSchema } from '../loop/case-state';
import type { CaseState } from '../loop/case-state';
import { entryChannelSchema, loopStageSchema } from '../loop/stages';
import { unitIdSchema } from '../org';
import { creditCodeSchema } from '../validation/credit-code';
import { dateSchema } from '../validation/dates';
import { idNumberSchema } from '../validation/id-number';
import { mobileSchema } from '../validation/mobile';
import { fenSchema } from '../validation/money';
import {
  bankCardNumberSchema,
  flagSchema,
  longTextSchema,
  personNameSchema,
  shortTextSchema,
} from './common-fields';
import { ethnicitySchema } from './ethnicity';
import {
  MAX_SECONDARY_CAUSES,
  categorySchema,
  causeSchema,
  employerNatureSchema,
  housingTypeSchema,
  industrySchema,
  modelWorkerSchema,
} from './household-codes';
import {
  disabilityGradeSchema,
  disabilityTypeSchema,
  healthSchema,
  hukouTypeSchema,
  marriageSchema,
  medicalInsuranceSchema,
  politicalStatusSchema,
  sexSchema,
  workStatusSchema,
} from './person-codes';
import { checkPerson } from './person-rules';
import { defineRecord, type DraftOf, type FinalOf } from './record-kit';

/**
 * The closed loop's state of the case (shared/loop/case-state.ts) beyond the four fields the household
 * file has anyway (stage, cycle, entryChannel, category). They live in the household record's flat data so
 * that sync carries them to tablets, but only the server's command service writes them (`CASE_FIELDS`).
 * `unitPath` is not stored: it is derived from the household's unit.
 */
export const householdCaseFields = caseStateSchema.omit({
  unitPath: true,
  stage: true,
  cycle: true,
  entryChannel: true,
  category: true,
}).shape;

const HOUSEHOLD_CASE_FIELD_LABELS: Record<keyof typeof householdCaseFields, string> = {
  stageEnteredAt: '进入当前环节时间',
  enteredOn: '登记日期',
  lastVisitId: '最近走访记录',
  visitSubmittedOn: '走访初审提交日期',
  missingMaterials: '缺少的材料',
  returnedBy: '退回单位',
  returnComments: '退回意见',
  returnItems: '需补正事项',
  returnCount: '退回次数',
  reviewAcceptedOn: '县总审核通过日期',
  comparedSources: '已比对数据来源',
  inconsistentSources: '比对不一致的数据来源',
  comparisonCompletedOn: '信息比对完成日期',
  suggestedCategory: '系统建议类别',
  classifiedOn: '分类认定日期',
  planMeasures: '帮扶措施',
  planTotalFen: '帮扶方案金额',
  planProposedOn: '帮扶方案提出日期',
  planApproved: '帮扶方案是否审批通过',
  planApprovedOn: '集体审批日期',
  noticeStartDate: '公示开始日期',
  noticeEndDate: '公示结束日期',
  openObjections: '待处理异议数',
  openObjectionIds: '待处理异议编号',
  objectionCount: '异议总数',
  noticeCompletedOn: '公示期满日期',
  cityFiled: '是否市总备案',
  cityFileNumber: '市总备案编号',
  cityFiledOn: '市总备案日期',
  disbursed: '是否已发放',
  disbursedTotalFen: '累计发放金额',
  lastDisbursedOn: '最近发放日期',
  lastFollowUpOn: '最近回访日期',
  exitReason: '退出原因',
  exitNoticeDate: '退出告知日期',
  phaseOutStartDate: '渐退期开始日期',
  phaseOutUntil: '渐退期截止日期',
  exitedOn: '退出日期',
};

/** A household's data key that only closed-loop commands may write (the stored part of `CaseState`). */
export type CaseField = Exclude<keyof CaseState, 'unitPath'>;

/**
 * Every key of the household record that only the server's closed-loop commands write. Tablets may set
 * the four household-file ones (stage, entryChannel, cycle, category) only to their opening values when
 * they create a new household; any other change to these keys through sync is refused.
 */
export const CASE_FIELDS: readonly CaseField[] = [
  'stage',
  'cycle',
  'entryChannel',
  'category',
  ...(Object.keys(householdCaseFields) as (keyof typeof householdCaseFields)[]),
];

const CASE_FIELD_SET: ReadonlySet<string> = new Set(CASE_FIELDS);

/** True for a household data key only commands may write. */
export function isCaseField(key: string): key is CaseField {
  return CASE_FIELD_SET.has(key);
}

/**
 * The household (困难职工家庭档案): the case. Its data holds the head of household, housing, employer,
 * income, causes, category, bank card and the case's place in the closed loop. Members and visits are
 * records of their own that point here through `householdId`.
 */
export const householdFields = {
  headName: personNameSchema,
  headEthnicity: ethnicitySchema,
  headSex: sexSchema,
  headPoliticalStatus: politicalStatusSchema,
  headIdNumber: idNumberSchema,
  headBirthDate: dateSchema,
  headHealth: healthSchema,
  headDiseaseName: shortTextSchema,
  headDisabilityType: disabilityTypeSchema,
  headDisabilityGrade: disabilityGradeSchema,
  headWorkStatus: workStatusSchema,
  headMarriage: marriageSchema,
  headHukouType: hukouTypeSchema,
  headMedicalInsurance: medicalInsuranceSchema,
  singleParent: flagSchema,
  modelWorker: modelWorkerSchema,
  mobile: mobileSchema,
  address: z
    .string({ error: typeError('必须是文字') })
    .trim()
    .min(1)
    .max(200),
  housingType: housingTypeSchema,
  /** Square metres. */
  housingAreaM2: z
    .number({ error: typeError('必须是数字') })
    .min(0)
    .max(10_000),
  employerName: shortTextSchema,
  employerCreditCode: creditCodeSchema,
  employerNature: employerNatureSchema,
  industry: industrySchema,
  headMonthlyIncomeFen: fenSchema,
  otherAnnualIncomeFen: fenSchema,
  medicalExpensesAnnualFen: fenSchema,
  disabilityExpensesAnnualFen: fenSchema,
  schoolingExpensesAnnualFen: fenSchema,
  /** Spending this year on a sudden hardship after insurance and compensation (意外致困支出). */
  hardshipSpendingAnnualFen: fenSchema,
  receivesDibao: flagSchema,
  zeroEmployment: flagSchema,
  mainCause: causeSchema,
  secondaryCauses: z.array(causeSchema, { error: typeError('必须是列表') }).max(MAX_SECONDARY_CAUSES),
  category: categorySchema,
  bankName: shortTextSchema,
  bankBranch: shortTextSchema,
  bankCardNumber: bankCardNumberSchema,
  unitId: unitIdSchema,
  stage: loopStageSchema,
  entryChannel: entryChannelSchema,
  /** How many times this household has been filed (返困 re-filing starts a new cycle). */
  cycle: z
    .number({ error: typeError('必须是数字') })
    .int()
    .min(1)
    .max(99),
  /** Filing date (建档日期), `YYYY-MM-DD`. */
  filedAt: dateSchema,
  filledBy: personNameSchema,
  reviewedBy: personNameSchema,
  enteredBy: personNameSchema,
  grassrootsOpinion: longTextSchema,
  grassrootsOpinionDate: dateSchema,
  countyOpinion: longTextSchema,
  countyOpinionDate: dateSchema,
  ...householdCaseFields,
};

export const HOUSEHOLD_FIELD_LABELS: Record<keyof typeof householdFields, string> = {
  headName: '户主姓名',
  headEthnicity: '户主民族',
  headSex: '户主性别',
  headPoliticalStatus: '户主政治面貌',
  headIdNumber: '户主身份证号',
  headBirthDate: '户主出生日期',
  headHealth: '户主健康状况',
  headDiseaseName: '户主所患疾病',
  headDisabilityType: '户主残疾类别',
  headDisabilityGrade: '户主残疾等级',
  headWorkStatus: '户主就业状况',
  headMarriage: '户主婚姻状况',
  headHukouType: '户主户口性质',
  headMedicalInsurance: '户主医疗保险',
  singleParent: '是否单亲家庭',
  modelWorker: '是否劳模',
  mobile: '联系电话',
  address: '家庭住址',
  housingType: '住房类型',
  housingAreaM2: '住房面积',
  employerName: '工作单位',
  employerCreditCode: '工作单位统一社会信用代码',
  employerNature: '单位性质',
  industry: '所属行业',
  headMonthlyIncomeFen: '户主月收入',
  otherAnnualIncomeFen: '家庭其他年收入',
  medicalExpensesAnnualFen: '年医疗刚性支出',
  disabilityExpensesAnnualFen: '年残疾刚性支出',
  schoolingExpensesAnnualFen: '年子女就学刚性支出',
  hardshipSpendingAnnualFen: '年意外致困支出',
  receivesDibao: '是否低保户',
  zeroEmployment: '是否零就业家庭',
  mainCause: '主要致困原因',
  secondaryCauses: '次要致困原因',
  category: '困难类别',
  bankName: '开户银行',
  bankBranch: '开户网点',
  bankCardNumber: '银行卡号',
  unitId: '所属网格',
  stage: '闭环环节',
  entryChannel: '申报渠道',
  cycle: '建档次数',
  filedAt: '建档日期',
  filledBy: '填表人',
  reviewedBy: '审核人',
  enteredBy: '录入人',
  grassrootsOpinion: '基层工会意见',
  grassrootsOpinionDate: '基层工会意见日期',
  countyOpinion: '县级工会意见',
  countyOpinionDate: '县级工会意见日期',
  ...HOUSEHOLD_CASE_FIELD_LABELS,
};

const HOUSEHOLD_REQUIRED = [
  'headName',
  'headEthnicity',
  'headSex',
  'headPoliticalStatus',
  'headIdNumber',
  'headBirthDate',
  'headHealth',
  'headDisabilityType',
  'headWorkStatus',
  'headMarriage',
  'headHukouType',
  'headMedicalInsurance',
  'singleParent',
  'mobile',
  'address',
  'housingType',
  'headMonthlyIncomeFen',
  'otherAnnualIncomeFen',
  'medicalExpensesAnnualFen',
  'disabilityExpensesAnnualFen',
  'schoolingExpensesAnnualFen',
  'receivesDibao',
  'zeroEmployment',
  'mainCause',
  'category',
  'bankName',
  'bankCardNumber',
  'unitId',
  'stage',
  'entryChannel',
  'cycle',
] as const satisfies readonly (keyof typeof householdFields)[];

/** Work states in which the head has a current employer that the form must name. */
const EMPLOYED_STATES: readonly string[] = ['employed', 'internal_retired'];

export const householdDefinition = defineRecord({
  term: '困难职工家庭档案',
  fields: householdFields,
  labels: HOUSEHOLD_FIELD_LABELS,
  required: HOUSEHOLD_REQUIRED,
  notAfterToday: ['headBirthDate', 'filedAt', 'grassrootsOpinionDate', 'countyOpinionDate'],
  idNumberFields: ['headIdNumber'],
  rules(data, ctx) {
    checkPerson(
      {
        idNumber: data.headIdNumber,
        birthDate: data.headBirthDate,
        sex: data.headSex,
        health: data.headHealth,
        diseaseName: data.headDiseaseName,
        disabilityType: data.headDisabilityType,
        disabilityGrade: data.headDisabilityGrade,
      },
      {
        idNumber: 'headIdNumber',
        birthDate: 'headBirthDate',
        sex: 'headSex',
        health: 'headHealth',
        diseaseName: 'headDiseaseName',
        disabilityType: 'headDisabilityType',
        disabilityGrade: 'headDisabilityGrade',
      },
      ctx,
    );
    const secondary = data.secondaryCauses ?? [];
    if (data.mainCause && secondary.includes(data.mainCause)) {
      ctx.report('secondaryCauses', '不能包含主要致困原因');
    }
    if (new Set(secondary).size !== secondary.length) ctx.report('secondaryCauses', '不能重复');
    if (ctx.mode === 'final' && data.headWorkStatus && EMPLOYED_STATES.includes(data.headWorkStatus)) {
      if (!data.employerName) ctx.report('employerName', '必须填写：户主在岗');
      if (!data.employerNature) ctx.report('employerNature', '必须填写：户主在岗');
    }
    if (data.grassrootsOpinion && !data.grassrootsOpinionDate && ctx.mode === 'final') {
      ctx.report('grassrootsOpinionDate', '必须填写：已填写基层工会意见');
    }
    if (data.countyOpinion && !data.countyOpinionDate && ctx.mode === 'final') {
      ctx.report('countyOpinionDate', '必须填写：已填写县级工会意见');
    }
  },
});

export type HouseholdDraft = DraftOf<typeof householdFields>;
export type Household = FinalOf<typeof householdFields, (typeof HOUSEHOLD_REQUIRED)[number]>;

/** Values a new household starts with on the tablet. */
export const NEW_HOUSEHOLD_DEFAULTS = {
  stage: 'entry',
  category: 'unclassified',
  cycle: 1,
  secondaryCauses: [],
} as const satisfies HouseholdDraft;
