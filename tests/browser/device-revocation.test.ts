import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { devicesReplySchema } from '../../shared/sync/protocol';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { apiToken, openSyncPage, readAll, readRow, serverRecord, signInTablet } from './sync-steps';

// A grid worker's tablet is revoked from the township's device page while it holds unsynced work; at its
// next sync it pushes that work (the revocation allows it), wipes itself and shows why.
let server: BuiltServer;
let gridTablet: TabletProfile;
let townshipTablet: TabletProfile;
let grid: Page;
let township: Page;
let householdId: string;

beforeAll(async () => {
  server = await startBuiltServer();
  [gridTablet, townshipTablet] = await Promise.all([launchTablet(), launchTablet()]);
  grid = await gridTablet.context.newPage();
  township = await townshipTablet.context.newPage();
});

afterAll(async () => {
  for (const tablet of [gridTablet, townshipTablet]) {
    await tablet?.close();
    if (tablet) removeProfile(tablet);
  }
  await server?.dispose();
});

/** Rows in every IndexedDB database of the page's origin, store by store. */
async function storedRows(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const counts: Record<string, number> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        counts[`${name}/${store}`] = await new Promise<number>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).count();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
    }
    return counts;
  });
}

it('the worker names the tablet, and leaves unsynced work on it offline', async () => {
  await signInTablet(grid, server.url, 'grid', '刘网格');
  await grid
    .getByTestId('sync-status')
    .getByText(/^上次同步 /)
    .waitFor();
  await openSyncPage(grid);
  await grid.getByLabel('给这台设备起个名字，便于乡镇（街道）工会识别').fill('刘网格的华为平板');
  await grid.getByRole('button', { name: '保存名称' }).click();
  await grid.getByText('已保存，乡镇（街道）工会在设备同步情况中看到这个名称').waitFor();

  await gridTablet.context.setOffline(true);
  await grid.getByRole('link', { name: '我的家庭户', exact: true }).click();
  await grid.getByRole('button', { name: '＋ 现场新增家庭' }).click();
  await grid.getByRole('dialog').getByLabel('户主姓名').fill('停用前录入');
  await grid.getByRole('button', { name: '新建并开始走访' }).click();
  await grid.waitForURL(/\/visits\//);
  const visitId = new URL(grid.url()).pathname.split('/').at(-1) ?? '';
  await expect
    .poll(async () => (await readAll<{ id: string }>(grid, 'visits')).some((v) => v.id === visitId))
    .toBe(true);
  const visits = await readAll<{ id: string; householdId: string }>(grid, 'visits');
  householdId = visits.find((visit) => visit.id === visitId)?.householdId ?? '';
  expect(householdId).not.toBe('');
  expect((await readAll(grid, 'outbox')).length).toBeGreaterThan(0);
});

it('the township sees whose tablet it is and revokes it, letting it push first', async () => {
  await signInTablet(township, server.url, 'township', '陈乡镇');
  await township.getByRole('link', { name: '设备同步情况', exact: true }).click();
  const row = township.getByTestId('device-row').filter({ hasText: '刘网格的华为平板' });
  await row.waitFor();
  expect(await row.innerText()).toContain('花戏楼社区第一网格');
  expect(await row.innerText()).toMatch(/Chrome \d+/);
  await row.getByRole('button', { name: '停用设备' }).click();
  const dialog = township.getByRole('dialog', { name: '停用设备' });
  await dialog.getByLabel('停用原因').fill('网格员调离，平板交回');
  expect(await dialog.getByLabel('先上传，再清除（默认）').isChecked()).toBe(true);
  await dialog.getByRole('button', { name: '确认停用' }).click();
  await township
    .getByTestId('device-notice')
    .getByText(/^已停用 刘网格/)
    .waitFor();
  await township
    .getByTestId('device-row')
    .filter({ hasText: '刘网格的华为平板' })
    .getByTestId('device-revoked')
    .getByText(/网格员调离，平板交回/)
    .waitFor();
});

it('at its next sync the tablet pushes its work, wipes itself and shows why', async () => {
  await openSyncPage(grid);
  // The network coming back starts the sync by itself.
  await gridTablet.context.setOffline(false);
  await grid.getByRole('heading', { name: '登录' }).waitFor({ timeout: 60_000 });
  await grid
    .getByRole('alert')
    .getByText(/^本设备已被停用（原因：网格员调离，平板交回）。/)
    .waitFor();

  // The work made offline reached the server before the wipe.
  const token = await apiToken(server.url, 'township');
  expect((await serverRecord(server.url, token, householdId))?.data.headName).toBe('停用前录入');
  // Nothing is left in IndexedDB (the database may exist again, empty, once the app opens it).
  const rows = await storedRows(grid);
  expect(Object.values(rows).every((n) => n === 0)).toBe(true);

  // The server recorded the wipe.
  const reply = await fetch(`${server.url}/api/sync/devices`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const device = devicesReplySchema
    .parse(await reply.json())
    .workers.flatMap((w) => w.devices)
    .find((d) => d.label === '刘网格的华为平板');
  expect(device?.revocation?.wipedAt).toBeTruthy();
  // The app shell is still there: a reload shows the login screen, not an error.
  await grid.reload();
  await grid.getByRole('heading', { name: '登录' }).waitFor();
});

it('revoked without a last push, a tablet signed in again wipes itself and sends nothing', async () => {
  // Signing in again after the wipe gives the tablet a new device id, which is revoked in turn (by API).
  await signInTablet(grid, server.url, 'grid', '刘网格');
  await grid
    .getByTestId('sync-status')
    .getByText(/^上次同步 /)
    .waitFor();
  const device = (await readRow<{ value: string }>(grid, 'meta', 'deviceId'))?.value ?? '';
  await gridTablet.context.setOffline(true);
  await grid.getByRole('link', { name: '我的家庭户', exact: true }).click();
  await grid.getByRole('button', { name: '＋ 现场新增家庭' }).click();
  await grid.getByRole('dialog').getByLabel('户主姓名').fill('不应上传');
  await grid.getByRole('button', { name: '新建并开始走访' }).click();
  await grid.waitForURL(/\/visits\//);
  const visitId = new URL(grid.url()).pathname.split('/').at(-1) ?? '';
  await expect
    .poll(async () => (await readAll<{ id: string }>(grid, 'visits')).some((v) => v.id === visitId))
    .toBe(true);
  const local = (await readAll<{ id: string; householdId: string }>(grid, 'visits')).find(
    (v) => v.id === visitId,
  );

  const county = await apiToken(server.url, 'county');
  const revoked = await fetch(`${server.url}/api/sync/devices/${device}/revoke`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${county}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ reason: '平板丢失', pushFirst: false }),
  });
  expect(revoked.status).toBe(200);

  await openSyncPage(grid);
  await gridTablet.context.setOffline(false);
  await grid.getByRole('heading', { name: '登录' }).waitFor({ timeout: 60_000 });
  await grid
    .getByRole('alert')
    .getByText(/^本设备已被停用（原因：平板丢失）。本机保存的数据已全部清除/)
    .waitFor();
  expect(Object.values(await storedRows(grid)).every((n) => n === 0)).toBe(true);
  const token = await apiToken(server.url, 'township');
  expect(await serverRecord(server.url, token, local?.householdId ?? '')).toBeUndefined();
});
