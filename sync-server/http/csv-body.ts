import { HttpError } from './errors';

/** Upload limit of CSV bodies (comparison results, unit lists, account lists). */
export const CSV_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * The bytes of an uploaded CSV file as text. Files from Excel on a Chinese Windows PC are often GB18030
 * (GBK): `charset=` in the content type decides when given, else UTF-8 with a GB18030 fallback. Used by
 * the comparison import, the unit list import and the account import.
 */
export function decodeCsv(body: Buffer, contentType: string | undefined): string {
  const charset = /charset=([^;]+)/i
    .exec(contentType ?? '')?.[1]
    ?.trim()
    .replace(/^"|"$/g, '');
  if (charset) {
    try {
      return new TextDecoder(charset).decode(body);
    } catch {
      throw new HttpError(415, 'unsupported_charset', `不支持的文件编码：${charset}`);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}
