import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import type { FindingListReply } from '../../shared/identity/api';
import type { JsonValue } from '../../shared/sync/canonical-json';
import type { Change } from '../../shared/sync/changes';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { startTabletSession, type TabletSession } from '../support/tablet-session';
import { apiAs, push, signIn, signOut, type Api } from './review-steps';
import { readAll, syncNow } from './sync-steps';

/**
 * One person, one file (issue 9): on the tablet a member with the head's ID number is refused offline,
 * a number already on another household of the tablet is a warning; online, a number filed in another
 * county is a warning from the server; after sync the held household says why; the county settles a
 * finding in its duplicate queue; and a tablet whose household was merged away follows it to the survivor.
 */

const HEAD_ID = withCheckChar('34160219800312001');
/** Filed by a grid worker of 涡阳县 (another county), pushed through the API. */
const ELSEWHERE_ID = withCheckChar('34162119700505002');
/** Filed twice within 谯城区, for the county's queue. */
const TWICE_ID = withCheckChar('34160219650909003');
const ELSEWHERE_HEAD = '欧阳振华';
/** Filed first through the API, then again on the tablet: the tablet's household is merged into the first. */
const MERGED_ID = withCheckChar('34160219781111004');
const MERGED_MEMBER_ID = withCheckChar('34160220050505005');

let session: TabletSession;
let page: Page;
let office: TabletProfile | null = null;
/** The county's (then the administrator's) office PC. */
let desk: Page | null = null;

beforeAll(async () => {
  session = await startTabletSession();
  page = session.page;
});

afterAll(async () => {
  await office?.close();
  if (office) removeProfile(office);
  await session?.close();
});

function member(index: number): Locator {
  return page.locator('.vf-member').nth(index);
}

function created(unitId: string, type: string, id: string, data: Record<string, JsonValue>): Change {
  return {
    kind: 'record',
    changeId: randomUUID(),
    type,
    id,
    op: 'upsert',
    unitId,
    baseRev: null,
    fields: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, { from: null, to: value }])),
  };
}

/** What a grid worker's tablet pushes for a household found on a visit: the file only. */
async function pushHousehold(api: Api, unitId: string, headName: string, headIdNumber: string) {
  const id = randomUUID();
  const reply = await push(api, randomUUID(), [
    created(unitId, 'household', id, {
      headName,
      headIdNumber,
      address: '亳州市某街道某小区1栋',
      unitId,
      stage: 'entry',
      entryChannel: 'grassroots_found',
      cycle: 1,
      category: 'unclassified',
    }),
  ]);
  expect(reply.results[0]?.status).toBe('applied');
  return id;
}

async function addHousehold(headName: string): Promise<void> {
  await page.getByRole('link', { name: '我的家庭户' }).click();
  await page.getByRole('button', { name: '现场新增家庭' }).click();
  await page.getByLabel('户主姓名').fill(headName);
  await page.getByRole('button', { name: '新建并开始走访' }).click();
  await page.getByRole('heading', { name: headName, level: 1 }).waitFor();
}

describe('on the tablet, offline', () => {
  it('refuses a member given the head’s ID number, inline and when finalising', async () => {
    await session.tablet.context.setOffline(true);
    await addHousehold('张建国');
    await page.getByLabel('户主身份证号').fill(HEAD_ID);
    await page.getByRole('button', { name: '添加家庭成员' }).click();
    await member(0).waitFor();
    await member(0).getByLabel('成员身份证号').fill(HEAD_ID);
    await member(0).getByLabel('成员姓名').click();
    await member(0).getByText('成员身份证号与户主相同：同一人在一个家庭中只能登记一次').waitFor();

    await page.getByRole('button', { name: '完成走访' }).click();
    const problems = page.getByTestId('finalise-problems');
    await problems.waitFor();
    const items = await problems.getByRole('listitem').allTextContents();
    expect(items).toContain('家庭成员1：成员身份证号与户主相同：同一人在一个家庭中只能登记一次');
    // The problem takes the worker to the member's ID number.
    await problems
      .getByRole('link', { name: '家庭成员1：成员身份证号与户主相同：同一人在一个家庭中只能登记一次' })
      .click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id ?? ''))
      .toMatch(/^member-.+-idNumber$/);
  });

  it('warns, without blocking, when another household on this tablet holds the number', async () => {
    await addHousehold('李梅');
    await page.getByLabel('户主身份证号').fill(HEAD_ID.toLowerCase());
    const warning = page.getByTestId('id-number-warning');
    await warning.getByText('该身份证号已在本机另一户登记为户主：户主张建国').waitFor();
    await warning.getByRole('link', { name: '查看该户' }).click();
    await page.getByRole('heading', { name: '张建国', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/households\/[0-9a-f-]{36}$/);
  });
});

describe('on the tablet, online', () => {
  it('warns while typing a number filed in another county, saying only where', async () => {
    await session.tablet.context.setOffline(false);
    const grid3 = await apiAs(session.server.url, 'grid3');
    await pushHousehold(grid3, '341621001001', ELSEWHERE_HEAD, ELSEWHERE_ID);

    await addHousehold('孙立');
    const lookups: URL[] = [];
    const onRequest = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/identity/lookup') lookups.push(url);
    };
    page.on('request', onRequest);
    const field = page.getByLabel('户主身份证号');
    // An incomplete number asks nothing; the whole number is asked about once typing pauses.
    await field.pressSequentially(ELSEWHERE_ID);
    const warning = page.getByTestId('id-number-warning');
    await warning.getByText(/已在涡阳县.*建档/).waitFor();
    page.off('request', onRequest);
    expect(lookups).toHaveLength(1);
    expect(lookups[0]?.searchParams.get('idNumber')).toBe(ELSEWHERE_ID);
    // The household being typed into is left out of the answer.
    expect(lookups[0]?.searchParams.get('householdId')).toMatch(/^[0-9a-f-]{36}$/);
    // Outside the worker's scope: no name, no address of the other household.
    expect(await warning.textContent()).not.toContain(ELSEWHERE_HEAD);
  });

  it('after sync, the held household says why it is on hold, in the list and on its page', async () => {
    // The autosave has written the ID number to the tablet before the sync starts.
    await page.getByLabel('户主姓名').click();
    await expect
      .poll(async () =>
        (await readAll<{ data: Record<string, unknown> }>(page, 'households')).some(
          (row) => row.data.headIdNumber === ELSEWHERE_ID,
        ),
      )
      .toBe(true);
    expect(await syncNow(page)).toBeNull();
    await page.getByRole('link', { name: '我的家庭户' }).click();
    const row = page.getByTestId('household-row').filter({ hasText: '孙立' });
    await row.getByText('重复建档待核实').waitFor();
    await row.click();
    const banner = page.getByRole('alert').filter({ hasText: '本户暂停办理：重复建档待核实' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/已在涡阳县.*建档/);
  });
});

describe('the county’s duplicate queue', () => {
  it('shows a finding with both households side by side and merges it', async () => {
    const url = session.server.url;
    const grid = await apiAs(url, 'grid');
    const grid2 = await apiAs(url, 'grid2');
    await pushHousehold(grid, '341602001001', '周大勇', TWICE_ID);
    await pushHousehold(grid2, '341602001002', '周大永', TWICE_ID);

    office = await launchTablet();
    desk = await office.context.newPage();
    await signIn(desk, url, 'county', '王县总');
    await desk.getByRole('link', { name: '重复建档核查' }).first().click();
    await desk.getByRole('heading', { name: '重复建档核查', level: 1 }).waitFor();
    const card = desk
      .locator('article.dup-finding')
      .filter({ hasText: '周大永' })
      .filter({ hasText: '周大勇' });
    await card.waitFor();
    await card.getByText('暂停办理').first().waitFor();
    await card.getByRole('link', { name: '查看案件' }).first().waitFor();

    await card.getByRole('radio', { name: /已建档：户主周大勇/ }).check();
    await card.getByRole('button', { name: '合并', exact: true }).click();
    const dialog = desk.getByRole('alertdialog', { name: '合并两户档案' });
    await dialog.getByText('家庭成员、走访记录、照片材料、审核意见和办理记录', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: '确认合并' }).click();
    await desk.getByRole('status').filter({ hasText: '已合并：保留户主周大勇' }).waitFor();
    await expect.poll(() => card.count()).toBe(0);

    await desk.getByRole('button', { name: '已合并' }).click();
    await desk.locator('article.dup-finding').filter({ hasText: '周大永' }).first().waitFor();
  });

  it('refuses to register a case for a head already filed, linking to the existing case', async () => {
    if (!desk) throw new Error('the office page is not open');
    await desk.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '工作台' }).click();
    await desk.getByRole('link', { name: '登记案件' }).click();
    const form = desk.getByRole('form', { name: '登记案件' });
    await form.getByLabel('申报渠道').selectOption('county_identified');
    await form.getByLabel('所属单位（网格）').selectOption('341602001001');
    await form.getByLabel('户主姓名').fill('周大勇');
    await form.getByLabel('户主身份证号').fill(TWICE_ID);
    await form.getByRole('button', { name: '登记', exact: true }).click();
    const refusal = form.getByRole('alert');
    await refusal.getByText(/不能重复登记/).waitFor();
    await refusal.getByRole('link', { name: '查看已建档的案件' }).click();
    await desk.getByRole('heading', { level: 1, name: '周大勇' }).waitFor();
  });
});

describe('a merge the tablet follows', () => {
  it('the office marks the held case; after the county merges it, the tablet’s page links to the survivor', async () => {
    const url = session.server.url;
    const grid = await apiAs(url, 'grid');
    const survivorId = await pushHousehold(grid, '341602001001', '韩保留', MERGED_ID);

    // The same head filed again on the tablet, with a member, and synced: the tablet's household is held.
    await addHousehold('韩合并');
    await page.getByLabel('户主身份证号').fill(MERGED_ID);
    await page.getByRole('button', { name: '添加家庭成员' }).click();
    await member(0).waitFor();
    await member(0).getByLabel('成员姓名').fill('韩小妹');
    await member(0).getByLabel('成员身份证号').fill(MERGED_MEMBER_ID);
    await page.getByLabel('户主姓名').click();
    await expect
      .poll(async () =>
        (await readAll<{ data: Record<string, unknown> }>(page, 'members')).some(
          (row) => row.data.idNumber === MERGED_MEMBER_ID,
        ),
      )
      .toBe(true);
    const households = await readAll<{ id: string; data: Record<string, unknown> }>(page, 'households');
    const mergedId = households.find((row) => row.data.headName === '韩合并')?.id ?? '';
    expect(mergedId).not.toBe('');
    expect(await syncNow(page)).toBeNull();

    // The county merges it into the household filed first.
    const county = await apiAs(url, 'county');
    const open = await county.call('GET', '/api/identity/findings?status=open&limit=200');
    const finding = (open.body as FindingListReply).findings.find(
      (f) => f.kind === 'same_id' && f.held.householdId === mergedId,
    );
    expect(finding?.other.householdId).toBe(survivorId);

    // In the office, the held case says it waits, and leads to the duplicate queue.
    if (!desk) throw new Error('the office page is not open');
    await desk.getByRole('link', { name: '重复建档核查' }).first().click();
    const card = desk.locator('article.dup-finding').filter({ hasText: '韩合并' });
    await card.getByRole('region', { name: '后建档的一户' }).getByRole('link', { name: '查看案件' }).click();
    await desk.getByRole('heading', { level: 1, name: '韩合并' }).waitFor();
    const hold = desk.getByRole('alert').filter({ hasText: '暂停办理：重复建档待核实' });
    await hold.waitFor();
    await hold.getByRole('link', { name: '前往重复建档核查' }).click();
    await desk.getByRole('heading', { name: '重复建档核查', level: 1 }).waitFor();

    const merged = await county.call('POST', `/api/identity/findings/${finding?.id ?? ''}/merge`, {
      survivorId,
    });
    expect(merged.status).toBe(200);

    // The worker has the household's page open when the tablet syncs, and comes back to it.
    await page.getByRole('link', { name: '我的家庭户' }).click();
    await page.getByTestId('household-row').filter({ hasText: '韩合并' }).click();
    await page.getByRole('heading', { name: '韩合并', level: 1 }).waitFor();
    expect(await syncNow(page)).toBeNull();
    await page.goBack();
    expect(new URL(page.url()).pathname).toBe(`/households/${mergedId}`);
    const notice = page.getByRole('status').filter({ hasText: '该户已与另一户合并（重复建档核实后合并）' });
    await notice.waitFor();
    await notice.getByRole('link', { name: '查看合并后的家庭（户主：韩保留）' }).click();
    await page.getByRole('heading', { name: '韩保留', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/households/${survivorId}`);
    // The member typed on the tablet moved with the merge and came back through the pull.
    await page.getByText('韩小妹').first().waitFor();
  });
});

describe('the scan for duplicates', () => {
  it('is offered to the administrator on the home page and reports its counts', async () => {
    if (!desk) throw new Error('the office page is not open');
    await signOut(desk);
    await signIn(desk, session.server.url, 'admin', '系统管理员 张管理');
    await desk.getByRole('button', { name: '扫描已有档案中的重复' }).click();
    await desk.getByRole('status').filter({ hasText: '扫描完成：共检查' }).waitFor();
  });
});
