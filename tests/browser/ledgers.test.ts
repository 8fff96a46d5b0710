import fs from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { signIn } from './review-steps';

/**
 * Funds and ledgers in the app: the county opens 资金管理, sets the year's 事后救助 budget, is refused an
 * adjustment without its report number (in Chinese, nothing changes), and downloads the disbursement ledger
 * and the households ledger from the screens; the files open in an independent reader.
 */

const NOW = '2026-11-20T10:00:00+08:00';

let server: BuiltServer;
let profile: TabletProfile;
let county: Page;

type Sheets = { sheet: string; data: unknown[][] }[];

async function download(page: Page, testId: string): Promise<{ name: string; sheets: Sheets }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const filePath = await file.path();
  const sheets = (await readXlsxFile(fs.readFileSync(filePath))) as unknown as Sheets;
  return { name: file.suggestedFilename(), sheets };
}

beforeAll(async () => {
  server = await startBuiltServer({ env: { BANGFU_NOW: NOW } });
  profile = await launchTablet();
  await profile.context.clock.setFixedTime(new Date(NOW));
  county = await profile.context.newPage();
  await county.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await profile?.close();
  if (profile) removeProfile(profile);
  await server?.dispose();
});

it('lets the county set a budget, refuses an adjustment without a report, and exports the ledgers', async () => {
  await signIn(county, server.url, 'county', '王县总');
  await county.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '资金管理' }).click();
  await county.getByRole('heading', { level: 1, name: '资金管理' }).waitFor();
  const relief = county.getByTestId('funds-table').locator('tr[data-kind="relief"]');
  await relief.getByText('未设定').waitFor();

  await county.getByLabel('事后救助预算（元）').fill('10000');
  await relief.getByRole('button', { name: '保存' }).click();
  await county.getByText('已设定事后救助预算 ¥10,000.00').waitFor();
  await relief.getByText('已设定').waitFor();
  expect(await relief.textContent()).toContain('¥10,000.00');

  const form = county.getByRole('region', { name: '资金调整报告' });
  await form.getByLabel('调整金额（元）').fill('2000');
  await form.getByLabel('情况和原因').fill('冬季送温暖对象增加');
  await form.getByRole('button', { name: '记录调整报告' }).click();
  await form.getByRole('alert').filter({ hasText: '报告文号' }).waitFor();
  await county.getByText('本年度没有调整记录。').waitFor();

  const payments = await download(county, 'ledger-export-disbursements');
  expect(payments.name).toBe('帮扶资金发放台账-谯城区-2026.xlsx');
  expect(payments.sheets.map((s) => s.sheet)).toEqual(['帮扶资金发放台账', '预算执行情况']);
  expect(payments.sheets[0]?.data[0]).toContain('资金项目类别');
  expect(payments.sheets[1]?.data.find((row) => row[1] === '事后救助')?.slice(2, 5)).toEqual([
    10000, 0, 10000,
  ]);
  await county.getByText(/已导出帮扶资金发放台账，共\d+行/).waitFor();

  await county.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '工作台' }).click();
  await county.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
  const households = await download(county, 'ledger-export-households');
  expect(households.name).toBe('困难职工档案台账-谯城区-2026.xlsx');
  expect(households.sheets[0]?.data[0]).toEqual(expect.arrayContaining(['户主姓名', '身份证号', '困难类别']));
});
