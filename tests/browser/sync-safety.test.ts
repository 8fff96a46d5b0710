import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SessionUserInfo } from '../../shared/auth';
import { type BuiltServer } from '../support/built-server';
import { closeBareTablet, openBareTablet } from '../support/tablet-session';
import { type TabletProfile } from '../support/browser';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { enterPin, expectSignedIn, waitForServiceWorkerControl } from './auth-steps';
import { apiToken, openSyncPage, readAll, serverRecords, signInTablet, syncNow } from './sync-steps';

// What keeps a worker's data safe: old unsynced work called out, an app the server refuses kept whole,
// a value the server would refuse held on the tablet until fixed, refused changes listed, and a wiped
// tablet told apart from an empty one.
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

/** One household created on the spot with its creation change, written with the raw IndexedDB API. */
async function queueHousehold(unitId: string, headName: string, createdAt: string): Promise<void> {
  await page.evaluate(
    ({ unitId, headName, createdAt }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['households', 'outbox'], 'readwrite');
          const id = crypto.randomUUID();
          tx.objectStore('households').put({
            id,
            rev: null,
            unitId,
            householdId: null,
            deleted: 0,
            data: { headName },
            updatedAt: createdAt,
            pending: 1,
            searchTokens: [headName],
          });
          tx.objectStore('outbox').add({
            kind: 'record',
            changeId: crypto.randomUUID(),
            type: 'household',
            recordId: id,
            op: 'upsert',
            unitId,
            baseRev: null,
            fields: { headName: { from: null, to: headName } },
            state: 'pending',
            createdAt,
          });
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { unitId, headName, createdAt },
  );
}

it('warns in the shell when unsynced work is older than three days', async () => {
  await signInTablet(page, server.url, 'grid', grid.displayName);
  await waitForServiceWorkerControl(page);
  await tablet.context.setOffline(true);
  const fourDaysAgo = new Date(Date.now() - 4 * 24 * 60 * 60 * 1000).toISOString();
  await queueHousehold(grid.unitId, '赵四', fourDaysAgo);
  await page.reload();
  await enterPin(page, '2580');
  await page.getByTestId('stale-warning').getByText('有超过3天未同步的记录').waitFor();
});

it('syncs by itself when the network returns', async () => {
  await tablet.context.setOffline(false);
  await expect.poll(async () => (await readAll(page, 'outbox')).length, { timeout: 30_000 }).toBe(0);
  await page.getByTestId('stale-warning').waitFor({ state: 'detached' });
});

it('keeps all work and asks for an update when the server refuses this app version', async () => {
  await queueHousehold(grid.unitId, '周七', new Date().toISOString());
  await tablet.context.route('**/api/sync/push', (route) =>
    route.fulfill({
      status: 426,
      contentType: 'application/json',
      body: JSON.stringify({
        error: {
          code: 'client_too_old',
          message: '客户端版本过旧，请更新应用后再同步；未同步的数据仍保存在本机',
        },
      }),
    }),
  );
  expect(await syncNow(page)).toBe('客户端版本过旧，请更新应用后再同步；未同步的数据仍保存在本机');
  await page.getByRole('alert').getByText('请更新应用。').waitFor();
  await page.getByTestId('sync-status').getByText('请更新应用').waitFor();
  expect(await readAll(page, 'outbox')).toHaveLength(1);

  // Once the server takes it again (here: the app updated), the work goes through.
  await tablet.context.unroute('**/api/sync/push');
  expect(await syncNow(page)).toBeNull();
  expect(await readAll(page, 'outbox')).toEqual([]);
  await page
    .getByTestId('sync-status')
    .getByText(/^上次同步 /)
    .waitFor();
});

it('holds a value the server would refuse on the tablet, leads to the field, and sends the fix by itself', async () => {
  const headId = withCheckChar('34160219800312001');
  await tablet.context.setOffline(true);
  await page.getByRole('link', { name: '我的家庭户' }).click();
  await page.getByRole('button', { name: '现场新增家庭' }).click();
  await page.getByLabel('户主姓名').fill('王海');
  await page.getByRole('button', { name: '新建并开始走访' }).click();
  await page.getByRole('heading', { name: '王海', level: 1 }).waitFor();
  await page.getByLabel('户主身份证号').fill(headId);
  await expect.poll(() => page.getByLabel('户主出生日期').inputValue()).toBe('1980-03-12');
  // A birth date that disagrees with the ID number: the form says so at the field.
  await page.getByLabel('户主出生日期').fill('1980-03-21');
  const issue = '户主出生日期与身份证号中的出生日期（1980-03-12）不一致';
  await page.locator('#household-headBirthDate-issue').getByText(issue).waitFor();
  await expect
    .poll(async () =>
      (await readAll<{ fields?: Record<string, { to: unknown }> }>(page, 'outbox')).some(
        (row) => row.fields?.headBirthDate?.to === '1980-03-21',
      ),
    )
    .toBe(true);

  // Online, the sync sends nothing the server would refuse: the household and its visit stay here.
  await tablet.context.setOffline(false);
  expect(await syncNow(page)).toBeNull();
  const held = page.getByTestId('held-change');
  await expect.poll(() => held.count()).toBe(2);
  const household = held.filter({ hasText: `待修正：${issue}` });
  await household.waitFor();
  await held.filter({ hasText: '待修正：等待本户的待修正项修正后一起同步' }).waitFor();
  await page.getByTestId('sync-held').getByText('2 条').waitFor();
  await page.getByTestId('sync-rejected').getByText('0 条').waitFor();
  expect(await page.getByTestId('rejected-change').count()).toBe(0);
  await page.getByTestId('sync-phase').getByText('有 2 条修改待修正，修正后会在下次同步时自动提交').waitFor();
  const token = await apiToken(server.url, 'grid');
  const onServer = async () =>
    (await serverRecords(server.url, token)).filter(
      (r) => r.type === 'household' && r.data.headName === '王海',
    );
  expect(await onServer()).toEqual([]);
  const states = (await readAll<{ state: string }>(page, 'outbox')).map((row) => row.state);
  expect(states).toEqual(['held', 'held']);

  // The link opens the visit form at the field, the worker fixes it, and the next sync sends it.
  await household.getByRole('link', { name: '打开走访表修改该项' }).click();
  await page.waitForURL(/\/visits\/[0-9a-f-]{36}#household-headBirthDate$/);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('household-headBirthDate');
  await page.getByLabel('户主出生日期').fill('1980-03-12');
  await page.locator('#household-headBirthDate-issue').waitFor({ state: 'detached' });
  await expect
    .poll(async () =>
      (await readAll<{ state: string; fields?: Record<string, { to: unknown }> }>(page, 'outbox')).find(
        (row) => row.fields?.headBirthDate,
      ),
    )
    .toMatchObject({ state: 'pending', fields: { headBirthDate: { to: '1980-03-12' } } });
  expect(await syncNow(page)).toBeNull();
  await expect.poll(async () => (await readAll(page, 'outbox')).length).toBe(0);
  await page.getByTestId('sync-phase').getByText('本机的修改都已同步').waitFor();
  expect(await page.getByTestId('held-change').count()).toBe(0);
  expect((await onServer()).map((r) => r.data.headBirthDate)).toEqual(['1980-03-12']);
});

it('lists refused changes with the reason, and lets the worker give one up', async () => {
  // Two households filed under another grid: the server refuses both.
  const now = new Date().toISOString();
  await queueHousehold('341602001002', '钱五', now);
  await queueHousehold('341602001002', '孙六', now);
  expect(await syncNow(page)).toBeNull();
  const refused = page.getByTestId('rejected-change');
  await expect.poll(() => refused.count()).toBe(2);
  await refused.first().getByText('被拒绝的原因：无权修改其他单位的数据').waitFor();
  await refused.first().getByText('钱五户', { exact: false }).waitFor();
  await page.getByTestId('sync-rejected').getByText('2 条').waitFor();
  // The headline never says all is synced while something was refused.
  await page.getByTestId('sync-phase').getByText('有 2 条修改被服务器拒绝，需要修改后重新提交').waitFor();

  await refused.filter({ hasText: '孙六' }).getByRole('button', { name: '放弃此修改' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '放弃此修改' }).click();
  await expect.poll(() => refused.count()).toBe(1);
  const households = await readAll<{ data: { headName: string } }>(page, 'households');
  expect(households.map((row) => row.data.headName).sort()).toEqual(['周七', '王海', '赵四', '钱五']);
  // Refused changes are not retried blindly: another sync leaves the remaining one as it is.
  expect(await syncNow(page)).toBeNull();
  expect(await readAll<{ state: string }>(page, 'outbox')).toMatchObject([{ state: 'rejected' }]);
});

it('says plainly that the local data was wiped while the server expected unsynced work', async () => {
  const cdp = await tablet.context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'indexeddb' });
  await page.reload();
  await page.getByRole('heading', { name: '登录' }).waitFor();
  await page.getByLabel('用户名', { exact: true }).fill('grid');
  await page.getByLabel('密码', { exact: true }).fill('bangfu2026');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByLabel('设置 PIN（4–6 位数字）').fill('2580');
  await page.getByLabel('再次输入 PIN').fill('2580');
  await page.getByRole('button', { name: '确定' }).click();
  await expectSignedIn(page, grid);

  // The household list, refilled from the server, says what was lost instead of looking complete.
  await page.getByRole('link', { name: '我的家庭户' }).click();
  await page.getByRole('heading', { name: '我的家庭户' }).waitFor();
  await page
    .getByTestId('lost-work-notice')
    .getByText('还有 1 条修改没有上传到服务器', { exact: false })
    .waitFor();

  await page.getByTestId('lost-work-warning').getByText('本机数据可能已被清除，请查看').click();
  const notice = page.getByTestId('lost-work-notice');
  await notice.getByText('还有 1 条修改没有上传到服务器', { exact: false }).waitFor();
  await notice.getByRole('button', { name: '我知道了' }).click();
  await notice.waitFor({ state: 'detached' });
  await openSyncPage(page);
  expect(await page.getByTestId('lost-work-warning').count()).toBe(0);
});
