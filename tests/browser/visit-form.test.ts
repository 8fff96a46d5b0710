import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { idNumberCheckChar } from '../../shared/validation/id-number';
import fs from 'node:fs';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import {
  buildNextRelease,
  DEMO_PIN,
  startTabletSession,
  type TabletSession,
} from '../support/tablet-session';
import { enterPin, expectSignedIn } from './auth-steps';
import { drawSignature, makeJpeg, readRows, type StoredRecordRow } from './capture-steps';

// A grid worker's offline day: a household found on the spot, its visit form filled, finalised and
// queued for sync, all with the network cut after the first login.

const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);
const HEAD_ID = withCheck('34160219800312001');
const SPOUSE_ID = withCheck('34160219820705002');
const SON_ID = withCheck('34160220000101003');

interface OutboxEntry {
  kind: 'record' | 'command';
  type: string;
  recordId: string;
  state: string;
  fields?: Record<string, { from: unknown; to: unknown }>;
  payload?: Record<string, unknown>;
}

let session: TabletSession;
let page: Page;
let visitUrl = '';
let nextServer: BuiltServer | null = null;
let nextBuildDir: string | null = null;

beforeAll(async () => {
  session = await startTabletSession();
  page = session.page;
  await session.tablet.context.setOffline(true);
});

afterAll(async () => {
  await nextServer?.kill();
  await session?.close();
  if (nextBuildDir) fs.rmSync(nextBuildDir, { recursive: true, force: true });
});

function member(index: number): Locator {
  return page.locator('.vf-member').nth(index);
}

async function select(scope: Page | Locator, label: string, option: string): Promise<void> {
  await scope.getByLabel(label, { exact: true }).selectOption({ label: option });
}

async function unlockAfterReload(): Promise<void> {
  await page.reload();
  await enterPin(page, DEMO_PIN);
  await expectSignedIn(page, session.user);
}

it('adds a household found on the visit, with two members, offline', async () => {
  await page.getByRole('link', { name: '我的家庭户' }).click();
  await page.getByRole('button', { name: '现场新增家庭' }).click();
  await page.getByLabel('户主姓名').fill('张建国');
  await page.getByRole('button', { name: '新建并开始走访' }).click();
  await page.getByRole('heading', { name: '张建国', level: 1 }).waitFor();
  visitUrl = page.url();
  expect(new URL(visitUrl).pathname).toMatch(/^\/visits\/[0-9a-f-]{36}$/);

  await page.getByLabel('户主身份证号').fill(HEAD_ID);
  // The ID number fills in birth date and sex.
  await expect.poll(() => page.getByLabel('户主出生日期').inputValue()).toBe('1980-03-12');
  expect(await page.getByLabel('户主性别').inputValue()).toBe('male');

  await page.getByRole('button', { name: '添加家庭成员' }).click();
  await member(0).waitFor();
  await page.getByRole('button', { name: '添加家庭成员' }).click();
  await member(1).waitFor();
  await member(0).getByLabel('成员姓名').fill('李秀英');
  await select(member(0), '与户主关系', '配偶');
  await member(0).getByLabel('成员身份证号').fill(SPOUSE_ID);
  await member(0).getByLabel('成员月收入').fill('600');
  await member(1).getByLabel('成员姓名').fill('张伟');
  await select(member(1), '与户主关系', '子女');
  await member(1).getByLabel('成员身份证号').fill(SON_ID);
  await member(1).getByLabel('成员月收入').fill('0');
  await expect.poll(() => member(1).getByLabel('成员出生日期').inputValue()).toBe('2000-01-01');

  // The per-capita income follows every amount: (1200 + 600 + 0) × 12 − 3600 rigid, ÷ 12 ÷ 3.
  await page.getByLabel('户主月收入').fill('1200');
  await page.getByLabel('年医疗刚性支出').fill('3600');
  await expect.poll(() => page.getByTestId('per-capita-income').textContent()).toBe('¥500.00');
  await expect.poll(() => page.getByTestId('suggested-category').textContent()).toBe('深度困难');
});

it('keeps what was typed when the page reloads right after typing', async () => {
  const findings = '户主下岗两年，妻子打零工，儿子待业。';
  await page.getByLabel('走访情况', { exact: true }).fill(findings);
  await unlockAfterReload();
  expect(new URL(page.url()).pathname).toBe(new URL(visitUrl).pathname);
  await expect.poll(() => page.getByLabel('走访情况', { exact: true }).inputValue()).toBe(findings);
  expect(await member(0).getByLabel('成员姓名').inputValue()).toBe('李秀英');
  expect(await page.getByLabel('户主月收入').inputValue()).toBe('1200.00');
});

it('explains a wrong ID number check digit in Chinese', async () => {
  const wrong = SPOUSE_ID.slice(0, 17) + (SPOUSE_ID.endsWith('0') ? '1' : '0');
  await member(0).getByLabel('成员身份证号').fill(wrong);
  await member(0).getByLabel('成员姓名').click();
  await member(0).getByText('成员身份证号校验位错误').waitFor();
  await member(0).getByLabel('成员身份证号').fill(SPOUSE_ID);
  await expect.poll(() => member(0).getByText('校验位', { exact: false }).count()).toBe(0);
});

it('lists exactly what is missing when finalising too early', async () => {
  await page.getByRole('button', { name: '完成走访' }).click();
  const problems = page.getByTestId('finalise-problems');
  await problems.waitFor();
  const items = await problems.getByRole('listitem').allTextContents();
  expect(items).toContain('联系电话必须填写');
  expect(items).toContain('初审意见必须填写');
  expect(items).toContain('家庭成员1（李秀英）：成员健康状况必须填写');
  expect(items).toContain('材料清单缺少困难职工本人申请');
  expect(items).toContain('授权书缺少户主张建国的签名');
  expect(items).toContain('授权书缺少家庭成员张伟的签名');
  // Filled fields are not listed.
  expect(items.some((item) => item.startsWith('户主身份证号'))).toBe(false);
  // Each item takes the worker to its field.
  await problems.getByRole('link', { name: '联系电话必须填写' }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('household-mobile');
});

async function fillHousehold(): Promise<void> {
  await select(page, '户主民族', '汉族');
  await select(page, '户主政治面貌', '群众');
  await select(page, '户主婚姻状况', '已婚');
  await select(page, '户主户口性质', '城镇户口');
  await page.getByLabel('联系电话').fill('13912345678');
  await select(page, '是否单亲家庭', '否');
  await page.getByLabel('家庭住址').fill('亳州市谯城区花戏楼街道花园小区3栋201');
  await select(page, '住房类型', '租房');
  await select(page, '户主就业状况', '下岗');
  await select(page, '户主健康状况', '健康');
  await select(page, '户主残疾类别', '无');
  await select(page, '户主医疗保险', '职工基本医疗保险');
  await page.getByLabel('家庭其他年收入').fill('0');
  await page.getByLabel('年残疾刚性支出').fill('0');
  await page.getByLabel('年子女就学刚性支出').fill('0');
  await select(page, '是否低保户', '否');
  await select(page, '是否零就业家庭', '否');
  await select(page, '主要致困原因', '下岗');
  await page.getByLabel('开户银行').fill('中国工商银行');
  await page.getByLabel('银行卡号').fill('6222021234567890123');
  for (const index of [0, 1]) {
    await select(member(index), '成员健康状况', '健康');
    await select(member(index), '成员残疾类别', '无');
    await select(member(index), '成员医疗保险', '城乡居民基本医疗保险');
    await select(member(index), '成员就业/就学状况', index === 0 ? '灵活就业' : '失业');
  }
  await page.getByLabel('初审意见').fill('情况属实，同意上报。');
  await select(page, '初审结论', '初审通过');
}

async function tickMaterials(): Promise<void> {
  const checklist = page.locator('#section-checklist');
  for (const item of [
    '困难职工本人申请',
    '家庭经济状况核对承诺授权书',
    '申请人及家庭成员身份证复印件',
    '户口簿复印件',
    '下岗证',
    '申请人及家庭成员银行卡流水',
    '病情诊断或出院小结',
  ]) {
    await checklist.getByRole('checkbox', { name: item, exact: true }).check();
  }
  const photo = await makeJpeg(page, 2400, 1800);
  await checklist
    .getByLabel('为「下岗证」拍照')
    .setInputFiles({ name: 'layoff.jpg', mimeType: 'image/jpeg', buffer: photo });
  await checklist.locator('[data-item-id="layoff_certificate"]').getByText('1 张照片').waitFor();
}

async function sign(slot: string, padName: string): Promise<void> {
  const row = page.locator(`[data-signer="${slot}"]`);
  await row.getByRole('button', { name: '签名', exact: true }).click();
  await drawSignature(page, row.getByRole('img', { name: padName }));
  await row.getByRole('button', { name: '确认签名' }).click();
  await row.getByText('已签名', { exact: false }).waitFor();
}

it('finalises with a photo and signatures, then locks the visit and queues it for sync', async () => {
  await fillHousehold();
  await tickMaterials();
  const signers = page.locator('#section-authorization [data-signer]');
  expect(await signers.count()).toBe(3);
  const slots = await signers.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-signer') ?? ''));
  await sign(slots[0] ?? '', '张建国的签名区');
  await sign(slots[1] ?? '', '李秀英的签名区');
  await sign(slots[2] ?? '', '张伟的签名区');

  await page.getByRole('button', { name: '完成走访' }).click();
  await page.getByTestId('finalise-outcome').getByText('走访已完成', { exact: false }).waitFor();
  await page.getByTestId('visit-status').getByText('已定稿').waitFor();
  await page.getByTestId('read-only-notice').waitFor();
  expect(await page.getByRole('button', { name: '完成走访' }).count()).toBe(0);
  expect(await page.getByLabel('户主姓名').getAttribute('readonly')).not.toBeNull();
  expect(await page.getByRole('button', { name: '添加家庭成员' }).count()).toBe(0);

  // The outbox holds the new records field by field, the photo and signatures, and the submission.
  const outbox = await readRows<OutboxEntry>(page, 'outbox');
  const visitId = new URL(visitUrl).pathname.split('/').pop() ?? '';
  const households = outbox.filter((c) => c.kind === 'record' && c.type === 'household');
  expect(households).toHaveLength(1);
  expect(households[0]?.fields?.headIdNumber?.to).toBe(HEAD_ID);
  expect(households[0]?.fields?.mobile?.to).toBe('13912345678');
  expect(households[0]?.fields?.headMonthlyIncomeFen?.to).toBe(120_000);
  expect(outbox.filter((c) => c.kind === 'record' && c.type === 'member')).toHaveLength(2);
  const visit = outbox.find((c) => c.kind === 'record' && c.type === 'visit');
  expect(visit?.fields?.status?.to).toBe('final');
  expect(visit?.fields?.perCapitaMonthlyIncomeFen?.to).toBe(50_000);
  expect(outbox.filter((c) => c.kind === 'record' && c.type === 'attachment').length).toBeGreaterThanOrEqual(
    4,
  );
  const command = outbox.find((c) => c.kind === 'command');
  expect(command).toMatchObject({
    type: 'submitVisit',
    recordId: households[0]?.recordId,
    payload: { visitId, opinion: '情况属实，同意上报。', authorizationSigned: true, missingMaterials: [] },
  });
  await page.getByText(`未同步 ${outbox.length} 条`).waitFor();

  // After a reload everything is still there, still final and read-only.
  await unlockAfterReload();
  await page.getByTestId('visit-status').getByText('已定稿').waitFor();
  expect(await page.getByLabel('户主身份证号').inputValue()).toBe(HEAD_ID);
  expect(await page.getByLabel('户主姓名').getAttribute('readonly')).not.toBeNull();
  const visits = await readRows<StoredRecordRow>(page, 'visits');
  expect(visits.find((v) => v.id === visitId)?.data.status).toBe('final');
});

it('opens the visit again, with the reviewer’s comments on top, when the case is returned', async () => {
  const visitId = new URL(visitUrl).pathname.split('/').pop() ?? '';
  // What a pull brings after the township returned the case: the command was sent, the stage changed.
  await page.evaluate(
    (id) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['visits', 'households', 'outbox', 'comments'], 'readwrite');
          const visits = tx.objectStore('visits');
          const get = visits.get(id);
          get.onsuccess = () => {
            const householdId: string = get.result.householdId;
            const households = tx.objectStore('households');
            const read = households.get(householdId);
            read.onsuccess = () => {
              const row = read.result;
              households.put({
                ...row,
                data: {
                  ...row.data,
                  stage: 'returned',
                  returnComments: '授权书缺少配偶身份证复印件',
                  returnItems: ['补拍身份证'],
                },
              });
            };
            const outbox = tx.objectStore('outbox');
            const all = outbox.getAll();
            all.onsuccess = () => {
              for (const change of all.result) if (change.kind === 'command') outbox.delete(change.seq);
            };
            tx.objectStore('comments').put({
              id: 'comment-1',
              householdId,
              unitId: get.result.unitId,
              // The shape the closed loop writes (shared/cases/records.ts).
              data: {
                actorId: 'u-township',
                actorName: '陈乡镇',
                actorRole: 'township_staff',
                actorUnitId: '341602001',
                actorUnitName: '花戏楼街道',
                householdId,
                kind: 'returned',
                title: '退回补正',
                body: '<b>请补充</b>配偶材料',
                items: ['家庭经济状况核对承诺授权书'],
                eventId: 'event-1',
                command: 'returnToGrid',
                cycle: 1,
                at: new Date().toISOString(),
                amountFen: null,
                paidOn: null,
                bankCardMasked: null,
              },
              createdAt: new Date().toISOString(),
            });
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    visitId,
  );
  // Written behind the app's back (the sync engine would notify it): open the form afresh.
  await unlockAfterReload();
  const notice = page.getByRole('region', { name: '退回补正意见' });
  await notice.getByText('授权书缺少配偶身份证复印件').waitFor();
  // Comments are text, never markup.
  await notice.getByText('<b>请补充</b>配偶材料', { exact: false }).waitFor();
  await notice.getByText('乡镇（街道）工会 陈乡镇（花戏楼街道）', { exact: false }).waitFor();
  expect(await page.getByLabel('户主姓名').getAttribute('readonly')).toBeNull();
  // Open again, so not labelled 已定稿.
  await page.getByTestId('visit-status').getByText('退回修改中', { exact: true }).waitFor();
  await page.getByLabel('走访情况', { exact: true }).fill('已补拍配偶身份证。');
  await page.getByRole('button', { name: '完成走访' }).click();
  await page.getByTestId('finalise-outcome').getByText('走访已完成', { exact: false }).waitFor();
  const commands = (await readRows<OutboxEntry>(page, 'outbox')).filter((c) => c.kind === 'command');
  expect(commands).toHaveLength(1);
  expect(commands[0]?.payload?.visitId).toBe(visitId);
  // Until the corrected submission is sent, the form is locked again.
  await page.getByTestId('read-only-notice').getByText('等待同步', { exact: false }).waitFor();
  await expect.poll(() => page.getByTestId('visit-status').textContent()).toBe('已定稿');
});

async function newHouseholdVisit(headName: string): Promise<void> {
  await page.getByRole('link', { name: '我的家庭户' }).click();
  await page.getByRole('button', { name: '现场新增家庭' }).click();
  await page.getByLabel('户主姓名').fill(headName);
  await page.getByRole('button', { name: '新建并开始走访' }).click();
  await page.getByRole('heading', { name: headName, level: 1 }).waitFor();
}

it('keeps what was typed when the tab is closed right after typing', async () => {
  await newHouseholdVisit('孙立新');
  const url = page.url();
  const findings = '老伴住院，儿子在外地打工。';
  await page.getByLabel('走访情况', { exact: true }).fill(findings);
  await page.close({ runBeforeUnload: false });

  page = await session.tablet.context.newPage();
  await page.goto(url);
  await enterPin(page, DEMO_PIN);
  await expect.poll(() => page.getByLabel('走访情况', { exact: true }).inputValue()).toBe(findings);
});

it('keeps what was typed when an app update is accepted right after typing', async () => {
  const buildId = `visit-form-update-${process.pid}`;
  nextBuildDir = buildNextRelease(buildId);
  // Deploy: same address and data, the next release's files.
  const port = Number(new URL(session.server.url).port);
  await session.server.kill();
  nextServer = await startBuiltServer({
    dataDir: session.server.dataDir,
    port,
    env: { STATIC_DIR: nextBuildDir },
  });
  // The app looks for a new version when the network comes back.
  await session.tablet.context.setOffline(false);
  await page.getByRole('status').getByText('有新版本可用').waitFor({ timeout: 60_000 });

  const opinion = '家庭确有困难，建议纳入帮扶。';
  await page.getByLabel('初审意见').fill(opinion);
  await page.getByRole('button', { name: '立即更新' }).click();
  await enterPin(page, DEMO_PIN);
  await expectSignedIn(page, session.user);
  // The typed text survives the reload whatever version it lands on.
  await expect.poll(() => page.getByLabel('初审意见').inputValue()).toBe(opinion);
  // If the new version did not take over in time (the app then reloads anyway, see activate-worker.ts), the
  // banner offers it again and the worker accepts again, as a user would.
  await expect
    .poll(
      async () => {
        const shown = await page.getByTestId('build-id').allTextContents();
        if (shown.some((text) => text.includes(buildId))) return true;
        const again = page.getByRole('button', { name: '立即更新' });
        if (await again.isVisible()) await again.click().catch(() => undefined);
        if (await page.getByRole('heading', { name: '输入 PIN 解锁' }).isVisible()) {
          await enterPin(page, DEMO_PIN);
        }
        return false;
      },
      { timeout: 90_000 },
    )
    .toBe(true);
  await expect.poll(() => page.getByLabel('初审意见').inputValue()).toBe(opinion);
});
