import { HttpError } from './errors';

/** Upload limit of CSV bodies (comparison results, unit lists). */
export const CSV_LIMIT_BYTES = 5 * 1024 * 1024;

/** CSV files from Excel are often GB18030 (GBK); `charset=` decides when given, else UTF-8 with a fallback. */
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
