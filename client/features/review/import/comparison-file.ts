import { COMPARISON_CSV_HEADERS } from '../../../../shared/cases/comparison-csv';

/**
 * The comparison CSV on the county's side: the template to download and reading the file the comparison
 * centre returns, which Excel on a Chinese Windows PC saves in GBK unless told otherwise.
 */

/** The header line the server accepts, in its first spelling per column. */
export const TEMPLATE_HEADER = [
  COMPARISON_CSV_HEADERS.idNumber[0],
  COMPARISON_CSV_HEADERS.source[0],
  COMPARISON_CSV_HEADERS.result[0],
  COMPARISON_CSV_HEADERS.note[0],
].join(',');

/** The template file: a UTF-8 byte-order mark (so Excel reads the Chinese header) and the header line. */
export function templateCsv(): string {
  return `\uFEFF${TEMPLATE_HEADER}\r\n`;
}

/** Bytes of a CSV file as text: UTF-8 when the bytes are valid UTF-8, otherwise GBK (GB18030). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
