import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { enterPin } from './auth-steps';
import {
  apiToken,
  openSyncPage,
  readAll,
  readRow,
  serverRecord,
  signInTablet,
  syncNow,
  type LocalRow,
} from './sync-steps';

// One grid worker with two tablets (A and B) working on the same household, online and offline.
let server: BuiltServer;
let tabletA: TabletProfile;
let tabletB: TabletProfile;
let a: Page;
let b: Page;
let token: string;
let householdId: string;
let visitId: string;

beforeAll(async () => {
  server = await startBuiltServer();
  [tabletA, tabletB] = await Promise.all([launchTablet(), launchTablet()]);
  a = await tabletA.context.newPage();
  b = await tabletB.context.newPage();
  token = await apiToken(server.url, 'grid');
});

afterAll(async () => {
  for (const tablet of [tabletA, tabletB]) {
    await tablet?.close();
    if (tablet) removeProfile(tablet);
  }
  await server?.dispose();
});

async function household(page: Page): Promise<LocalRow | undefined> {
  return readRow<LocalRow>(page, 'households', householdId);
}

/** Types into a field of the open visit form and waits until autosave has written it to IndexedDB. */
async function editField(page: Page, label: string, field: string, value: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Tab');
  await expect.poll(async () => (await household(page))?.data[field], { timeout: 10_000 }).toBe(value);
}

it('signs the worker in on both tablets', async () => {
  await signInTablet(a, server.url, 'grid', '刘网格');
  await signInTablet(b, server.url, 'grid', '刘网格');
  await a
    .getByTestId('sync-status')
    .getByText(/^上次同步 /)
    .waitFor();
});

it('creates a household on tablet A and brings it to tablet B', async () => {
  await a.getByRole('link', { name: '我的家庭户', exact: true }).click();
  await a.getByRole('button', { name: '＋ 现场新增家庭' }).click();
  await a.getByRole('dialog').getByLabel('户主姓名').fill('张三');
  await a.getByRole('button', { name: '新建并开始走访' }).click();
  await a.waitForURL(/\/visits\//);
  visitId = new URL(a.url()).pathname.split('/').at(-1) ?? '';
  const visit = await readRow<{ householdId: string }>(a, 'visits', visitId);
  householdId = visit?.householdId ?? '';
  expect(householdId).not.toBe('');
  await editField(a, '联系电话', 'mobile', '13912345678');

  expect(await syncNow(a)).toBeNull();
  await a.getByTestId('sync-phase').getByText('本机的修改都已同步').waitFor();
  expect((await serverRecord(server.url, token, householdId))?.data).toMatchObject({
    headName: '张三',
    mobile: '13912345678',
  });

  expect(await syncNow(b)).toBeNull();
  expect((await household(b))?.data).toMatchObject({ headName: '张三', mobile: '13912345678' });
});

it('merges edits of different fields made offline on the two tablets', async () => {
  // B opens the visit while online (a full load asks for the PIN), then both lose the network.
  await b.goto(`${server.url}/visits/${visitId}`);
  await enterPin(b, '2580');
  await b.getByLabel('家庭住址', { exact: true }).waitFor();
  await a.goBack();
  await a.getByLabel('联系电话', { exact: true }).waitFor();
  await tabletA.context.setOffline(true);
  await tabletB.context.setOffline(true);

  await editField(a, '联系电话', 'mobile', '13800000000');
  await editField(b, '家庭住址', 'address', '花戏楼街道1号');

  await tabletA.context.setOffline(false);
  await tabletB.context.setOffline(false);
  expect(await syncNow(a)).toBeNull();
  expect(await syncNow(b)).toBeNull();
  expect(await syncNow(a)).toBeNull();

  const expected = { headName: '张三', mobile: '13800000000', address: '花戏楼街道1号' };
  expect((await serverRecord(server.url, token, householdId))?.data).toMatchObject(expected);
  for (const page of [a, b]) {
    expect(await household(page)).toMatchObject({ pending: 0, data: expected });
    expect(await readAll(page, 'conflicts')).toEqual([]);
  }
  // The form on B shows A's edit once B has synced.
  await b.goBack();
  await expect.poll(() => b.getByLabel('联系电话', { exact: true }).inputValue()).toBe('13800000000');
});

it('turns edits of the same field into a conflict the worker resolves, and converges', async () => {
  await a.goBack();
  await a.getByLabel('户主姓名', { exact: true }).waitFor();
  await tabletA.context.setOffline(true);
  await tabletB.context.setOffline(true);
  await editField(a, '户主姓名', 'headName', '张叁');
  await editField(b, '户主姓名', 'headName', '张珊');
  // A reaches the server first (B stays offline until then, or its own sync on reconnect could win).
  await tabletA.context.setOffline(false);
  expect(await syncNow(a)).toBeNull();
  await tabletB.context.setOffline(false);
  expect(await syncNow(b)).toBeNull();
  // The server kept the first value; B sees its own value and the server's side by side.
  expect((await serverRecord(server.url, token, householdId))?.data.headName).toBe('张叁');
  expect((await household(b))?.data.headName).toBe('张叁');
  const card = b.getByTestId('conflict');
  await expect.poll(() => card.count()).toBe(1);
  await expect.poll(() => card.getByTestId('conflict-client').innerText()).toBe('张珊');
  expect(await card.getByTestId('conflict-server').innerText()).toBe('张叁');
  await card.getByText('张叁户 · 户主姓名').waitFor();
  await card.getByText('您的值', { exact: true }).waitFor();

  // Tablet A sees the same conflict after its next sync.
  expect(await syncNow(a)).toBeNull();
  await expect.poll(() => a.getByTestId('conflict').count()).toBe(1);

  // The worker decides on B: keep the value typed on B.
  await card.getByRole('button', { name: '采用您的值' }).click();
  await expect.poll(async () => (await household(b))?.data.headName).toBe('张珊');
  expect(await syncNow(b)).toBeNull();
  await expect.poll(() => b.getByTestId('conflict').count()).toBe(0);
  expect((await serverRecord(server.url, token, householdId))?.data.headName).toBe('张珊');

  expect(await syncNow(a)).toBeNull();
  await expect.poll(() => a.getByTestId('conflict').count()).toBe(0);
  for (const page of [a, b]) {
    expect(await household(page)).toMatchObject({
      pending: 0,
      data: { headName: '张珊', mobile: '13800000000' },
    });
    const conflicts = await readAll<{ data: { status: string; resolution?: unknown } }>(page, 'conflicts');
    expect(conflicts.map((row) => [row.data.status, row.data.resolution])).toEqual([['resolved', '张珊']]);
  }
  await openSyncPage(a);
  expect(await a.getByTestId('sync-rejected').innerText()).toBe('0 条');
});
