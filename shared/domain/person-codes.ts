import { z } from 'zod';

/** Enumerations describing a person (head of household or member), with their zh-CN labels for the UI. */

export const SEXES = ['male', 'female'] as const;
export const sexSchema = z.enum(SEXES);
export type Sex = z.infer<typeof sexSchema>;
export const SEX_LABELS: Record<Sex, string> = { male: '男', female: '女' };

export const POLITICAL_STATUSES = [
  'cpc_member',
  'cpc_probationary',
  'cyl_member',
  'democratic_party',
  'nonpartisan',
  'masses',
] as const;
export const politicalStatusSchema = z.enum(POLITICAL_STATUSES);
export type PoliticalStatus = z.infer<typeof politicalStatusSchema>;
export const POLITICAL_STATUS_LABELS: Record<PoliticalStatus, string> = {
  cpc_member: '中共党员',
  cpc_probationary: '中共预备党员',
  cyl_member: '共青团员',
  democratic_party: '民主党派成员',
  nonpartisan: '无党派人士',
  masses: '群众',
};

export const HEALTH_STATUSES = ['healthy', 'weak', 'chronic_illness', 'serious_illness', 'disabled'] as const;
export const healthSchema = z.enum(HEALTH_STATUSES);
export type Health = z.infer<typeof healthSchema>;
export const HEALTH_LABELS: Record<Health, string> = {
  healthy: '健康',
  weak: '体弱多病',
  chronic_illness: '患长期慢性病',
  serious_illness: '患重大疾病',
  disabled: '残疾',
};
/** Health states that call for the name of the disease. */
export const ILLNESS_HEALTH_STATUSES: readonly Health[] = ['chronic_illness', 'serious_illness'];

/** 残疾类别 (seven types of the disability certificate) plus "none". */
export const DISABILITY_TYPES = [
  'none',
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const;
export const disabilityTypeSchema = z.enum(DISABILITY_TYPES);
export type DisabilityType = z.infer<typeof disabilityTypeSchema>;
export const DISABILITY_TYPE_LABELS: Record<DisabilityType, string> = {
  none: '无',
  visual: '视力残疾',
  hearing: '听力残疾',
  speech: '言语残疾',
  physical: '肢体残疾',
  intellectual: '智力残疾',
  mental: '精神残疾',
  multiple: '多重残疾',
};

/** 残疾等级: grade 1 is the most severe. */
export const DISABILITY_GRADES = [1, 2, 3, 4] as const;
export const disabilityGradeSchema = z.literal(DISABILITY_GRADES, { error: '应为一级至四级' });
export type DisabilityGrade = z.infer<typeof disabilityGradeSchema>;
export const DISABILITY_GRADE_LABELS: Record<DisabilityGrade, string> = {
  1: '一级',
  2: '二级',
  3: '三级',
  4: '四级',
};

export const WORK_STATUSES = [
  'employed',
  'laid_off',
  'unemployed',
  'retired',
  'sick_retired',
  'internal_retired',
  'flexible',
  'other',
] as const;
export const workStatusSchema = z.enum(WORK_STATUSES);
export type WorkStatus = z.infer<typeof workStatusSchema>;
export const WORK_STATUS_LABELS: Record<WorkStatus, string> = {
  employed: '在岗',
  laid_off: '下岗',
  unemployed: '失业',
  retired: '退休',
  sick_retired: '病退',
  internal_retired: '内退',
  flexible: '灵活就业',
  other: '其他',
};

/** Members may also be children in school or below school age. */
export const MEMBER_WORK_STATUSES = [...WORK_STATUSES, 'student', 'preschool'] as const;
export const memberWorkStatusSchema = z.enum(MEMBER_WORK_STATUSES);
export type MemberWorkStatus = z.infer<typeof memberWorkStatusSchema>;
export const MEMBER_WORK_STATUS_LABELS: Record<MemberWorkStatus, string> = {
  ...WORK_STATUS_LABELS,
  student: '在校学生',
  preschool: '学龄前',
};

export const MEDICAL_INSURANCES = ['employee', 'resident', 'none'] as const;
export const medicalInsuranceSchema = z.enum(MEDICAL_INSURANCES);
export type MedicalInsurance = z.infer<typeof medicalInsuranceSchema>;
export const MEDICAL_INSURANCE_LABELS: Record<MedicalInsurance, string> = {
  employee: '职工基本医疗保险',
  resident: '城乡居民基本医疗保险',
  none: '未参保',
};

export const MARRIAGE_STATUSES = ['unmarried', 'married', 'divorced', 'widowed'] as const;
export const marriageSchema = z.enum(MARRIAGE_STATUSES);
export type Marriage = z.infer<typeof marriageSchema>;
export const MARRIAGE_LABELS: Record<Marriage, string> = {
  unmarried: '未婚',
  married: '已婚',
  divorced: '离异',
  widowed: '丧偶',
};

export const HUKOU_TYPES = ['urban', 'rural', 'resident'] as const;
export const hukouTypeSchema = z.enum(HUKOU_TYPES);
export type HukouType = z.infer<typeof hukouTypeSchema>;
export const HUKOU_TYPE_LABELS: Record<HukouType, string> = {
  urban: '城镇户口',
  rural: '农村户口',
  resident: '居民户口（城乡统一）',
};

export const RELATIONS = [
  'spouse',
  'child',
  'parent',
  'parent_in_law',
  'grandchild',
  'grandparent',
  'sibling',
  'other',
] as const;
export const relationSchema = z.enum(RELATIONS);
export type Relation = z.infer<typeof relationSchema>;
export const RELATION_LABELS: Record<Relation, string> = {
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  parent_in_law: '岳父母/公婆',
  grandchild: '孙子女/外孙子女',
  grandparent: '祖父母/外祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
};

export const SCHOOL_STAGES = [
  'kindergarten',
  'primary',
  'junior',
  'senior',
  'vocational',
  'college',
  'undergraduate',
  'postgraduate',
] as const;
export const schoolStageSchema = z.enum(SCHOOL_STAGES);
export type SchoolStage = z.infer<typeof schoolStageSchema>;
export const SCHOOL_STAGE_LABELS: Record<SchoolStage, string> = {
  kindergarten: '幼儿园',
  primary: '小学',
  junior: '初中',
  senior: '普通高中',
  vocational: '中等职业学校',
  college: '大专/高职',
  undergraduate: '本科',
  postgraduate: '研究生',
};
