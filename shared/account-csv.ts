import { splitCsv } from './cases/comparison-csv';
import { ROLE_LABELS, type Role } from './roles';
import { roleSchema } from './role-schema';
import { unitIdSchema } from './org';
import { displayNameSchema, usernameSchema } from './users';

/**
 * The account list a city already keeps in Excel (用户账号导入): one row per person with username, name,
 * role and unit code. Pure: the server reads the file with it and adds what only the database knows (the
 * unit exists and lies in scope, its level fits the role, the username is free). CSV splitting is the
 * comparison import's (RFC 4180); decoding GBK files from Excel happens before, on either side.
 */

/** At most this many rows per file: one transaction stays short, and 200 grid workers fit easily. */
export const ACCOUNT_CSV_MAX_ROWS = 500;

export const ACCOUNT_CSV_HEADERS = {
  username: ['用户名', '账号', '登录名', 'username'],
  displayName: ['姓名', '名称', 'displayName', 'name'],
  role: ['角色', 'role'],
  unitId: ['单位编码', '单位代码', '单位', 'unitId', 'unit'],
} as const;
type Column = keyof typeof ACCOUNT_CSV_HEADERS;

/** The template's header line, first spelling of each column. */
export const ACCOUNT_CSV_TEMPLATE_HEADER = (Object.keys(ACCOUNT_CSV_HEADERS) as Column[])
  .map((column) => ACCOUNT_CSV_HEADERS[column][0])
  .join(',');

/** Short names people write in the role column, besides the codes and ROLE_LABELS. */
const ROLE_ALIASES: Record<string, Role> = {
  网格员: 'grid_worker',
  基层工会工作者: 'grid_worker',
  乡镇工会: 'township_staff',
  街道工会: 'township_staff',
  乡镇街道工会: 'township_staff',
  县总: 'county_staff',
  县总工会: 'county_staff',
  区总工会: 'county_staff',
  市总: 'city_staff',
  市总工会: 'city_staff',
  管理员: 'admin',
};

export function parseRoleText(raw: string): Role | null {
  const text = raw.trim();
  const code = roleSchema.safeParse(text.toLowerCase());
  if (code.success) return code.data;
  for (const role of roleSchema.options) if (ROLE_LABELS[role] === text) return role;
  return ROLE_ALIASES[text.replace(/[（）()\s]/g, '')] ?? null;
}

export interface AccountCsvRow {
  line: number;
  username: string;
  displayName: string;
  /** The text as written; `role` is its reading, null when it names no role. */
  roleText: string;
  role: Role | null;
  unitId: string;
  /** zh-CN problems found in the row alone or against the rows above it (duplicate username). */
  problems: string[];
}

export interface AccountCsvParse {
  rows: AccountCsvRow[];
  fileErrors: string[];
}

function headerIndex(header: readonly string[], column: Column): number {
  const names: readonly string[] = ACCOUNT_CSV_HEADERS[column];
  return header.findIndex((cell) => {
    const text = cell.trim();
    return names.some((name) => name === text || name.toLowerCase() === text.toLowerCase());
  });
}

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string | null {
  return result.success ? null : (result.error?.issues[0]?.message ?? '格式不正确');
}

/** Reads the file: header first, then one account per row, every row judged on its own. */
export function parseAccountCsv(text: string): AccountCsvParse {
  const [head, ...body] = splitCsv(text);
  if (!head) return { rows: [], fileErrors: ['文件为空，没有表头和数据'] };
  const index = {
    username: headerIndex(head.cells, 'username'),
    displayName: headerIndex(head.cells, 'displayName'),
    role: headerIndex(head.cells, 'role'),
    unitId: headerIndex(head.cells, 'unitId'),
  };
  const missing = (Object.keys(index) as Column[]).filter((column) => index[column] < 0);
  if (missing.length > 0) {
    const names = missing.map((column) => ACCOUNT_CSV_HEADERS[column][0]).join('、');
    return {
      rows: [],
      fileErrors: [`表头缺少列：${names}（表头应为“${ACCOUNT_CSV_TEMPLATE_HEADER}”）`],
    };
  }
  if (body.length === 0) return { rows: [], fileErrors: ['文件中没有账号数据行'] };
  if (body.length > ACCOUNT_CSV_MAX_ROWS) {
    return {
      rows: [],
      fileErrors: [`一次最多导入 ${ACCOUNT_CSV_MAX_ROWS} 个账号，文件中有 ${body.length} 行，请分批导入`],
    };
  }
  const seen = new Map<string, number>();
  const rows = body.map(({ line, cells }): AccountCsvRow => {
    const at = (i: number) => (cells[i] ?? '').trim();
    const username = at(index.username);
    const displayName = at(index.displayName);
    const roleText = at(index.role);
    const unitId = at(index.unitId);
    const role = parseRoleText(roleText);
    const problems: string[] = [];
    const usernameIssue = username === '' ? '缺少用户名' : firstIssue(usernameSchema.safeParse(username));
    if (usernameIssue) problems.push(usernameIssue);
    const nameIssue = firstIssue(displayNameSchema.safeParse(displayName));
    if (nameIssue) problems.push(nameIssue);
    if (role === null) problems.push(roleText === '' ? '缺少角色' : `无法识别的角色“${roleText}”`);
    if (unitId === '') problems.push('缺少单位编码');
    else if (!unitIdSchema.safeParse(unitId).success) problems.push(`单位编码格式不正确“${unitId}”`);
    if (username !== '') {
      const key = username.toLowerCase();
      const earlier = seen.get(key);
      if (earlier !== undefined) problems.push(`用户名“${username}”与第 ${earlier} 行重复`);
      else seen.set(key, line);
    }
    return { line, username, displayName, roleText, role, unitId, problems };
  });
  return { rows, fileErrors: [] };
}

/** An example row for the screen's hint (not in the template, so an untouched template creates nobody). */
export const ACCOUNT_CSV_EXAMPLE_ROW = 'zhangsan01,张三,网格员,341602001001';

/** The template to download: a UTF-8 byte-order mark (so Excel reads the Chinese header) and the header. */
export function accountCsvTemplate(): string {
  return `\uFEFF${ACCOUNT_CSV_TEMPLATE_HEADER}\r\n`;
}
