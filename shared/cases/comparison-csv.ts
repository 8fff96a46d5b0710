import {
  COMPARISON_RESULTS,
  COMPARISON_RESULT_LABELS,
  COMPARISON_SOURCES,
  COMPARISON_SOURCE_LABELS,
} from '../loop/vocabulary';
import type { ComparisonResult, ComparisonSource } from '../loop/vocabulary';

/**
 * The information-comparison CSV the comparison centre sends back (信息比对结果): one row per person and
 * data source, matched to cases by ID number. Pure, so the county screen can preview a file with the same
 * rules the server applies.
 */

/** Accepted header names per column (trimmed, case-insensitive for the Latin ones). */
export const COMPARISON_CSV_HEADERS = {
  idNumber: ['身份证号', '身份证号码', '公民身份号码', 'idNumber', 'id_number'],
  source: ['数据来源', '比对来源', '比对数据来源', '来源', 'source'],
  result: ['结果', '比对结果', 'result'],
  note: ['备注', '说明', '比对说明', 'note'],
} as const;
export type ComparisonCsvColumn = keyof typeof COMPARISON_CSV_HEADERS;

/** Extra spellings of the sources besides their codes and `COMPARISON_SOURCE_LABELS`. */
const SOURCE_ALIASES: Record<string, ComparisonSource> = {
  低保: 'civil_affairs_dibao',
  民政: 'civil_affairs_dibao',
  社保: 'social_insurance',
  房产: 'real_estate',
  不动产登记: 'real_estate',
  机动车: 'vehicles',
  工商: 'business_registration',
  市场主体登记: 'business_registration',
  公积金: 'provident_fund',
  银行: 'bank_deposits',
};

/** Extra spellings of the results besides their codes and `COMPARISON_RESULT_LABELS`. */
const RESULT_ALIASES: Record<string, ComparisonResult> = {
  相符: 'consistent',
  无异常: 'consistent',
  不相符: 'inconsistent',
  异常: 'inconsistent',
  有异常: 'inconsistent',
};

function lookup<T extends string>(
  codes: readonly T[],
  labels: Record<T, string>,
  aliases: Record<string, T>,
  raw: string,
): T | null {
  const text = raw.trim();
  const lower = text.toLowerCase();
  for (const code of codes) {
    if (code === lower || labels[code] === text) return code;
  }
  return aliases[text] ?? null;
}

export function parseComparisonSource(raw: string): ComparisonSource | null {
  return lookup(COMPARISON_SOURCES, COMPARISON_SOURCE_LABELS, SOURCE_ALIASES, raw);
}

export function parseComparisonResult(raw: string): ComparisonResult | null {
  return lookup(COMPARISON_RESULTS, COMPARISON_RESULT_LABELS, RESULT_ALIASES, raw);
}

/**
 * Splits CSV text (RFC 4180: quoted fields may hold commas, quotes as "" and line breaks; CRLF or LF) into
 * rows, each with the 1-based line it starts on. A leading byte-order mark is dropped; blank lines are
 * skipped.
 */
export function splitCsv(text: string): { line: number; cells: string[] }[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      cell = '';
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

export interface ComparisonCsvRow {
  line: number;
  /** Upper-case X; not yet checked against GB 11643 (the server reports bad numbers as unmatched). */
  idNumber: string;
  source: ComparisonSource;
  result: ComparisonResult;
  note: string;
}

export interface ComparisonCsvParse {
  rows: ComparisonCsvRow[];
  /** Problems that stop a row (or the whole file, line 1) from being read; zh-CN. */
  errors: { line: number; message: string }[];
}

function headerIndex(header: readonly string[], column: ComparisonCsvColumn): number {
  const names: readonly string[] = COMPARISON_CSV_HEADERS[column];
  return header.findIndex((name) => {
    const text = name.trim();
    return names.some((n) => n === text || n.toLowerCase() === text.toLowerCase());
  });
}

/** Reads the comparison CSV: header line first, then one row per person and source. */
export function parseComparisonCsv(text: string): ComparisonCsvParse {
  const lines = splitCsv(text);
  const [head, ...body] = lines;
  if (!head) return { rows: [], errors: [{ line: 1, message: '文件为空，没有表头和数据' }] };
  const index = {
    idNumber: headerIndex(head.cells, 'idNumber'),
    source: headerIndex(head.cells, 'source'),
    result: headerIndex(head.cells, 'result'),
    note: headerIndex(head.cells, 'note'),
  };
  const missing = (['idNumber', 'source', 'result'] as const).filter((column) => index[column] < 0);
  if (missing.length > 0) {
    const names = missing.map((column) => COMPARISON_CSV_HEADERS[column][0]).join('、');
    return {
      rows: [],
      errors: [{ line: head.line, message: `表头缺少列：${names}（表头应为“身份证号,数据来源,结果,备注”）` }],
    };
  }
  const rows: ComparisonCsvRow[] = [];
  const errors: { line: number; message: string }[] = [];
  for (const { line, cells } of body) {
    const at = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
    const idNumber = at(index.idNumber).toUpperCase();
    const sourceText = at(index.source);
    const resultText = at(index.result);
    const note = at(index.note);
    const source = parseComparisonSource(sourceText);
    const result = parseComparisonResult(resultText);
    const problems: string[] = [];
    if (idNumber === '') problems.push('缺少身份证号');
    if (source === null) problems.push(`无法识别的数据来源“${sourceText}”`);
    if (result === null) problems.push(`无法识别的比对结果“${resultText}”（应为“一致”或“不一致”）`);
    if (result === 'inconsistent' && note === '') problems.push('比对不一致时须填写备注');
    if (note.length > 500) problems.push('备注不能超过500个字');
    if (problems.length > 0 || source === null || result === null) {
      errors.push({ line, message: problems.join('；') });
      continue;
    }
    rows.push({ line, idNumber, source, result, note });
  }
  return { rows, errors };
}
