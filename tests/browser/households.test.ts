import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { idNumberCheckChar } from '../../shared/validation/id-number';
import { DEMO_PIN, startTabletSession, type TabletSession } from '../support/tablet-session';
import { enterPin, expectSignedIn } from './auth-steps';

// "My households" on a tablet that synced a large grid: 5,000 households plus one to look for.

const COUNT = 5000;
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
];
const COMMUNITIES = ['花园小区', '薛阁新村', '汤陵社区', '魏武广场', '曹操公园'];
const BASE_TIME = Date.parse('2026-11-01T08:00:00.000Z');

interface Row {
  id: string;
  rev: number;
  unitId: string;
  householdId: null;
  deleted: 0;
  pending: 0;
  updatedAt: string;
  data: Record<string, unknown>;
  searchTokens: string[];
}

/**
 * The search words the sync engine stores with each household (client/db/search-tokens.ts; tests do not
 * import the client): name and given name, ID number with its last 6 and 4, mobile with its last 4, and
 * every position of the address.
 */
function searchTokens(data: Record<string, unknown>): string[] {
  const norm = (key: string) => {
    const value = data[key];
    return typeof value === 'string' ? value.normalize('NFKC').toLowerCase().replace(/\s+/g, '') : '';
  };
  const name = norm('headName');
  const id = norm('headIdNumber');
  const mobile = norm('mobile');
  const address = norm('address');
  const tokens = [name, name.slice(1), id, id.slice(-6), id.slice(-4), mobile, mobile.slice(-4)];
  for (let i = 0; i + 1 < address.length; i++) tokens.push(address.slice(i, i + 24));
  return [...new Set(tokens.filter((token) => token.length > 0))];
}

/** How the list shows an ID number: the first 6 and the last 4 characters, the birth date hidden. */
const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

const pad = (value: number, length: number) => String(value).padStart(length, '0');
const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);

function household(index: number, unitId: string, data: Record<string, unknown>): Row {
  const full = { unitId, cycle: 1, entryChannel: 'worker_applied', ...data };
  return {
    id: `00000000-0000-4000-8000-${pad(index, 12)}`,
    rev: 1,
    unitId,
    householdId: null,
    deleted: 0,
    pending: 0,
    // Newest first in the list: household 0 changed last.
    updatedAt: new Date(BASE_TIME - index * 1000).toISOString(),
    data: full,
    searchTokens: searchTokens(full),
  };
}

function generated(index: number, unitId: string): Row {
  const name = `${SURNAMES[index % 10] ?? ''}${GIVEN[Math.floor(index / 10) % 20] ?? ''}${index >= 200 ? (GIVEN[Math.floor(index / 200) % 20] ?? '') : ''}`;
  const birth = `${1960 + (index % 40)}${pad(1 + (index % 12), 2)}${pad(1 + (index % 28), 2)}`;
  return household(index, unitId, {
    headName: name,
    // Sequence numbers stay below 500, so the household looked for (888) has a tail of its own.
    headIdNumber: withCheck(`341602${birth}${pad(index % 500, 3)}`),
    mobile: `1380000${pad(index, 4)}`,
    address: `亳州市谯城区花戏楼街道${COMMUNITIES[index % 5] ?? ''}${1 + (index % 30)}栋${101 + (index % 20)}室`,
    stage: index % 97 === 0 ? 'exited' : index % 50 === 0 ? 'returned' : 'managed',
    category: ['deep', 'relative', 'unclassified'][index % 3],
  });
}

const TARGET = {
  headName: '司马静怡',
  headIdNumber: withCheck('34160219750815888'),
  mobile: '13955558888',
  address: '亳州市谯城区汤陵街道文帝路99号',
};

let session: TabletSession;
let page: Page;
let rows: Row[];

/** Households whose tokens start with the query, as the index will find them. */
function expectedMatches(query: string): number {
  const q = query.normalize('NFKC').toLowerCase();
  return rows.filter((row) => row.searchTokens.some((token) => token.startsWith(q))).length;
}

async function insert(list: readonly Row[]): Promise<void> {
  await page.evaluate(
    (records) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('households', 'readwrite');
          const store = tx.objectStore('households');
          for (const record of records) store.put(record);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    list,
  );
}

async function search(text: string): Promise<void> {
  await page.getByRole('searchbox', { name: '搜索姓名、身份证号、手机号或住址' }).fill(text);
  await expect.poll(() => new URL(page.url()).searchParams.get('q') ?? '').toBe(text);
}

async function countShown(): Promise<string> {
  return (await page.getByTestId('household-count').textContent()) ?? '';
}

beforeAll(async () => {
  session = await startTabletSession();
  page = session.page;
  const unitId = session.user.unitId;
  rows = Array.from({ length: COUNT }, (_, index) => generated(index, unitId));
  // The household looked for sits in the middle of the list.
  rows.push({
    ...household(2500, unitId, { ...TARGET, stage: 'managed', category: 'deep' }),
    id: '00000000-0000-4000-8000-999999999999',
  });
  await session.tablet.context.setOffline(true);
  // What a first sync leaves on the tablet, written straight into IndexedDB.
  await insert(rows);
  await page.goto(`${session.server.url}/households`);
  await enterPin(page, DEMO_PIN);
  await expectSignedIn(page, session.user);
});

afterAll(async () => {
  await session?.close();
});

it('lists thousands of households while drawing only the rows on screen', async () => {
  await expect.poll(countShown).toBe('共 5,001 户');
  await page.getByTestId('household-row').first().waitFor();
  const drawn = await page.getByTestId('household-row').count();
  expect(drawn).toBeGreaterThan(3);
  expect(drawn).toBeLessThan(60);
  const first = page.getByTestId('household-row').first();
  // Masked: the birth date in the middle of the ID number never shows in the list.
  await first.getByText(masked(String(rows[0]?.data.headIdNumber))).waitFor();
  expect(await first.textContent()).not.toContain(String(rows[0]?.data.headIdNumber));

  // Scrolling to the end reads the last page: the household changed longest ago.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const oldest = rows[COUNT - 1];
  await page.getByText(masked(String(oldest?.data.headIdNumber))).waitFor();
  expect(await page.getByTestId('household-row').count()).toBeLessThan(60);
  await page.evaluate(() => window.scrollTo(0, 0));
});

it('finds a household by name, ID number tail and phone', async () => {
  const tail = TARGET.headIdNumber.slice(-4);
  for (const query of [TARGET.headName, tail, TARGET.mobile, TARGET.mobile.slice(-4), '文帝路']) {
    // The query picks out the household among the 5,001 (checked with the same tokens the app builds).
    expect(expectedMatches(query)).toBe(1);
    await search(query);
    await expect.poll(countShown).toBe('共 1 户');
    const row = page.getByTestId('household-row');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByText(TARGET.headName).waitFor();
  }

  const common = '张伟';
  await search(common);
  await expect.poll(countShown).toBe(`共 ${expectedMatches(common).toLocaleString('zh-CN')} 户`);
  await search('不存在的人');
  await page.getByTestId('household-empty').getByText('没有符合条件的家庭户').waitFor();
  await search('');
  await expect.poll(countShown).toBe('共 5,001 户');
});

it('filters by returned for correction, not yet synced, visit due, stage and category', async () => {
  const returned = rows.filter((row) => row.data.stage === 'returned').length;
  const filed = rows.filter((row) => row.data.stage === 'managed' || row.data.stage === 'phase_out').length;
  const deep = rows.filter((row) => row.data.category === 'deep').length;

  await page.getByRole('button', { name: '退回补正' }).click();
  await expect.poll(countShown).toBe(`共 ${returned} 户`);
  await page.getByTestId('household-row').first().getByText('退回补正').waitFor();

  await page.getByRole('button', { name: '本期待走访' }).click();
  // Due in the current round: the filed households (动态管理, 渐退期); nobody has a final visit in it yet.
  await expect.poll(countShown).toBe(`共 ${filed.toLocaleString('zh-CN')} 户`);

  await page.getByRole('button', { name: '全部', exact: true }).click();
  await page.getByLabel('困难类别').selectOption({ label: '深度困难' });
  await expect.poll(countShown).toBe(`共 ${deep.toLocaleString('zh-CN')} 户`);
  await page.getByLabel('闭环环节').selectOption({ label: '已脱困退出' });
  await expect
    .poll(countShown)
    .toBe(`共 ${rows.filter((r) => r.data.stage === 'exited' && r.data.category === 'deep').length} 户`);
  await page.getByLabel('闭环环节').selectOption({ label: '全部环节' });
  await page.getByLabel('困难类别').selectOption({ label: '全部类别' });

  await page.getByRole('button', { name: '未同步' }).click();
  await page.getByTestId('household-empty').waitFor();

  // A household added on the spot is the one not yet synced, and opens its household page from the list.
  await page.getByRole('button', { name: '现场新增家庭' }).click();
  await page.getByLabel('户主姓名').fill('欧阳新户');
  await page.getByRole('button', { name: '新建并开始走访' }).click();
  await page.getByRole('heading', { name: '欧阳新户', level: 1 }).waitFor();
  await page.goto(`${session.server.url}/households?filter=pending`);
  await enterPin(page, DEMO_PIN);
  await expect.poll(countShown).toBe('共 1 户');
  const row = page.getByTestId('household-row');
  await row.getByText('未同步').waitFor();
  await row.click();
  await page.getByRole('heading', { name: '欧阳新户', level: 1 }).waitFor();
  await page.getByText('基层工会走访发现').waitFor();
  await page.getByRole('link', { name: '继续走访' }).waitFor();
});
