import { z } from 'zod';
import { typeError } from '../validation/messages';
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
