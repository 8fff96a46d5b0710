import { z } from 'zod';
import { typeError } from '../validation/messages';

/** Field schemas used by several record types. Messages are fragments that follow the field's label. */

/** Record ids are generated on the device (UUIDs) or by the server; any url-safe token is accepted. */
export const recordIdSchema = z
  .string({ error: typeError('必须是文字') })
  .regex(/^[0-9A-Za-z_-]{1,64}$/, '不是有效的记录编号');

/** Content address of an attachment: lower-case hex sha256. */
export const sha256Schema = z
  .string({ error: typeError('必须是文字') })
  .regex(/^[0-9a-f]{64}$/, '不是有效的 SHA-256 摘要');

/** A person's name as written on the ID card (minority names may contain "·"). */
export const personNameSchema = z
  .string({ error: typeError('必须是文字') })
  .trim()
  .min(1)
  .max(30);

/** One-line text such as a place or a bank name. */
export const shortTextSchema = z
  .string({ error: typeError('必须是文字') })
  .trim()
  .min(1)
  .max(100);

/** Free text such as findings or opinions. */
export const longTextSchema = z
  .string({ error: typeError('必须是文字') })
  .trim()
  .min(1)
  .max(5000);

export const flagSchema = z.boolean({ error: typeError('必须选择“是”或“否”') });

/** Bank card numbers: 12–19 digits. Not every issuer follows Luhn, so only the shape is checked. */
export const bankCardNumberSchema = z
  .string({ error: typeError('必须是文字') })
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{12,19}$/, '应为12至19位数字'));
