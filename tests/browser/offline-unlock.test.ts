import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SessionUserInfo } from '../../shared/auth';
import { type BuiltServer } from '../support/built-server';
import { closeBareTablet, openBareTablet } from '../support/tablet-session';
import { type TabletProfile } from '../support/browser';
import {
  choosePin,
  countRows,
  enterPin,
  expectSignedIn,
  leaveUnsyncedWork,
  signInWithPassword,
  waitForServiceWorkerControl,
} from './auth-steps';

// One tablet through one working day: first login online, then the network is cut.
let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;
let grid: SessionUserInfo;

beforeAll(async () => {
  ({ server, tablet, page, user: grid } = await openBareTablet());
});

afterAll(async () => {
  await closeBareTablet({ server, tablet });
});

async function fetchApiStatus(): Promise<string> {
  return page.evaluate(async () => {
    try {
      const response = await fetch('/api/health', { cache: 'no-store' });
      return `status ${response.status}`;
    } catch {
      return 'failed';
    }
  });
}

it('needs the network for the first login', async () => {
  await page.goto(server.url);
  await page.getByRole('heading', { name: '登录' }).waitFor();
  await waitForServiceWorkerControl(page);
  await tablet.context.setOffline(true);
  await signInWithPassword(page, 'grid');
  await page.getByRole('alert').getByText('首次登录需要网络连接', { exact: false }).waitFor();
  await tablet.context.setOffline(false);
});

it('logs in online and sets a PIN', async () => {
  await page.reload();
  await signInWithPassword(page, 'grid');
  await choosePin(page, '2580');
  await expectSignedIn(page, grid);
  await page
    .getByTestId('storage-use')
    .getByText(/^存储 已用 .+ \/ 配额 .+$/)
    .waitFor();
  expect(await fetchApiStatus()).toBe('status 200');
});

it('opens offline from the service worker and asks for the PIN', async () => {
  await waitForServiceWorkerControl(page);
  await tablet.context.setOffline(true);
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  await page.getByRole('heading', { name: '输入 PIN 解锁' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/unlock');
  expect(await page.getByLabel('密码', { exact: true }).count()).toBe(0);

  await enterPin(page, '1357');
  await page.getByRole('alert').getByText('PIN 错误，还可尝试 4 次').waitFor();
  await enterPin(page, '2580');
  await expectSignedIn(page, grid);
  expect(new URL(page.url()).pathname).toBe('/');
  await page.locator('.status-pill').getByText('离线').waitFor();
});

it('never answers /api from the cache', async () => {
  expect(await fetchApiStatus()).toBe('failed');
  // Nor does an /api address open the app shell in place of the server's answer.
  const opened = await tablet.context.newPage();
  const navigation = await opened.goto(`${server.url}/api/health`).then(
    () => 'answered',
    () => 'failed',
  );
  expect(navigation).toBe('failed');
  await opened.close();
});

it('opens a deep link offline and returns to it after the PIN', async () => {
  const response = await page.goto(`${server.url}/households?filter=pending`);
  expect(response?.fromServiceWorker()).toBe(true);
  await enterPin(page, '2580');
  await expectSignedIn(page, grid);
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/households?filter=pending');
});

it('drops the session after five wrong PINs and keeps the unsynced work', async () => {
  await leaveUnsyncedWork(page, grid.unitId, 1);
  await page.reload();
  for (let attempt = 1; attempt <= 4; attempt++) {
    await enterPin(page, '1357');
    await page
      .getByRole('alert')
      .getByText(`PIN 错误，还可尝试 ${5 - attempt} 次`)
      .waitFor();
  }
  // A reload does not reset the count.
  await page.reload();
  await page.getByText('已输错 4 次，还可尝试 1 次').waitFor();
  await enterPin(page, '1357');
  await page.getByRole('alert').getByText('PIN 连续输错 5 次，本机登录已清除', { exact: false }).waitFor();
  expect(await countRows(page, 'session')).toBe(0);
  expect(await countRows(page, 'outbox')).toBe(1);

  // Still offline: the password cannot be checked here.
  await page.reload();
  await page.getByRole('heading', { name: '登录' }).waitFor();
  await signInWithPassword(page, 'grid');
  await page.getByRole('alert').getByText('首次登录需要网络连接', { exact: false }).waitFor();

  // Back online, the same worker signs in again and finds the work still waiting.
  await tablet.context.setOffline(false);
  await signInWithPassword(page, 'grid');
  await choosePin(page, '3690');
  await expectSignedIn(page, grid);
  expect(await countRows(page, 'outbox')).toBe(1);
  await page.getByText('未同步 1 条').waitFor();
});
