import { z } from 'zod';
import { typeError } from './messages';

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A–Y without I, O, Z, S, V; the 18th is
 * the check character: weights 3^(i−1) mod 31, check = 31 − (sum mod 31), with 31 written as 0.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

export type CreditCodeCheck = { ok: true; creditCode: string } | { ok: false; problem: string };

/** The check character for the first 17 characters (which must be in the charset). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0);
  const check = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check] ?? '';
}

/** Checks a credit code; the problem completes a field label ("用人单位统一社会信用代码" + "校验位错误"). */
export function checkCreditCode(value: string): CreditCodeCheck {
  const creditCode = value.trim().toUpperCase();
  if (creditCode.length !== 18) return { ok: false, problem: `应为18位，当前${creditCode.length}位` };
  for (const char of creditCode) {
    if (!CREDIT_CODE_CHARSET.includes(char)) {
      return { ok: false, problem: `含有无效字符“${char}”（只能是数字和除 I、O、Z、S、V 外的大写字母）` };
    }
  }
  if (creditCodeCheckChar(creditCode) !== creditCode[17]) return { ok: false, problem: '校验位错误' };
  return { ok: true, creditCode };
}

export function isValidCreditCode(value: string): boolean {
  return checkCreditCode(value).ok;
}

/** Credit code schema; outputs the upper-case form. */
export const creditCodeSchema = z
  .string({ error: typeError('必须是文字') })
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const result = checkCreditCode(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.problem });
  });
