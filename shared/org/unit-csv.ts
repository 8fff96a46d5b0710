import { splitCsv } from '../cases/comparison-csv';
import { UNIT_LEVEL_LABELS, type UnitLevel } from '../org';

/**
 * The unit list a city already keeps (单位名册), as CSV: one unit per row, parents before or after their
 * children. Pure, so the screen previews with the server's rules. Encoding (UTF-8 or GBK from Excel) is
 * decided before this, by the caller.
 */
export const UNIT_CSV_HEADERS = {
  code: ['编码', '单位编码', '行政区划代码', '区划代码', 'code'],
  name: ['名称', '单位名称', 'name'],
  level: ['级别', '单位级别', '层级', 'level'],
  parentCode: ['上级编码', '上级单位编码', '上级代码', 'parentCode', 'parent_code'],
  creditCode: ['统一社会信用代码', '信用代码', 'creditCode'],
} as const;
type Column = keyof typeof UNIT_CSV_HEADERS;

/** The template's header line (the first spelling of each column). */
export const UNIT_CSV_TEMPLATE_HEADER = (Object.keys(UNIT_CSV_HEADERS) as Column[])
  .map((column) => UNIT_CSV_HEADERS[column][0])
  .join(',');

const LEVEL_ALIASES: Record<string, UnitLevel> = {
  县: 'county',
  区: 'county',
  县区: 'county',
  '县（区）': 'county',
  '县(区)': 'county',
  县级: 'county',
  乡镇: 'township',
  街道: 'township',
  乡镇街道: 'township',
  '乡镇（街道）': 'township',
  '乡镇(街道)': 'township',
  乡级: 'township',
  社区: 'grid',
  网格: 'grid',
  村: 'grid',
  '社区/网格': 'grid',
  社区网格: 'grid',
  企业: 'enterprise',
  企业工会: 'enterprise',
};

/** A level as written in the file (Chinese label, alias or code), or null. */
export function parseUnitLevel(raw: string): UnitLevel | null {
  const text = raw.trim();
  for (const [level, label] of Object.entries(UNIT_LEVEL_LABELS)) {
    if (level === text.toLowerCase() || label === text) return level as UnitLevel;
  }
  return LEVEL_ALIASES[text] ?? null;
}

export interface UnitCsvRow {
  line: number;
  code: string;
  name: string;
  level: UnitLevel | null;
  /** As written; the level's problems are reported by the import, not here. */
  levelText: string;
  parentCode: string;
  creditCode: string;
}

export interface UnitCsvParse {
  rows: UnitCsvRow[];
  errors: { line: number; message: string }[];
}

/** At most this many rows per file (a city has a few thousand communities). */
export const UNIT_CSV_MAX_ROWS = 5000;

export function parseUnitCsv(text: string): UnitCsvParse {
  const lines = splitCsv(text);
  const header = lines[0];
  if (!header) return { rows: [], errors: [{ line: 1, message: '文件是空的' }] };
  const index = (column: Column) => {
    const names: readonly string[] = UNIT_CSV_HEADERS[column];
    return header.cells.findIndex((cell) =>
      names.some((n) => n === cell.trim() || n.toLowerCase() === cell.trim().toLowerCase()),
    );
  };
  const at = { code: index('code'), name: index('name'), level: index('level') };
  const missing = (Object.keys(at) as (keyof typeof at)[]).filter((c) => at[c] < 0);
  if (missing.length > 0) {
    const names = missing.map((c) => UNIT_CSV_HEADERS[c][0]).join('、');
    return { rows: [], errors: [{ line: header.line, message: `表头缺少列：${names}` }] };
  }
  const parentAt = index('parentCode');
  const creditAt = index('creditCode');
  if (lines.length - 1 > UNIT_CSV_MAX_ROWS) {
    return {
      rows: [],
      errors: [{ line: 1, message: `一次最多导入 ${UNIT_CSV_MAX_ROWS} 个单位，请分成几个文件` }],
    };
  }
  const cell = (cells: string[], i: number) => (i < 0 ? '' : (cells[i] ?? '').trim());
  const rows = lines.slice(1).map(({ line, cells }): UnitCsvRow => {
    const levelText = cell(cells, at.level);
    return {
      line,
      code: cell(cells, at.code),
      name: cell(cells, at.name),
      level: parseUnitLevel(levelText),
      levelText,
      parentCode: cell(cells, parentAt),
      creditCode: cell(cells, creditAt).toUpperCase(),
    };
  });
  return { rows, errors: [] };
}
