import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { startTabletSession, type TabletSession } from '../support/tablet-session';
import { enterPin } from './auth-steps';
import { apiAs, created, push, signIn, signOut, GRID, PIN } from './review-steps';
import { readAll, syncNow } from './sync-steps';

/**
 * The organisation tree (issue 12): the administrator creates a township and a grid under the demo county
 * through the 组织单位 screen; the county transfers a household to another grid on its case page, and the
 * old worker's tablet drops it at its next sync while the new worker's pull brings it.
 */

const GRID2 = '341602001002';

let session: TabletSession;
let page: Page;
let office: TabletProfile | null = null;
let desk: Page;

beforeAll(async () => {
  session = await startTabletSession('grid');
  page = session.page;
  office = await launchTablet();
  desk = await office.context.newPage();
});

afterAll(async () => {
  await office?.close();
  if (office) removeProfile(office);
  await session?.close();
});

async function createFromDialog(parentLabel: string | null, level: string, name: string, code: string) {
  const dialog = desk.getByRole('dialog', { name: '新建单位' });
  await dialog.waitFor();
  if (parentLabel) await dialog.getByLabel('上级单位').selectOption({ label: parentLabel });
  await dialog.getByLabel('级别').selectOption({ label: level });
  await dialog.getByLabel('单位名称').fill(name);
  await dialog.getByLabel('单位编码').fill(code);
  await dialog.getByRole('button', { name: '新建', exact: true }).click();
  await desk
    .getByRole('status')
    .filter({ hasText: `已新建${level}“${name}”` })
    .waitFor();
}

describe('organisation tree', () => {
  it('lets the administrator create a township and a grid under the demo county on the screen', async () => {
    await signIn(desk, session.server.url, 'admin', '系统管理员 张管理');
    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '组织单位' }).click();
    await desk.getByRole('heading', { level: 1, name: '组织单位' }).waitFor();
    const tree = desk.getByRole('list', { name: '组织单位树' });
    await tree.getByText('谯城区', { exact: true }).waitFor();

    // A wrong code is refused in Chinese and nothing is created.
    await desk.getByRole('button', { name: '新建单位' }).click();
    const dialog = desk.getByRole('dialog', { name: '新建单位' });
    await dialog.getByLabel('上级单位').selectOption({ label: '谯城区（县（区），341602）' });
    await dialog.getByLabel('级别').selectOption({ label: '乡镇（街道）' });
    await dialog.getByLabel('单位名称').fill('汤陵街道');
    await dialog.getByLabel('单位编码').fill('341621003');
    await dialog.getByRole('button', { name: '新建', exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('下级编码应以上级编码开头');
    await dialog.getByLabel('单位编码').fill('341602003');
    await dialog.getByRole('button', { name: '新建', exact: true }).click();
    await desk.getByRole('status').filter({ hasText: '已新建乡镇（街道）“汤陵街道”' }).waitFor();

    const township = tree.locator('[data-unit-id="341602003"]');
    await township.getByRole('button', { name: '新建下级' }).click();
    await createFromDialog(null, '社区/网格', '汤陵社区第一网格', '341602003001');
    await tree.locator('[data-unit-id="341602003001"]').getByText('汤陵社区第一网格').waitFor();
    await signOut(desk);
  });

  it("transfers a household on the county's case page: the old tablet drops it, the new worker gets it", async () => {
    const grid = await apiAs(session.server.url, 'grid');
    const householdId = randomUUID();
    const reply = await push(grid, randomUUID(), [
      created('household', householdId, { headName: '转户测试', mobile: '13912345670' }),
    ]);
    expect(reply.results[0]?.status).toBe('applied');
    expect(await syncNow(page)).toBeNull();
    const before = await readAll<{ id: string; deleted: number }>(page, 'households');
    expect(before.some((row) => row.id === householdId && row.deleted === 0)).toBe(true);

    await signIn(desk, session.server.url, 'county', '王县总');
    // Opening the address asks for the PIN again, as any reload does.
    await desk.goto(`${session.server.url}/review/cases/${householdId}`);
    await enterPin(desk, PIN);
    const section = desk.getByRole('region', { name: '转移' });
    await section.getByRole('button', { name: '转移到其他单位' }).click();
    await section
      .getByLabel('转入单位')
      .selectOption({ label: '花戏楼社区第二网格（社区/网格，341602001002）' });
    await section.getByLabel('转移原因').fill('全家搬到第二网格');
    await section.getByRole('button', { name: '确认转移' }).click();
    await desk.getByRole('status').filter({ hasText: '已转移至花戏楼社区第二网格' }).waitFor();

    expect(await syncNow(page)).toBeNull();
    const after = await readAll<{ id: string; deleted: number }>(page, 'households');
    expect(after.some((row) => row.id === householdId && row.deleted === 0)).toBe(false);

    const grid2 = await apiAs(session.server.url, 'grid2');
    const pulled = await grid2.call('GET', '/api/sync/pull?since=0&limit=1000');
    const records = (pulled.body as { records: { id: string; unitId: string; deleted: boolean }[] }).records;
    expect(records.find((r) => r.id === householdId)).toMatchObject({ unitId: GRID2, deleted: false });
    expect(GRID).not.toBe(GRID2);
  });
});
