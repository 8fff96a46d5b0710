import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { closeAndRemove, launchTablet, type TabletProfile } from '../support/browser';
import {
  apiAs,
  apiStep,
  caseDetail,
  chinaDay,
  PIN,
  openStep,
  seedVisitedCase,
  signIn,
  submitStep,
  type Api,
} from './review-steps';
import { signInTablet, syncNow } from './sync-steps';
import { enterPin } from './auth-steps';

/**
 * Issue 12, county settings (县级参数设置): the county sets next year's 低保 standard on the screen, which
 * leaves today's standard alone, and — as a county may when it raises its standard mid-year — a new
 * standard from today. A classification made now uses the new standard, while the one made before still
 * shows the standard it used, and so does its visit. The grid worker's tablet pulls the settings and, with
 * its clock in the next year and offline, suggests against next year's standard for a visit dated then
 * and against today's for a visit dated today.
 */

const TODAY = chinaDay();
const YEAR = Number(TODAY.slice(0, 4));
const NEXT_YEAR_START = `${YEAR + 1}-01-01`;
const SOURCES = [
  'civil_affairs_dibao',
  'social_insurance',
  'real_estate',
  'vehicles',
  'business_registration',
  'tax',
  'provident_fund',
  'bank_deposits',
];

let server: BuiltServer;
const profiles: TabletProfile[] = [];
let county: Page;
let oldCase: string;
let newCase: string;

async function newPage(clock?: string): Promise<Page> {
  const profile = await launchTablet();
  profiles.push(profile);
  if (clock) await profile.context.clock.setFixedTime(new Date(clock));
  const page = await profile.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  return page;
}

/** A visited household walked by the API to 分类认定 (township forwards, county reviews and compares). */
async function atClassification(grid: Api, family: number, visit: Record<string, number | string> = {}) {
  const { caseId } = await seedVisitedCase(server.url, grid, randomUUID(), {
    headName: family === 1 ? '孙立平' : '钱玉兰',
    // The 17th digit is odd: a man, as the seeded file says.
    headId: withCheckChar(`3416021980031203${family * 2 - 1}`),
    memberId: withCheckChar(`3416022012060104${family * 2 - 1}`),
    visit,
  });
  const township = await apiAs(server.url, 'township');
  const countyApi = await apiAs(server.url, 'county');
  await apiStep(township, caseId, 'forwardToCounty', { materialsComplete: true });
  await apiStep(countyApi, caseId, 'acceptReview', { opinion: '材料齐全' });
  await apiStep(countyApi, caseId, 'recordComparison', {
    results: SOURCES.map((source) => ({ source, result: 'consistent' })),
  });
  await apiStep(countyApi, caseId, 'completeComparison', { conclusion: '无异常' });
  return caseId;
}

beforeAll(async () => {
  server = await startBuiltServer();
  const grid = await apiAs(server.url, 'grid');
  // Classified before the change, against the seeded standard; its visit stored the standard it used.
  oldCase = await atClassification(grid, 1, {
    householdSize: 2,
    perCapitaMonthlyIncomeFen: 50_000,
    suggestedCategory: 'deep',
    dibaoStandardFen: 85_000,
    dibaoStandardFrom: '2026-01-01',
  });
  const countyApi = await apiAs(server.url, 'county');
  await apiStep(countyApi, oldCase, 'classify', { category: 'deep', suggestedCategory: 'deep', reason: '' });
  newCase = await atClassification(grid, 2);
  county = await newPage();
});

afterAll(async () => {
  for (const profile of profiles) await closeAndRemove(profile);
  await server?.dispose();
});

const row = (key: string) => county.getByTestId(`setting-${key}`);

/** Opens a case page by its address (a reload: the office session asks for the PIN again). */
async function openCase(caseId: string): Promise<void> {
  await county.goto(`${server.url}/review/cases/${caseId}`);
  await enterPin(county, PIN);
  await county.locator('.review-case[aria-busy="false"]').waitFor();
}

async function setValue(label: string, value: string, from: string | null): Promise<void> {
  const form = county.getByRole('form', { name: '设置参数' });
  await form.getByLabel('参数').selectOption({ label });
  await form.getByLabel('新的值').fill(value);
  if (from !== null) await form.getByLabel('生效日期').fill(from);
  await form.getByRole('button', { name: '保存参数' }).click();
}

it('lets the county set next year’s standard without changing today’s, refusing a bad value in Chinese', async () => {
  await signIn(county, server.url, 'county', '王县总');
  await county
    .getByRole('navigation', { name: '主导航' })
    .getByRole('link', { name: '县级参数设置' })
    .click();
  await county.getByRole('heading', { level: 1, name: '县级参数设置' }).waitFor();
  await expect
    .poll(() => row('dibaoMonthlyFen').getByTestId('setting-current').innerText())
    .toBe('850.00 元/人·月');

  await setValue('当地低保标准（元/人·月）', '-5', null);
  await county.getByRole('alert').getByText('当地低保标准（元/人·月）：不能为负数').waitFor();
  // The 低保 standard's date defaults to 1 January next year.
  expect(await county.getByRole('form', { name: '设置参数' }).getByLabel('生效日期').inputValue()).toBe(
    NEXT_YEAR_START,
  );
  await setValue('当地低保标准（元/人·月）', '900', null);
  await county
    .getByRole('status')
    .getByText(`已保存：谯城区当地低保标准 900.00 元/人·月，自 ${NEXT_YEAR_START} 起适用`)
    .waitFor();
  await expect
    .poll(() => row('dibaoMonthlyFen').getByTestId('setting-upcoming').innerText())
    .toBe(`${NEXT_YEAR_START} 起 900.00 元/人·月`);
  expect(await row('dibaoMonthlyFen').getByTestId('setting-current').innerText()).toBe('850.00 元/人·月');
  // A classification screen opened now still offers today's standard.
  const pending = await caseDetail(await apiAs(server.url, 'county'), newCase);
  expect(pending.countySettings.filter((r) => r.key === 'dibaoMonthlyFen')).toHaveLength(2);
});

it('a new standard from today applies to a new classification; the earlier one keeps its standard', async () => {
  await setValue('当地低保标准（元/人·月）', '880', TODAY);
  await county.getByRole('status').getByText(`自 ${TODAY} 起适用`, { exact: false }).waitFor();
  await expect
    .poll(() => row('dibaoMonthlyFen').getByTestId('setting-current').innerText())
    .toBe('880.00 元/人·月');
  expect(await county.getByTestId('setting-history-row').count()).toBe(3);

  await openCase(newCase);
  await openStep(county, '分类认定');
  await expect
    .poll(() => county.getByTestId('classify-dibao-standard').innerText())
    .toBe(`按 ${YEAR} 年低保标准 880.00 元/月`);
  await submitStep(county, '分类认定');
  await county
    .getByText(`认定为深度困难（系统建议：深度困难，按 ${YEAR} 年低保标准 880.00 元/月）`)
    .waitFor();

  await openCase(oldCase);
  await county.getByText('认定为深度困难（系统建议：深度困难，按 2026 年低保标准 850.00 元/月）').waitFor();
  await expect
    .poll(() => county.getByTestId('visit-dibao-standard').innerText())
    .toBe('按 2026 年低保标准 850.00 元/月');
});

it('the tablet suggests against the standard in force on the visit date, offline from its pulled copy', async () => {
  const tablet = await newPage(`${YEAR + 1}-01-05T10:00:00+08:00`);
  await signInTablet(tablet, server.url, 'grid', '刘网格');
  expect(await syncNow(tablet)).toBeNull();
  await profiles.at(-1)?.context.setOffline(true);

  await tablet.getByRole('link', { name: '我的家庭户' }).click();
  await tablet.getByRole('button', { name: '现场新增家庭' }).click();
  await tablet.getByLabel('户主姓名').fill('李新户');
  await tablet.getByRole('button', { name: '新建并开始走访' }).click();
  await tablet.getByRole('heading', { name: '李新户', level: 1 }).waitFor();
  await expect
    .poll(() => tablet.getByTestId('dibao-standard').innerText())
    .toBe(`按 ${YEAR + 1} 年低保标准 900.00 元/月`);
  // Dated today (this year), the same visit is measured against this year's standard.
  await tablet.getByLabel('走访日期').fill(TODAY);
  await expect
    .poll(() => tablet.getByTestId('dibao-standard').innerText())
    .toBe(`按 ${YEAR} 年低保标准 880.00 元/月`);
});
