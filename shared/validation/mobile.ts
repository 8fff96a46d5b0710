import { z } from 'zod';
import { typeError } from './messages';

/** Mainland mobile numbers: 11 digits, starting 13–19. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export function isValidMobile(value: string): boolean {
  return MOBILE_PATTERN.test(value);
}

export const mobileSchema = z
  .string({ error: typeError('必须是文字') })
  .trim()
  .regex(MOBILE_PATTERN, '应为11位手机号码（以1开头，第二位为3–9）');
