import { z } from 'zod';
import { typeError } from '../validation/messages';
import { dateSchema } from '../validation/dates';
import { idNumberSchema } from '../validation/id-number';
import { fenSchema } from '../validation/money';
import { personNameSchema, recordIdSchema, shortTextSchema } from './common-fields';
import {
  disabilityGradeSchema,
  disabilityTypeSchema,
  healthSchema,
  medicalInsuranceSchema,
  memberWorkStatusSchema,
  relationSchema,
  schoolStageSchema,
  sexSchema,
} from './person-codes';
import { checkPerson } from './person-rules';
import { defineRecord, type DraftOf, type FinalOf } from './record-kit';

/**
 * A household member (家庭成员) other than the head. A record of its own, so two tablets adding members
 * to one household never collide.
 */
export const memberFields = {
  householdId: recordIdSchema,
  name: personNameSchema,
  relation: relationSchema,
  idNumber: idNumberSchema,
  sex: sexSchema,
  birthDate: dateSchema,
  monthlyIncomeFen: fenSchema,
  health: healthSchema,
  diseaseName: shortTextSchema,
  disabilityType: disabilityTypeSchema,
  disabilityGrade: disabilityGradeSchema,
  medicalInsurance: medicalInsuranceSchema,
  workStatus: memberWorkStatusSchema,
  schoolName: shortTextSchema,
  schoolStage: schoolStageSchema,
  /** Year within the school stage (一年级 = 1). */
  schoolGrade: z
    .number({ error: typeError('必须是数字') })
    .int()
    .min(1)
    .max(9),
};

export const MEMBER_FIELD_LABELS: Record<keyof typeof memberFields, string> = {
  householdId: '所属家庭',
  name: '成员姓名',
  relation: '与户主关系',
  idNumber: '成员身份证号',
  sex: '成员性别',
  birthDate: '成员出生日期',
  monthlyIncomeFen: '成员月收入',
  health: '成员健康状况',
  diseaseName: '成员所患疾病',
  disabilityType: '成员残疾类别',
  disabilityGrade: '成员残疾等级',
  medicalInsurance: '成员医疗保险',
  workStatus: '成员就业/就学状况',
  schoolName: '就读学校',
  schoolStage: '就读学段',
  schoolGrade: '就读年级',
};

const MEMBER_REQUIRED = [
  'householdId',
  'name',
  'relation',
  'idNumber',
  'sex',
  'birthDate',
  'monthlyIncomeFen',
  'health',
  'disabilityType',
  'medicalInsurance',
  'workStatus',
] as const satisfies readonly (keyof typeof memberFields)[];

export const memberDefinition = defineRecord({
  term: '家庭成员',
  fields: memberFields,
  labels: MEMBER_FIELD_LABELS,
  required: MEMBER_REQUIRED,
  notAfterToday: ['birthDate'],
  idNumberFields: ['idNumber'],
  rules(data, ctx) {
    checkPerson(
      data,
      {
        idNumber: 'idNumber',
        birthDate: 'birthDate',
        sex: 'sex',
        health: 'health',
        diseaseName: 'diseaseName',
        disabilityType: 'disabilityType',
        disabilityGrade: 'disabilityGrade',
      },
      ctx,
    );
    if (ctx.mode === 'final' && data.workStatus === 'student') {
      if (!data.schoolName) ctx.report('schoolName', '必须填写：成员为在校学生');
      if (!data.schoolStage) ctx.report('schoolStage', '必须填写：成员为在校学生');
    }
  },
});

export type MemberDraft = DraftOf<typeof memberFields>;
export type Member = FinalOf<typeof memberFields, (typeof MEMBER_REQUIRED)[number]>;
