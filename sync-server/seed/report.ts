import { ROLE_LABELS } from '../../shared/roles';
import type { UserAccount } from '../../shared/users';
import { DEMO_PASSWORD } from './demo-data';
import type { StartupSeed } from './demo';

// CJK and full-width characters take two columns in a terminal; pad by display width, not length.
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** A plain-text table of accounts: username, password, role, unit. */
export function formatAccountTable(accounts: readonly UserAccount[], password: string): string {
  const rows = [
    ['用户名', '密码', '角色', '单位'],
    ...accounts.map((a) => [a.username, password, ROLE_LABELS[a.role], `${a.unitName}（${a.unitId}）`]),
  ];
  const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((row) => displayWidth(row[col] ?? ''))));
  return rows
    .map((row) =>
      row
        .map((cell, col) => pad(cell, widths[col] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `  ${line}`)
    .join('\n');
}

/** Said under the table when the accounts listed must choose their own password at their first login. */
export const MUST_CHANGE_NOTE =
  '首次登录时须设置新密码，演示密码随即失效 (the first login asks for a new password; the demo password then stops working)';

function accountsBlock(accounts: readonly UserAccount[]): string[] {
  const lines = [formatAccountTable(accounts, DEMO_PASSWORD)];
  // Said only when true of every account listed, read from the accounts themselves.
  if (accounts.length > 0 && accounts.every((a) => a.mustChangePassword)) lines.push(`  ${MUST_CHANGE_NOTE}`);
  return lines;
}

/** What the server prints after its "listening on" line about the demo data. */
export function startupSeedReport(seed: StartupSeed): string {
  if (seed.kind === 'seeded') {
    return [
      '已创建演示组织和演示账号 (demo organisation and accounts created):',
      ...accountsBlock(seed.accounts),
    ].join('\n');
  }
  if (seed.accounts.length === 0) {
    return '数据目录中已有数据，保留原有数据；演示账号已修改或不存在 (the data folder already holds data; kept as is)';
  }
  return [
    '数据目录中已有数据，保留原有数据 (the data folder already holds data; kept as is). 仍可使用的演示账号:',
    ...accountsBlock(seed.accounts),
  ].join('\n');
}
