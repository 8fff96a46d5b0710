import { parseIdNumber } from '../validation/id-number';
import {
  ILLNESS_HEALTH_STATUSES,
  type DisabilityGrade,
  type DisabilityType,
  type Health,
  type Sex,
} from './person-codes';
import type { RuleContext } from './record-kit';

/** Field names of one person inside a record (the head's fields are prefixed, a member's are not). */
export type PersonKeys = {
  idNumber: string;
  birthDate: string;
  sex: string;
  health: string;
  diseaseName: string;
  disabilityType: string;
  disabilityGrade: string;
};

export type PersonValues = {
  idNumber?: string | null;
  birthDate?: string | null;
  sex?: Sex | null;
  health?: Health | null;
  diseaseName?: string | null;
  disabilityType?: DisabilityType | null;
  disabilityGrade?: DisabilityGrade | null;
};

/**
 * Rules shared by the head of household and members: birth date and sex must agree with the ID number;
 * a disability needs its grade (and no grade without one); illness needs the disease named.
 */
export function checkPerson(person: PersonValues, keys: PersonKeys, ctx: RuleContext): void {
  const info = person.idNumber ? parseIdNumber(person.idNumber, '9999-12-31') : null;
  if (info && person.birthDate && info.birthDate !== person.birthDate) {
    ctx.report(keys.birthDate, `与身份证号中的出生日期（${info.birthDate}）不一致`);
  }
  if (info && person.sex && info.sex !== person.sex) {
    ctx.report(keys.sex, `与身份证号（第17位）所示性别不一致`);
  }

  const type = person.disabilityType;
  if (type === 'none' && person.disabilityGrade) {
    ctx.report(keys.disabilityGrade, '不应填写：残疾类别为“无”');
  }
  if (ctx.mode === 'final' && type && type !== 'none' && !person.disabilityGrade) {
    ctx.report(keys.disabilityGrade, '必须填写：已选择残疾类别');
  }
  if (person.health === 'disabled' && type === 'none') {
    ctx.report(keys.disabilityType, '不能为“无”：健康状况为残疾');
  }
  if (ctx.mode === 'final' && person.health === 'disabled' && !type) {
    ctx.report(keys.disabilityType, '必须填写：健康状况为残疾');
  }
  if (
    ctx.mode === 'final' &&
    person.health &&
    ILLNESS_HEALTH_STATUSES.includes(person.health) &&
    !person.diseaseName
  ) {
    ctx.report(keys.diseaseName, '必须填写：健康状况为患病');
  }
}
