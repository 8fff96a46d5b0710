import { z } from 'zod';
import { typeError } from './messages';
import { isRealDate } from './dates';
import { todayInChina } from './clock';

/**
 * 居民身份证号 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male),
 * check character. Address codes are deliberately not checked against GB/T 2260: retired codes stay on
 * valid cards.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';

export type IdNumberSex = 'male' | 'female';
export type IdNumberInfo = { idNumber: string; birthDate: string; sex: IdNumberSex };
export type IdNumberCheck = ({ ok: true } & IdNumberInfo) | { ok: false; problem: string };

/** The check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/**
 * Checks an ID number and explains the first problem in words that complete a field label
 * ("户主身份证号" + "校验位错误"). Lower-case x is accepted and returned upper-case.
 */
export function checkIdNumber(value: string, today: string = todayInChina()): IdNumberCheck {
  const idNumber = value.trim().toUpperCase();
  if (idNumber.length !== 18) return { ok: false, problem: `应为18位，当前${idNumber.length}位` };
  if (!/^\d{17}$/.test(idNumber.slice(0, 17))) return { ok: false, problem: '前17位必须是数字' };
  if (!/^[\dX]$/.test(idNumber.slice(17))) return { ok: false, problem: '最后一位必须是数字或X' };
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (!isRealDate(birthDate)) return { ok: false, problem: `中的出生日期${birthDate}不存在` };
  if (birthDate < EARLIEST_BIRTH_DATE) return { ok: false, problem: `中的出生日期${birthDate}早于1900年` };
  if (birthDate > today) return { ok: false, problem: `中的出生日期${birthDate}晚于今天` };
  if (idNumberCheckChar(idNumber) !== idNumber[17]) return { ok: false, problem: '校验位错误' };
  const sex: IdNumberSex = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, idNumber, birthDate, sex };
}

/** Birth date and sex from a valid ID number, or null when it is not valid. */
export function parseIdNumber(value: string, today: string = todayInChina()): IdNumberInfo | null {
  const result = checkIdNumber(value, today);
  return result.ok ? { idNumber: result.idNumber, birthDate: result.birthDate, sex: result.sex } : null;
}

/**
 * ID number schema without the "born after today" rule, so it is the same on every day; record
 * validation applies that rule with an explicit today. Outputs the upper-case form.
 */
export const idNumberSchema = z
  .string({ error: typeError('必须是文字') })
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const result = checkIdNumber(value, '9999-12-31');
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.problem });
  });

/** ID number schema that also refuses birth dates after `today`. */
export function idNumberSchemaAsOf(today: string = todayInChina()) {
  return z
    .string({ error: typeError('必须是文字') })
    .trim()
    .toUpperCase()
    .superRefine((value, ctx) => {
      const result = checkIdNumber(value, today);
      if (!result.ok) ctx.addIssue({ code: 'custom', message: result.problem });
    });
}
