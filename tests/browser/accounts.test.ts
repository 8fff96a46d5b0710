import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accountListReplySchema } from '../../shared/accounts';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { encodeGbk } from '../support/gbk';
import { choosePin, countRows, expectSignedIn, leaveUnsyncedWork, signInWithPassword } from './auth-steps';
import { apiAs, signIn, type Api } from './review-steps';
import { openSyncPage, syncNow } from './sync-steps';

/**
 * Accounts end to end (issue 12, "Accounts"): the administrator imports 20 grid workers from a CSV saved
 * by Excel (GBK) through 用户账号, one of them signs in on a tablet with the one-time password, is held on
 * 修改密码 until they choose their own, and syncs; deactivated, the tablet hears it at its next contact
 * and keeps the unsynced work.
 */

const GRIDS = ['341602001001', '341602001002', '341602002001', '341602002002'];
const CSV = [
  '用户名,姓名,角色,单位编码',
  ...Array.from(
    { length: 20 },
    (_, i) => `xg_w${String(i + 1).padStart(2, '0')},新网格员${i + 1},网格员,${GRIDS[i % GRIDS.length]}`,
  ),
].join('\r\n');

let server: BuiltServer;
let office: TabletProfile;
let tablet: TabletProfile;
let officePage: Page;
let tabletPage: Page;
let admin: Api;
let oneTimePassword = '';

beforeAll(async () => {
  server = await startBuiltServer();
  admin = await apiAs(server.url, 'admin');
  office = await launchTablet();
  tablet = await launchTablet();
  officePage = await office.context.newPage();
  tabletPage = await tablet.context.newPage();
});

afterAll(async () => {
  for (const profile of [office, tablet]) {
    await profile?.close();
    if (profile) removeProfile(profile);
  }
  await server?.dispose();
});

async function accountOf(username: string) {
  const { body } = await admin.call('GET', '/api/users');
  return accountListReplySchema.parse(body).users.find((u) => u.username === username);
}

describe('accounts in the app', () => {
  it('the administrator imports 20 grid workers from a CSV through 用户账号', async () => {
    await signIn(officePage, server.url, 'admin', '系统管理员 张管理');
    await officePage.getByRole('link', { name: '用户账号', exact: true }).first().click();
    await officePage.getByRole('heading', { name: '用户账号' }).waitFor();
    await officePage.getByRole('table', { name: '用户账号' }).getByText('grid2', { exact: true }).waitFor();

    await officePage.getByRole('button', { name: '批量导入（CSV）' }).click();
    const [template] = await Promise.all([
      officePage.waitForEvent('download'),
      officePage.getByRole('button', { name: '下载模板' }).click(),
    ]);
    expect(template.suggestedFilename()).toBe('用户账号导入模板.csv');

    await officePage.locator('#account-csv').setInputFiles({
      name: '网格员名单.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(encodeGbk(CSV)),
    });
    await officePage.getByTestId('import-preview-summary').getByText('共 20 行，全部可以创建').waitFor();
    await officePage
      .getByRole('table', { name: '导入预览' })
      .getByText('新网格员7', { exact: true })
      .waitFor();
    await officePage.getByRole('button', { name: '创建这 20 个账号' }).click();

    const result = officePage.getByTestId('import-result');
    await result.getByRole('heading', { name: '已创建 20 个账号' }).waitFor();
    const row = result.getByRole('row').filter({ hasText: 'xg_w07' });
    oneTimePassword = (await row.locator('code').innerText()).trim();
    expect(oneTimePassword).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    // The list shows the new accounts, waiting for their first login.
    const listed = officePage.getByRole('table', { name: '用户账号' }).locator('tr[data-username="xg_w07"]');
    await listed.getByText('待首次改密').waitFor();
    await listed.getByText('从未登录').waitFor();
  });

  it('a new worker signs in with the one-time password, must change it, then syncs', async () => {
    await tabletPage.goto(`${server.url}/login`);
    await signInWithPassword(tabletPage, 'xg_w07', oneTimePassword);
    await choosePin(tabletPage, '2580');
    await expectSignedIn(tabletPage, { displayName: '新网格员7' });
    await tabletPage.getByTestId('password-change-required').waitFor();
    await tabletPage.waitForURL(/\/account\/password$/);

    // Nothing else opens until the password is changed.
    await tabletPage.getByRole('link', { name: '我的家庭户', exact: true }).click();
    await tabletPage.getByTestId('password-change-required').waitFor();
    expect(new URL(tabletPage.url()).pathname).toBe('/account/password');

    const fill = async (next: string) => {
      await tabletPage.getByLabel('当前密码（一次性密码）').fill(oneTimePassword);
      await tabletPage.getByLabel('新密码', { exact: true }).fill(next);
      await tabletPage.getByLabel('再次输入新密码').fill(next);
      await tabletPage.getByRole('button', { name: '保存新密码' }).click();
    };
    await fill('onlyletters');
    await tabletPage.getByRole('alert').getByText('密码须同时包含字母和数字').waitFor();
    await fill('wanggeyuan-77');
    await tabletPage.waitForURL((url) => url.pathname === '/');
    await tabletPage.getByRole('heading', { name: '新网格员7，您好' }).waitFor();

    expect(await syncNow(tabletPage)).toBeNull();
    await expect.poll(async () => (await accountOf('xg_w07'))?.deviceCount).toBe(1);
    const account = await accountOf('xg_w07');
    expect(account).toMatchObject({ mustChangePassword: false });
    expect(account?.lastLoginAt).not.toBeNull();
    const otp = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'xg_w07', password: oneTimePassword }),
    });
    expect(otp.status).toBe(401);
  });

  it('deactivated, the tablet hears it at its next sync and keeps its unsynced work', async () => {
    await leaveUnsyncedWork(tabletPage, GRIDS[2] ?? '', 2);
    const account = await accountOf('xg_w07');
    const off = await admin.call('PATCH', `/api/users/${account?.id ?? ''}`, { active: false });
    expect(off.status).toBe(200);

    // Not syncNow: the sync page it watches gives way to the login screen.
    await openSyncPage(tabletPage);
    await tabletPage.getByRole('button', { name: '立即同步' }).click();
    await tabletPage.getByRole('heading', { name: '登录' }).waitFor();
    await tabletPage.getByRole('alert').getByText('您的账号已被管理员停用', { exact: false }).waitFor();
    expect(await countRows(tabletPage, 'outbox')).toBe(2);
  });
});
