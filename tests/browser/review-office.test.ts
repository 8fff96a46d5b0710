import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { registerCaseReplySchema } from '../../shared/cases/api';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import {
  apiAs,
  caseDetail,
  caseSettled,
  chinaDay,
  edit,
  expectStage,
  goToQueue,
  push,
  seedVisitedCase,
  signIn,
  type Api,
  type SeededCase,
} from './review-steps';

/**
 * The county office screens beyond the loop itself: a sync conflict settled on the case page (picking the
 * tablet's value, or typing another), registering a case, and the queue's filters, search and pages.
 */

let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;
let grid: Api;
let county: Api;
let seeded: SeededCase;

beforeAll(async () => {
  server = await startBuiltServer();
  grid = await apiAs(server.url, 'grid');
  county = await apiAs(server.url, 'county');
  seeded = await seedVisitedCase(server.url, grid, randomUUID());
  tablet = await launchTablet();
  page = await tablet.context.newPage();
  await signIn(page, server.url, 'county', '王县总');
  await page.waitForURL(/\/review$/);
});

afterAll(async () => {
  await tablet?.close();
  if (tablet) removeProfile(tablet);
  await server?.dispose();
});

async function showAllCases(): Promise<void> {
  await goToQueue(page);
  await page.getByRole('button', { name: '全部案件' }).click();
  await page.waitForURL(/view=all/);
}

describe('sync conflicts on the case page', () => {
  it('shows base, server and tablet values side by side; the reviewer picks one or types another', async () => {
    const { household } = await caseDetail(county, seeded.caseId);
    // Two tablets of the same worker changed the same fields from the same version.
    const tabletA = randomUUID();
    const tabletB = randomUUID();
    const first = await push(grid, tabletA, [
      edit(
        'household',
        seeded.caseId,
        { headName: ['张建国', '张建军'], mobile: ['13912345678', '13900000001'] },
        household.rev,
      ),
    ]);
    expect(first.results[0]?.status).toBe('applied');
    const second = await push(grid, tabletB, [
      edit(
        'household',
        seeded.caseId,
        { headName: ['张建国', '张健国'], mobile: ['13912345678', '13900000002'] },
        household.rev,
      ),
    ]);
    expect(second.results[0]?.status).toBe('conflict');

    await showAllCases();
    const row = page.getByRole('table', { name: '案件列表' }).getByRole('row', { name: /张建军/ });
    expect(await row.textContent()).toContain('冲突 2');
    await row.getByRole('link', { name: '张建军' }).click();
    const conflicts = page.getByRole('region', { name: '同步冲突（待处理 2 项）' });
    const name = conflicts.getByRole('listitem', { name: '冲突：户主姓名' });
    expect(await name.textContent()).toContain('修改前原值张建国');
    expect(await name.textContent()).toContain('服务器现值张建军');
    expect(await name.textContent()).toContain('平板填写值（刘网格）张健国');

    await name.getByRole('button', { name: '采用平板填写值' }).click();
    await page.getByRole('status').getByText('已处理冲突：户主姓名采用「张健国」').waitFor();
    await caseSettled(page);
    await page.getByRole('heading', { level: 1, name: '张健国' }).waitFor();
    expect(await page.getByTestId('household-file').locator('[data-field="headName"]').textContent()).toBe(
      '张健国',
    );

    const mobile = page.getByRole('listitem', { name: '冲突：联系电话' });
    await mobile.getByRole('button', { name: '修改为其他值' }).click();
    await mobile.getByLabel('联系电话的新值').fill('13900000003');
    await mobile.getByRole('button', { name: '保存新值' }).click();
    await page.getByRole('status').getByText('已处理冲突：联系电话采用「13900000003」').waitFor();
    await caseSettled(page);
    expect(await page.getByTestId('household-file').locator('[data-field="mobile"]').textContent()).toBe(
      '13900000003',
    );
    await page
      .getByRole('region', { name: '同步冲突（待处理 0 项）' })
      .getByText('已处理的冲突（2 项）')
      .waitFor();

    // The server agrees: the household holds the chosen values and both conflicts are resolved.
    const after = await caseDetail(county, seeded.caseId);
    expect(after.household.data).toMatchObject({ headName: '张健国', mobile: '13900000003' });
    expect(after.conflicts.map((c) => c.data.status)).toEqual(['resolved', 'resolved']);
  });
});

describe('registering a case at the office', () => {
  it('checks the entry in Chinese and opens the new case at 待走访', async () => {
    await goToQueue(page);
    await page.getByRole('link', { name: '登记案件' }).click();
    const form = page.getByRole('form', { name: '登记案件' });
    await form.getByLabel('申报渠道').selectOption('sudden_hardship');
    await form.getByLabel('所属单位（网格）').selectOption('341602002001');
    await form.getByLabel('户主姓名').fill('李秀兰');
    await form.getByLabel('户主身份证号').fill('341602198507150020');
    await form.getByRole('button', { name: '登记', exact: true }).click();
    await form.getByText('户主身份证号校验位错误').waitFor();

    await form.getByLabel('户主身份证号').fill(withCheckChar('34160219850715002'));
    await form.getByRole('button', { name: '登记', exact: true }).click();
    await form
      .getByRole('alert')
      .getByText(/意外致困须说明致困事件/)
      .waitFor();

    await form.getByLabel('情况说明').fill('2026年11月家中失火，房屋及家具损毁，保险赔付不足');
    await form.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '李秀兰' }).waitFor();
    await expectStage(page, '待走访');
    const header = await page.locator('.review-case-header').textContent();
    expect(header).toContain('谯城区 / 薛阁街道 / 薛阁社区第一网格');
    expect(header).toContain('意外致困（快速通道）');
    await page.getByRole('list', { name: '办理记录' }).getByText('登记案件').waitFor();
    // The next step is the grid worker's, on the tablet.
    await page
      .getByRole('region', { name: '办理' })
      .getByText(/此操作由网格员/)
      .first()
      .waitFor();
  });
});

describe('the work queue', () => {
  it('filters by unit and step, searches by name, and pages through the cases', async () => {
    const names: string[] = [];
    for (let i = 1; i <= 22; i++) {
      const headName = `测试户${String(i).padStart(2, '0')}`;
      names.push(headName);
      const reply = await county.call('POST', '/api/cases', {
        unitId: i % 2 === 0 ? '341602001001' : '341602002002',
        entryChannel: 'county_identified',
        reportedOn: chinaDay(),
        household: { headName },
      });
      expect(reply.status).toBe(201);
      registerCaseReplySchema.parse(reply.body);
    }
    // 22 registered here, one in the test above, the visited case: 24 in the county.
    await showAllCases();
    await page.getByText('共 24 件，第 1 页').waitFor();
    const table = page.getByRole('table', { name: '案件列表' });
    expect(await table.locator('tbody tr[data-case-id]').count()).toBe(20);
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('共 24 件，第 2 页').waitFor();
    expect(await table.locator('tbody tr[data-case-id]').count()).toBe(4);
    expect(await page.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '上一页' }).click();
    await page.getByText('共 24 件，第 1 页').waitFor();

    await page.getByLabel('单位').selectOption('341602002');
    await page.getByText('共 12 件').waitFor();
    await page.getByLabel('环节').selectOption('entry');
    await page.getByText('共 12 件').waitFor();
    await page.getByLabel('环节').selectOption('township_check');
    await page.getByText('没有符合条件的案件。').waitFor();

    await page.getByLabel('环节').selectOption('');
    await page.getByLabel('单位').selectOption('');
    await page.getByRole('searchbox').fill('测试户07');
    await page.getByRole('button', { name: '搜索', exact: true }).click();
    await page.getByText('共 1 件').waitFor();
    expect(await table.getByRole('link').allTextContents()).toEqual(['测试户07']);
  });
});
