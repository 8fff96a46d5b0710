import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { roundCalendarsReplySchema } from '../../shared/domain/round-calendar';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { closeAndRemove, launchTablet, type TabletProfile } from '../support/browser';
import { apiAs, signIn, type Api } from './review-steps';

/**
 * Issue 10, the round calendar set in the app (走访轮次安排): on 10 April 2026 the city opens the screen,
 * sees the default rounds, moves the first round's dates, adds a summer round (first overlapping the
 * spring round, which the screen refuses in Chinese before anything is sent), and saves; the county sees
 * the city's rounds read-only and adds a round of its own; its coverage screen offers all of them.
 */

const NOW = '2026-04-10T10:00:00+08:00';

let server: BuiltServer;
const profiles: TabletProfile[] = [];
let city: Page;
let county: Page;
let gridApi: Api;

async function officePage(): Promise<Page> {
  const profile = await launchTablet();
  profiles.push(profile);
  await profile.context.clock.setFixedTime(new Date(NOW));
  const page = await profile.context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  return page;
}

async function openCalendar(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '走访轮次安排' }).click();
  await page.getByRole('heading', { level: 1, name: '走访轮次安排' }).waitFor();
}

/** The editable rows of the signed-in unit's own rounds. */
function rows(page: Page): Locator {
  return page.getByRole('table', { name: '走访轮次' }).getByTestId('calendar-row');
}

async function fillRound(page: Page, n: number, round: { name?: string; start: string; end: string }) {
  if (round.name !== undefined) await page.getByLabel(`第${n}轮 轮次名称`).fill(round.name);
  await page.getByLabel(`第${n}轮 开始日期`).fill(round.start);
  await page.getByLabel(`第${n}轮 结束日期`).fill(round.end);
}

beforeAll(async () => {
  server = await startBuiltServer({ env: { BANGFU_NOW: NOW } });
  gridApi = await apiAs(server.url, 'grid');
  city = await officePage();
  county = await officePage();
});

afterAll(async () => {
  for (const profile of profiles) await closeAndRemove(profile);
  await server?.dispose();
});

it('lets the city change the first round’s dates and add a round, with messages in Chinese', async () => {
  await signIn(city, server.url, 'city', '李市总');
  await openCalendar(city);
  await city.getByTestId('calendar-defaults').waitFor();
  await expect.poll(() => rows(city).count()).toBe(2);
  expect(await rows(city).getByText('默认', { exact: true }).count()).toBe(2);
  expect(await city.getByLabel('第1轮 轮次名称').inputValue()).toBe('在档走访');
  expect(await city.getByLabel('第2轮 开始日期').inputValue()).toBe('2026-09-01');

  await fillRound(city, 1, { start: '2026-03-10', end: '2026-05-10' });
  await city.getByRole('button', { name: '添加轮次' }).click();
  await expect.poll(() => rows(city).count()).toBe(3);
  // An empty new row and a round that overlaps the first are refused on the screen, nothing is sent.
  await city.getByRole('button', { name: '保存轮次安排' }).click();
  await city.getByTestId('calendar-invalid').waitFor();
  await city.getByText('必须填写轮次名称').waitFor();
  await city.getByText('必须填写开始日期').waitFor();
  await fillRound(city, 3, { name: '夏季走访', start: '2026-05-01', end: '2026-06-30' });
  await city.getByText('与“在档走访”（2026-03-10 至 2026-05-10）日期重叠').waitFor();
  expect(await city.getByText('必须填写轮次名称').count()).toBe(0);
  expect(await city.getByLabel('第3轮 开始日期').getAttribute('aria-invalid')).toBe('true');
  await city.getByLabel('第3轮 开始日期').fill('2026-06-01');
  await city.getByTestId('calendar-invalid').waitFor({ state: 'detached' });

  await city.getByRole('button', { name: '保存轮次安排' }).click();
  await city.getByRole('status').getByText('已保存 2026 年的走访轮次（3 个）', { exact: false }).waitFor();
  await city.getByTestId('calendar-defaults').waitFor({ state: 'detached' });
  // Stored by start date; grid workers' tablets get the same rounds (here asked through the API).
  await expect.poll(() => city.getByLabel('第2轮 轮次名称').inputValue()).toBe('夏季走访');
  const seen = roundCalendarsReplySchema.parse(
    (await gridApi.call('GET', '/api/rounds/calendar?year=2026')).body,
  );
  expect(seen.rounds.map((r) => [r.name, r.startDate, r.endDate])).toEqual([
    ['在档走访', '2026-03-10', '2026-05-10'],
    ['夏季走访', '2026-06-01', '2026-06-30'],
    ['档案更新', '2026-09-01', '2026-10-31'],
  ]);
});

it('shows the county the city’s rounds read-only and lets it add its own', async () => {
  await signIn(county, server.url, 'county', '王县总');
  await openCalendar(county);
  const above = county.getByRole('region', { name: '市总走访轮次' }).getByTestId('calendar-above-row');
  await expect
    .poll(() => above.allInnerTexts())
    .toEqual([
      '在档走访\t2026-03-10\t2026-05-10',
      '夏季走访\t2026-06-01\t2026-06-30',
      '档案更新\t2026-09-01\t2026-10-31',
    ]);
  expect(await county.getByRole('region', { name: '市总走访轮次' }).getByRole('textbox').count()).toBe(0);
  await county.getByText('尚未设置轮次。').waitFor();

  await county.getByRole('button', { name: '添加轮次' }).click();
  // A county round may overlap the city's (汛期 runs across the summer round).
  await fillRound(county, 1, { name: '汛期走访', start: '2026-06-15', end: '2026-07-31' });
  await county.getByRole('button', { name: '保存轮次安排' }).click();
  await county.getByRole('status').getByText('已保存 2026 年的走访轮次（1 个）', { exact: false }).waitFor();
});

it('offers the new rounds on the county’s coverage screen', async () => {
  await county.getByRole('link', { name: '查看走访覆盖' }).click();
  await county.getByRole('heading', { level: 1, name: '走访覆盖情况' }).waitFor();
  const select = county.getByLabel('走访轮次');
  await expect
    .poll(() => select.locator('option').allInnerTexts())
    .toEqual([
      '在档走访（2026-03-10 至 2026-05-10）',
      '夏季走访（2026-06-01 至 2026-06-30）',
      '汛期走访（2026-06-15 至 2026-07-31）',
      '档案更新（2026-09-01 至 2026-10-31）',
    ]);
  await select.selectOption({ label: '汛期走访（2026-06-15 至 2026-07-31）' });
  await county.getByRole('heading', { level: 2, name: '谯城区：汛期走访' }).waitFor();
  await county.getByTestId('coverage-total').waitFor();
});
