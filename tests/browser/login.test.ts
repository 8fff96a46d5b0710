import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROLE_LABELS, type Role } from '../../shared/roles';
import { type BuiltServer } from '../support/built-server';
import { closeBareTablet, openBareTablet } from '../support/tablet-session';
import { type TabletProfile } from '../support/browser';
import {
  choosePin,
  countRows,
  enterPin,
  expectSignedIn,
  leaveUnsyncedWork,
  serverUser,
  signInWithPassword,
  waitForServiceWorkerControl,
} from './auth-steps';

let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;

beforeAll(async () => {
  ({ server, tablet, page } = await openBareTablet());
});

afterAll(async () => {
  await closeBareTablet({ server, tablet });
});

const DEMO_ACCOUNTS: { username: string; role: Role }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'city', role: 'city_staff' },
  { username: 'county', role: 'county_staff' },
  { username: 'county2', role: 'county_staff' },
  { username: 'township', role: 'township_staff' },
  { username: 'grid', role: 'grid_worker' },
  { username: 'grid2', role: 'grid_worker' },
  { username: 'grid3', role: 'grid_worker' },
];

async function logOut(): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('heading', { name: '登录' }).waitFor();
}

describe('login', () => {
  it.each(DEMO_ACCOUNTS)(
    '$username signs in and sees their name, role and unit',
    async ({ username, role }) => {
      const expected = await serverUser(server.url, username);
      expect(expected.role).toBe(role);
      await page.goto(server.url);
      await signInWithPassword(page, username);
      await choosePin(page, '2580');
      await expectSignedIn(page, expected);
      const header = page.getByTestId('current-user');
      expect(await header.textContent()).toContain(ROLE_LABELS[role]);
      expect(await header.textContent()).toContain(expected.unitName);
      await logOut();
    },
  );

  it('says so in Chinese when the password is wrong', async () => {
    await page.goto(`${server.url}/login`);
    await signInWithPassword(page, 'grid', 'not-the-password');
    await page.getByRole('alert').getByText('用户名或密码错误').waitFor();
    expect(await countRows(page, 'session')).toBe(0);
  });

  it('refuses a weak or mistyped PIN before storing anything', async () => {
    await page.goto(`${server.url}/login`);
    await signInWithPassword(page, 'grid');
    await page.getByLabel('设置 PIN（4–6 位数字）').fill('1234');
    await page.getByLabel('再次输入 PIN').fill('1234');
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('PIN 不能是连续的数字').waitFor();
    await page.getByLabel('设置 PIN（4–6 位数字）').fill('2580');
    await page.getByLabel('再次输入 PIN').fill('2581');
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('两次输入的 PIN 不一致').waitFor();
    expect(await countRows(page, 'session')).toBe(0);
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
  });

  it('warns with the count before logging out with unsynced work, then leaves nothing behind', async () => {
    const grid = await serverUser(server.url, 'grid');
    await page.goto(server.url);
    await signInWithPassword(page, 'grid');
    await choosePin(page, '2580');
    await expectSignedIn(page, grid);
    await leaveUnsyncedWork(page, grid.unitId, 2);

    await page.getByRole('button', { name: '退出登录' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('本机还有 2 条未同步的记录，退出将永久丢失', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    await expectSignedIn(page, grid);
    expect(await countRows(page, 'outbox')).toBe(2);

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '仍然退出' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    for (const store of ['session', 'outbox', 'households'])
      expect(await countRows(page, store), store).toBe(0);
    // The next start asks for the password again, not a PIN.
    await page.reload();
    await page.getByRole('heading', { name: '登录' }).waitFor();
  });

  it("clears another account's cases before a different user signs in on the same tablet", async () => {
    const grid = await serverUser(server.url, 'grid');
    const grid2 = await serverUser(server.url, 'grid2');
    await page.goto(server.url);
    await signInWithPassword(page, 'grid');
    await choosePin(page, '2580');
    await expectSignedIn(page, grid);
    await leaveUnsyncedWork(page, grid.unitId, 1);

    await page.reload();
    await page.getByRole('link', { name: '使用用户名和密码登录' }).click();
    await signInWithPassword(page, 'grid2');
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(`本机还有 ${grid.displayName} 的 1 条未同步的记录`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await countRows(page, 'households')).toBe(1);

    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '清除并登录' }).click();
    await choosePin(page, '3690');
    await expectSignedIn(page, grid2);
    expect(await countRows(page, 'households')).toBe(0);
    expect(await countRows(page, 'outbox')).toBe(0);
    await logOut();
  });

  it('tells a locked account how many minutes to wait, even with the right password', async () => {
    await page.goto(`${server.url}/login`);
    const submit = page.getByRole('button', { name: '登录', exact: true });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInWithPassword(page, 'grid3', `wrong-${attempt}`);
      // The button reads "正在登录…" while the request runs.
      await submit.waitFor();
      expect(await page.getByRole('alert').textContent()).toBe('用户名或密码错误');
    }
    await signInWithPassword(page, 'grid3');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^登录失败次数过多，账号已暂时锁定，请 1[45] 分钟后再试$/);
  });
});

describe('a session the server no longer accepts', () => {
  it('sends the user back to the password after the PIN, keeping the local work', async () => {
    const grid = await serverUser(server.url, 'grid');
    await page.goto(server.url);
    await signInWithPassword(page, 'grid');
    await choosePin(page, '2580');
    await expectSignedIn(page, grid);
    await leaveUnsyncedWork(page, grid.unitId, 1);
    // The worker walks off the network, and meanwhile the server revokes the token (as an administrator
    // disabling the account or a logout elsewhere would). Offline, no background sync can meet the 401 first.
    await waitForServiceWorkerControl(page);
    await tablet.context.setOffline(true);
    const token = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('bangfu');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('session').objectStore('session').get('current');
            request.onsuccess = () => {
              open.result.close();
              resolve((request.result as { token: string }).token);
            };
          };
        }),
    );
    const revoked = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(revoked.status).toBe(204);

    // The app opens offline and asks for the PIN; the worker unlocks once the network is back.
    await page.reload();
    await page.getByRole('heading', { name: '输入 PIN 解锁' }).waitFor();
    await tablet.context.setOffline(false);
    await enterPin(page, '2580');
    await page.getByRole('alert').getByText('登录已过期', { exact: false }).waitFor();
    expect(await countRows(page, 'session')).toBe(0);
    expect(await countRows(page, 'outbox')).toBe(1);
    await signInWithPassword(page, 'grid');
    await choosePin(page, '2580');
    await expectSignedIn(page, grid);
    expect(await countRows(page, 'outbox')).toBe(1);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '仍然退出' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
  });
});

describe('tablet layout', () => {
  it('fits the login and the shell on a portrait tablet', async () => {
    await page.setViewportSize({ width: 800, height: 1280 });
    await page.goto(`${server.url}/login`);
    const button = page.getByRole('button', { name: '登录', exact: true });
    const box = await button.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(48);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(800);
    const grid = await serverUser(server.url, 'grid');
    await signInWithPassword(page, 'grid');
    await choosePin(page, '2580');
    await expectSignedIn(page, grid);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(800);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: '退出登录' }).click();
  });
});
