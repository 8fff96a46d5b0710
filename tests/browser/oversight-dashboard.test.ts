import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { walkToFiled } from '../support/filed-case';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import {
  apiAs,
  apiStep,
  chinaDay,
  created,
  command,
  push,
  seedVisitedCase,
  signIn,
  type Api,
} from './review-steps';
import type { Change } from '../../shared/sync/changes';

/**
 * 督导首页 of the city with two counties: one filed and paid household in 谯城区 (the demo's grid) and one
 * in 涡阳县 (a grid worker of the demo there; its township staff added by the admin). The city opens the
 * dashboard from the navigation, sees the six indicators with numerators and denominators, the table and
 * the chart for both counties, clicks a number to reach the case behind it, and prints the circular (通报)
 * on one A4 page.
 */

let server: BuiltServer;
let profile: TabletProfile;
let page: Page;
let caseA = '';
const GRID3 = '341621001001';

async function secondCounty(grid3: Api, township2: Api, county2: Api, city: Api): Promise<string> {
  const caseId = randomUUID();
  const visitId = randomUUID();
  const today = chinaDay();
  // created() files changes under the demo grid of 谯城区: these go to 涡阳县's grid.
  const inGrid3 = (change: Change): Change =>
    change.kind === 'record' ? { ...change, unitId: GRID3 } : change;
  const reply = await push(
    grid3,
    randomUUID(),
    [
      created('household', caseId, {
        headName: '孙立新',
        headIdNumber: withCheckChar('34162119790506002'),
        mobile: '13912340000',
        mainCause: 6,
        unitId: GRID3,
        stage: 'entry',
        entryChannel: 'grassroots_found',
        cycle: 1,
        category: 'unclassified',
      }),
      created('visit', visitId, {
        householdId: caseId,
        unitId: GRID3,
        visitDate: today,
        visitorName: '吴网格',
        findings: '户主患病，长期治疗。',
      }),
      command(caseId, 'submitVisit', {
        visitId,
        visitDate: today,
        opinion: '情况属实，同意上报',
        authorizationSigned: true,
      }),
    ].map(inGrid3),
  );
  expect(reply.results.map((r) => r.error?.message ?? r.status)).toEqual(['applied', 'applied', 'applied']);
  await apiStep(township2, caseId, 'forwardToCounty', { materialsComplete: true });
  await walkToFiled(
    (user, id, name, payload) => apiStep(user === 'city' ? city : county2, id, name, payload),
    caseId,
    today,
    { measure: 'illness_relief' },
  );
  return caseId;
}

beforeAll(async () => {
  server = await startBuiltServer();
  const [grid, grid3, township, county, county2, city, admin] = await Promise.all(
    ['grid', 'grid3', 'township', 'county', 'county2', 'city', 'admin'].map((u) => apiAs(server.url, u)),
  );
  if (!grid || !grid3 || !township || !county || !county2 || !city || !admin) throw new Error('sign-in');
  const made = await admin.call('POST', '/api/users', {
    username: 'township2',
    displayName: '孙乡镇',
    role: 'township_staff',
    unitId: '341621001',
    password: 'Xiangzhen-2026a',
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'township2', password: 'Xiangzhen-2026a' }),
  });
  const { token } = (await login.json()) as { token: string };
  // A password set by the administrator is changed at the first login before anything else.
  const changed = await fetch(`${server.url}/api/auth/password`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ currentPassword: 'Xiangzhen-2026a', newPassword: 'Wodemima-2026b' }),
  });
  expect(changed.status).toBe(200);
  const township2: Api = {
    token,
    call: async (method, route, body) => {
      const response = await fetch(`${server.url}${route}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    },
  };

  caseA = (await seedVisitedCase(server.url, grid, randomUUID())).caseId;
  await apiStep(township, caseA, 'forwardToCounty', { materialsComplete: true });
  await walkToFiled(
    (user, id, name, payload) => apiStep(user === 'city' ? city : county, id, name, payload),
    caseA,
    chinaDay(),
  );
  await secondCounty(grid3, township2, county2, city);
  // 谯城区's relief budget for the year, for the dashboard's budget-against-spending card.
  const budget = await city.call('PUT', '/api/funds/budgets', {
    countyId: '341602',
    year: Number(chinaDay().slice(0, 4)),
    kind: 'relief',
    amountFen: 10_000_000,
  });
  expect(budget.status).toBe(200);

  profile = await launchTablet();
  page = await profile.context.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, server.url, 'city', '李市总');
  await page.waitForURL(/\/review$/);
}, 180_000);

afterAll(async () => {
  await profile?.close();
  if (profile) removeProfile(profile);
  await server?.dispose();
});

it('the city dashboard shows the six indicators and a chart for two counties', async () => {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '督导首页' }).click();
  await page.getByRole('heading', { level: 1, name: '督导首页 · 亳州市' }).waitFor();

  const cards = page.getByRole('region', { name: '六项指标' }).locator('article[data-indicator]');
  await cards.first().waitFor();
  expect(await cards.locator('h2').allInnerTexts()).toEqual([
    '帮扶对象精准识别率',
    '帮扶方式精准率',
    '建档困难职工帮扶措施覆盖率',
    '档案管理与更新及时性',
    '帮扶资金发放及时性',
    '困难职工脱困退出精准率',
  ]);
  // Two filings this year, both holding: 100.0% with its numerator and denominator.
  const identification = cards.filter({ has: page.getByRole('heading', { name: '帮扶对象精准识别率' }) });
  expect(await identification.locator('.oversight-card__rate').innerText()).toBe('100.0%');
  expect(await identification.getByRole('link').allInnerTexts()).toEqual([
    '备案后未因不符合条件退出 2',
    '本期市总备案户数 2',
  ]);
  // 张建国's cause is 下岗 and his plan 生活救助: 1 of the 2 plans answers the cause → 50%, below target.
  const method = cards.filter({ has: page.getByRole('heading', { name: '帮扶方式精准率' }) });
  expect(await method.locator('.oversight-card__rate').innerText()).toBe('50.0%');
  expect(await method.getAttribute('class')).toContain('oversight-card--lag');

  const rows = page.getByTestId('oversight-units').locator('tr[data-unit-id]');
  expect(await rows.evaluateAll((r) => r.map((row) => row.getAttribute('data-unit-id')))).toEqual([
    '341602',
    '341621',
  ]);
  // 谯城区 lags on 帮扶方式精准率 (highlighted), 涡阳县 does not.
  const methodCell = (row: number) => rows.nth(row).locator('td[data-indicator="method"]');
  expect(await methodCell(0).getAttribute('class')).toContain('oversight-cell--lag');
  expect(await methodCell(1).getAttribute('class')).not.toContain('oversight-cell--lag');
  expect(await rows.first().getAttribute('data-lagging')).toBe('true');

  // The chart (ECharts, SVG) has a bar group per county, labelled with the counties' names.
  const chart = page.getByTestId('units-chart');
  await chart.locator('svg').waitFor();
  await expect
    .poll(() => chart.locator('svg text').allTextContents())
    .toEqual(expect.arrayContaining(['谯城区', '涡阳县']));
  expect(await chart.locator('svg path').count()).toBeGreaterThan(6);
  await page.getByTestId('trend-chart').locator('svg').waitFor();

  // Budget against spending by project kind, the city's sum and each county's totals.
  const funds = page.getByRole('region', { name: '帮扶资金' }).getByRole('table', { name: '预算与发放' });
  const relief = funds.getByRole('row', { name: /^事后救助/ });
  await relief.waitFor();
  expect(await relief.locator('td').first().innerText()).toBe('¥100,000.00');
  expect(await funds.getByRole('rowheader').allInnerTexts()).toEqual(
    expect.arrayContaining(['谯城区（合计）', '涡阳县（合计）']),
  );

  // A click on a number lists the case behind it.
  await rows.first().locator('td[data-indicator="method"]').getByRole('link').last().click();
  await page.getByRole('heading', { level: 1, name: '帮扶方式精准率 · 本期集体审批通过的方案数' }).waitFor();
  const listed = page.getByTestId('indicator-cases').getByRole('link', { name: '张建国' });
  await listed.waitFor();
  await listed.click();
  await page.waitForURL(new RegExp(`/review/cases/${caseA}$`));
});

it('the circular prints on one A4 page without the navigation', async () => {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '督导首页' }).click();
  await page.getByRole('link', { name: '打印通报' }).click();
  const circular = page.getByTestId('circular');
  await circular.getByRole('heading', { name: '困难职工精准帮扶工作情况通报' }).waitFor();
  const ranked = circular.getByRole('table', { name: '排名' }).locator('tbody tr');
  expect(await ranked.locator('th').allInnerTexts()).toEqual(['涡阳县', '谯城区']);
  await page.emulateMedia({ media: 'print' });
  expect(await page.getByRole('navigation', { name: '主导航' }).isVisible()).toBe(false);
  expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages.length).toBe(1);
  await page.emulateMedia({ media: 'screen' });
});
