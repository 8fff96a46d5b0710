import { describe, expect, it } from 'vitest';
import { accountCsvTemplate, parseAccountCsv, parseRoleText } from './account-csv';

describe('the account CSV', () => {
  it('reads the template header in any column order, with role labels or codes', () => {
    const { rows, fileErrors } = parseAccountCsv(
      '\uFEFF单位编码,角色,姓名,用户名\r\n341602001001,网格员,张三,zhang3\r\n341602001,township_staff,李四,li4\r\n',
    );
    expect(fileErrors).toEqual([]);
    expect(rows).toMatchObject([
      {
        line: 2,
        username: 'zhang3',
        displayName: '张三',
        role: 'grid_worker',
        unitId: '341602001001',
        problems: [],
      },
      { line: 3, username: 'li4', role: 'township_staff', problems: [] },
    ]);
    expect(parseAccountCsv(accountCsvTemplate()).fileErrors).toEqual(['文件中没有账号数据行']);
  });

  it('names every problem of a row and duplicate usernames across rows', () => {
    const { rows } = parseAccountCsv('用户名,姓名,角色,单位编码\nab,甲,会计,3416\nAB,,网格员,\n');
    expect(rows[0]?.problems).toEqual(['无法识别的角色“会计”']);
    expect(rows[1]?.problems).toEqual(['请输入姓名', '缺少单位编码', '用户名“AB”与第 2 行重复']);
  });

  it('refuses a file without the columns', () => {
    expect(parseAccountCsv('name,role\n').fileErrors[0]).toContain('表头缺少列：用户名、单位编码');
  });

  it('knows the short role names', () => {
    expect(parseRoleText('乡镇（街道）工会')).toBe('township_staff');
    expect(parseRoleText('县总')).toBe('county_staff');
    expect(parseRoleText('ADMIN')).toBe('admin');
    expect(parseRoleText('村长')).toBeNull();
  });
});
