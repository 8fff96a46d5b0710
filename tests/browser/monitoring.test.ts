import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { warningListReplySchema } from '../../shared/monitoring';
import { apiAs, chinaDay, seedVisitedCase, signIn, type Api, type SeededCase } from './review-steps';

/**
 * Monitoring and early warning in the office: a grid worker's visit (pushed through the sync API here; the
 * same warning from a visit typed on the tablet is in visit-rounds.test.ts, the done-when) finds
 * the household's per-capita income (¥500.00) below the county's 低保 standard (¥850.00); the county opens
 * 监测预警, sees the warning with its reason, acknowledges it and opens the case from it; 数据监测 shows the
 * county's townships.
 */

let server: BuiltServer;
let profile: TabletProfile;
let page: Page;
let grid: Api;
let county: Api;
let seeded: SeededCase;

beforeAll(async () => {
  server = await startBuiltServer();
  grid = await apiAs(server.url, 'grid');
  county = await apiAs(server.url, 'county');
  seeded = await seedVisitedCase(server.url, grid, randomUUID());
  profile = await launchTablet();
  page = await profile.context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, server.url, 'county', '王县总');
  await page.waitForURL(/\/review$/);
});

afterAll(async () => {
  await profile?.close();
  if (profile) removeProfile(profile);
  await server?.dispose();
});

it('a visit that finds income below the standard raises a warning the county sees and acts on', async () => {
  const reply = await county.call('GET', '/api/monitoring/warnings');
  const { warnings } = warningListReplySchema.parse(reply.body);
  expect(warnings.map((w) => [w.householdId, w.rule])).toEqual([[seeded.caseId, 'income_below_standard']]);

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '监测预警' }).click();
  await page.getByRole('heading', { level: 1, name: '监测预警' }).waitFor();
  const table = page.getByRole('table', { name: '预警列表' });
  const row = table.locator(`tr[data-warning-id]`).filter({ hasText: '张建国' });
  await row.waitFor();
  await expect
    .poll(() => row.getByTestId('warning-reason').textContent())
    .toBe(`${chinaDay()}走访测算家庭月人均收入¥500.00，低于当地低保标准¥850.00`);
  expect(await row.getByText('收入低于低保标准').count()).toBe(1);
  expect(await row.getByRole('cell', { name: '花戏楼街道' }).count()).toBe(1);

  await row.getByRole('button', { name: '知悉' }).click();
  await page.getByRole('status').filter({ hasText: '已知悉：张建国' }).waitFor();
  await page.getByTestId('warnings-empty').waitFor();

  await page.getByRole('button', { name: '已知悉', exact: true }).click();
  const acknowledged = page.getByRole('table', { name: '预警列表' }).locator('tr[data-warning-id]');
  await acknowledged.filter({ hasText: '张建国' }).waitFor();
  await acknowledged.filter({ hasText: '张建国' }).getByRole('button', { name: '办理案件' }).click();
  await page.waitForURL(new RegExp(`/review/cases/${seeded.caseId}$`));
  await page.getByRole('heading', { level: 1, name: '张建国' }).waitFor();

  // One entry of the menu is highlighted at a time, even with 监测预警 and 数据监测 side by side.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据监测' }).click();
  await page.getByRole('heading', { level: 1, name: '数据监测' }).waitFor();
  const units = page.getByRole('table', { name: '数据监测' }).locator('tr[data-unit-id]');
  await units.first().waitFor();
  expect(await units.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit-id')))).toEqual([
    '341602001',
    '341602002',
  ]);
  expect(await page.locator('.app-nav__link.active').allTextContents()).toEqual(['数据监测']);
});
