import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SessionUserInfo } from '../../shared/auth';
import { randomUUID } from 'node:crypto';
import { addDays } from '../../shared/validation/dates';
import { todayInChina } from '../../shared/validation/clock';
import { idNumberCheckChar } from '../../shared/validation/id-number';
import { type BuiltServer } from '../support/built-server';
import { closeBareTablet, openBareTablet } from '../support/tablet-session';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import {
  choosePin,
  enterPin,
  expectSignedIn,
  serverUser,
  signInWithPassword,
  waitForServiceWorkerControl,
} from './auth-steps';
import {
  drawSignature,
  makeJpeg,
  readRows,
  seedSyncedRecords,
  storedBlob,
  withExifOrientation,
  type StoredChange,
  type StoredRecordRow,
} from './capture-steps';

// A grid worker runs a policy training and fills the self-assessment with the network cut.
let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;
let grid: SessionUserInfo;
let trainingUrl = '';

const PIN = '2580';
const first17 = '34160219850312442';
const ZHANG_ID = first17 + idNumberCheckChar(first17);
const WRONG_ID = first17 + (idNumberCheckChar(first17) === '7' ? '8' : '7');

beforeAll(async () => {
  ({ server, tablet, page, user: grid } = await openBareTablet());
});

afterAll(async () => {
  await closeBareTablet({ server, tablet });
});

async function reloadAndUnlock(): Promise<void> {
  await page.reload();
  await enterPin(page, PIN);
  await expectSignedIn(page, grid);
}

function field(label: string) {
  return page.getByLabel(label, { exact: true });
}

it('signs in once online, then works offline', async () => {
  await page.goto(server.url);
  await signInWithPassword(page, 'grid');
  await choosePin(page, PIN);
  await expectSignedIn(page, grid);
  await waitForServiceWorkerControl(page);
  await tablet.context.setOffline(true);
  await reloadAndUnlock();
  await page.locator('.status-pill').getByText('离线').waitFor();
});

it('records a training offline: details, three attendees, a signature and a photo', async () => {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '五个一' }).click();
  await page.getByRole('link', { name: /政策培训/ }).click();
  await page.getByRole('button', { name: '新建培训' }).click();
  await page.waitForURL(/\/five-ones\/trainings\/[0-9a-f-]{36}$/);
  trainingUrl = page.url();

  await field('培训地点').fill('花戏楼街道工会会议室');
  await field('培训主题').fill('2026年困难职工帮扶政策解读');

  // Finishing without a trainer says exactly what is missing, in Chinese.
  await page.getByRole('button', { name: '完成', exact: true }).click();
  const refusal = page.getByRole('alert').filter({ hasText: '还不能完成' });
  await refusal.getByText('授课人必须填写').waitFor();
  await refusal.getByText('参训人员至少需要一人签到').waitFor();
  await field('授课人').fill('王建国');

  // First attendee: a wrong ID number is caught before sign-in, then corrected; signs on the pad.
  const signIn = page.getByRole('group', { name: '参训人员签到' });
  await signIn.getByLabel('姓名', { exact: true }).fill('张三');
  await signIn.getByLabel('单位', { exact: true }).fill('亳州卷烟厂');
  await signIn.getByLabel('身份证号（选填）').fill(WRONG_ID);
  await signIn.getByRole('button', { name: '签到' }).click();
  await signIn.getByText('身份证号校验位错误').waitFor();
  await signIn.getByLabel('身份证号（选填）').fill(ZHANG_ID.toLowerCase());
  await drawSignature(page, signIn.getByRole('img', { name: '参训人员签名区' }));
  await signIn.getByRole('button', { name: '签到' }).click();
  const roster = page.getByRole('table', { name: '参训人员名单' });
  await roster.getByRole('cell', { name: '张三', exact: true }).waitFor();

  // The unit stays for the next colleague.
  await expect.poll(() => signIn.getByLabel('单位', { exact: true }).inputValue()).toBe('亳州卷烟厂');
  await signIn.getByLabel('姓名', { exact: true }).fill('李四');
  await signIn.getByRole('button', { name: '签到' }).click();
  await roster.getByRole('cell', { name: '李四', exact: true }).waitFor();

  await signIn.getByLabel('姓名', { exact: true }).fill('王五');
  await signIn.getByLabel('单位', { exact: true }).fill('亳州市第一人民医院');
  // The same person cannot sign in twice with one ID number.
  await signIn.getByLabel('身份证号（选填）').fill(ZHANG_ID);
  await signIn.getByRole('button', { name: '签到' }).click();
  await signIn.getByText('身份证号与已签到的张三重复').waitFor();
  await signIn.getByLabel('身份证号（选填）').fill('');
  await signIn.getByRole('button', { name: '签到' }).click();
  await roster.getByRole('cell', { name: '王五', exact: true }).waitFor();
  await page.getByRole('heading', { name: '参训人员签到（3 人）' }).waitFor();
  // Sensitive data is masked in the list.
  await roster.getByText(`341602********${ZHANG_ID.slice(-4)}`).waitFor();
  await roster.getByRole('img', { name: '张三的签名' }).waitFor();

  // A 3000×2000 camera picture, taken with the tablet held upright (EXIF orientation 6).
  const photo = withExifOrientation(await makeJpeg(page, 3000, 2000), 6);
  await page
    .getByLabel('拍摄培训照片')
    .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByRole('img', { name: '培训照片1' }).waitFor();
  await page.getByRole('heading', { name: '培训照片（1 张）' }).waitFor();

  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByRole('status').getByText('培训记录资料齐全').waitFor();
});

it('keeps everything across a reload, in the outbox, with the photo compressed and upright', async () => {
  await reloadAndUnlock();
  expect(page.url()).toBe(trainingUrl);
  await expect.poll(() => field('培训地点').inputValue()).toBe('花戏楼街道工会会议室');
  expect(await field('培训主题').inputValue()).toBe('2026年困难职工帮扶政策解读');
  expect(await field('授课人').inputValue()).toBe('王建国');
  const roster = page.getByRole('table', { name: '参训人员名单' });
  for (const name of ['张三', '李四', '王五'])
    await roster.getByRole('cell', { name, exact: true }).waitFor();
  await roster.getByRole('img', { name: '张三的签名' }).waitFor();
  await page.getByRole('img', { name: '培训照片1' }).waitFor();

  const id = trainingUrl.split('/').pop();
  const trainings = await readRows<StoredRecordRow>(page, 'trainings');
  const training = trainings.find((row) => row.id === id);
  expect(training).toMatchObject({ unitId: grid.unitId, rev: null, pending: 1, deleted: 0 });
  const data = training?.data ?? {};
  expect(data).toMatchObject({
    unitId: grid.unitId,
    place: '花戏楼街道工会会议室',
    topic: '2026年困难职工帮扶政策解读',
    trainer: '王建国',
  });
  const attendees = data.attendees as {
    name: string;
    unit: string;
    idNumber?: string;
    signatureSha?: string;
  }[];
  expect(attendees.map((a) => [a.name, a.unit, a.idNumber ?? null])).toEqual([
    ['张三', '亳州卷烟厂', ZHANG_ID],
    ['李四', '亳州卷烟厂', null],
    ['王五', '亳州市第一人民医院', null],
  ]);
  expect(attendees[0]?.signatureSha).toMatch(/^[0-9a-f]{64}$/);
  expect(attendees[1]?.signatureSha).toBeUndefined();

  // One coalesced change waits in the outbox with every field the server needs.
  const outbox = await readRows<StoredChange>(page, 'outbox');
  const changes = outbox.filter((c) => c.recordId === id);
  expect(changes).toHaveLength(1);
  expect(changes[0]).toMatchObject({ kind: 'record', type: 'training', op: 'upsert', state: 'pending' });
  expect((changes[0]?.fields.attendees?.to as unknown[]).length).toBe(3);
  expect(changes[0]?.fields.photoShas?.to).toEqual(data.photoShas);
  expect(changes[0]?.fields.trainer?.to).toBe('王建国');

  // The photo: stored once under its sha256, as a JPEG with a long side of 1600 px, turned upright.
  const [photoSha] = data.photoShas as string[];
  const photo = await storedBlob(page, photoSha ?? '');
  expect(photo).not.toBeNull();
  expect(photo?.sha256).toBe(photoSha);
  expect(photo?.type).toBe('image/jpeg');
  expect([photo?.width, photo?.height]).toEqual([1067, 1600]);
  // Rotated clockwise: the left (red) half of the sensor image is now the top.
  expect(photo?.top[0]).toBeGreaterThan(150);
  expect(photo?.top[2]).toBeLessThan(100);
  expect(photo?.bottom[2]).toBeGreaterThan(150);

  const signature = await storedBlob(page, attendees[0]?.signatureSha ?? '');
  expect(signature?.type).toBe('image/png');
  expect(signature?.sha256).toBe(attendees[0]?.signatureSha);

  // The list shows the training as complete and not yet synced.
  await page.getByRole('link', { name: '← 培训列表' }).click();
  const item = page
    .getByRole('list', { name: '培训列表' })
    .getByRole('link', { name: /2026年困难职工帮扶政策解读/ });
  await item.getByText('3 人签到', { exact: false }).waitFor();
  await item.getByText('资料齐全').waitFor();
  await item.getByText('未同步').waitFor();
});

it('removes an attendee and a photo after asking', async () => {
  await page.goto(trainingUrl);
  await enterPin(page, PIN);
  const roster = page.getByRole('table', { name: '参训人员名单' });
  await roster.getByRole('button', { name: '移除王五' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '移除' }).click();
  await page.getByRole('heading', { name: '参训人员签到（2 人）' }).waitFor();

  const id = trainingUrl.split('/').pop();
  const before = (await readRows<StoredRecordRow>(page, 'trainings')).find((row) => row.id === id);
  const [photoSha] = before?.data.photoShas as string[];
  await page.getByRole('button', { name: '删除培训照片1' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '删除' }).click();
  await page.getByRole('heading', { name: '培训照片（0 张）' }).waitFor();
  await expect.poll(async () => storedBlob(page, photoSha ?? '')).toBeNull();
  const after = (await readRows<StoredRecordRow>(page, 'trainings')).find((row) => row.id === id);
  expect((after?.data.attendees as unknown[]).length).toBe(2);
  expect(after?.data.photoShas).toEqual([]);
});

it('scores a self-assessment live and keeps the answers', async () => {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '五个一' }).click();
  await page.getByRole('link', { name: /自我评估/ }).click();
  await page.getByRole('button', { name: '新建自我评估' }).click();
  await page.waitForURL(/\/five-ones\/self-assessments\/[0-9a-f-]{36}$/);
  const score = page.getByTestId('assessment-score');
  await expect.poll(() => score.textContent()).toBe('0');

  const question = (n: number) => page.getByRole('group', { name: new RegExp(`^第${n}题`) });
  await question(1).getByLabel('已全面开展（10 分）').check();
  await expect.poll(() => score.textContent()).toBe('10');
  await question(3).getByLabel('覆盖80%及以上（6 分）').check();
  await expect.poll(() => score.textContent()).toBe('16');
  await question(6).getByLabel('已开展但资料不全（5 分）').check();
  await expect.poll(() => score.textContent()).toBe('21');
  await question(1).getByLabel('未开展（0 分）').check();
  await expect.poll(() => score.textContent()).toBe('11');
  await page.getByText('已答 3 / 10 题').waitFor();

  await page.getByRole('button', { name: '完成', exact: true }).click();
  await page.getByRole('alert').getByText('第2题必须填写').waitFor();

  const url = page.url();
  await reloadAndUnlock();
  expect(page.url()).toBe(url);
  await expect.poll(() => score.textContent()).toBe('11');
  expect(await question(3).getByLabel('覆盖80%及以上（6 分）').isChecked()).toBe(true);
  const id = url.split('/').pop();
  const row = (await readRows<StoredRecordRow>(page, 'selfAssessments')).find((r) => r.id === id);
  expect(row?.data).toMatchObject({ unitId: grid.unitId, q01: 'c', q03: 'b', q06: 'b', totalScore: 11 });
  const outbox = await readRows<StoredChange>(page, 'outbox');
  expect(outbox.filter((c) => c.recordId === id && c.type === 'selfAssessment')).toHaveLength(1);
});

it('lets a township union set a visit round and shows who is visited', async () => {
  const township = await serverUser(server.url, 'township');
  const other = await launchTablet();
  try {
    const tab = await other.context.newPage();
    await tab.goto(server.url);
    await signInWithPassword(tab, 'township');
    await choosePin(tab, PIN);
    await expectSignedIn(tab, township);

    // Households of two grids of the township and their visits, as a pull leaves them.
    const today = todayInChina();
    const [visited, drafted, notYet] = [randomUUID(), randomUUID(), randomUUID()];
    const household = (id: string, unitId: string, headName: string, address: string) => ({
      store: 'households',
      id,
      unitId,
      householdId: null,
      rev: 1,
      data: { headName, address, unitId, stage: 'managed', category: 'deep', cycle: 1 },
    });
    const visit = (householdId: string, unitId: string, status: string) => ({
      store: 'visits',
      id: randomUUID(),
      unitId,
      householdId,
      rev: 2,
      data: { householdId, unitId, visitDate: today, applicantKind: 'filed', status },
    });
    await seedSyncedRecords(tab, [
      household(visited, '341602001001', '张立军', '花戏楼街道一号'),
      household(drafted, '341602001001', '张红', '花戏楼街道二号'),
      household(notYet, '341602001002', '周小兵', '花戏楼街道九号'),
      visit(visited, '341602001001', 'final'),
      visit(drafted, '341602001001', 'draft'),
    ]);

    await tab.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '五个一' }).click();
    await tab.getByRole('link', { name: /入户走访轮次/ }).click();
    await tab.getByRole('link', { name: '新建走访轮次' }).click();
    await tab.getByRole('button', { name: '创建走访轮次' }).click();
    await tab.getByText('轮次名称必须填写').waitFor();
    await tab.getByText('结束日期必须填写').waitFor();
    await tab.getByText('请至少选择一户走访家庭').waitFor();

    await tab.getByLabel('轮次名称', { exact: true }).fill('2026年春季入户走访');
    await tab.getByLabel('结束日期', { exact: true }).fill(addDays(today, 30));
    await tab.getByLabel('按户主姓名或地址查找').fill('张');
    await tab.getByRole('button', { name: '全选这 2 户' }).click();
    await tab.getByLabel('按户主姓名或地址查找').fill('');
    await tab
      .getByRole('list', { name: '可选家庭' })
      .getByLabel(/周小兵/)
      .check();
    await tab.getByRole('heading', { name: '走访家庭（已选 3 户）' }).waitFor();
    await tab.getByRole('button', { name: '创建走访轮次' }).click();

    await tab.waitForURL(/\/five-ones\/visit-rounds\/[0-9a-f-]{36}$/);
    await tab.getByRole('heading', { name: '2026年春季入户走访' }).waitFor();
    await expect.poll(() => tab.getByTestId('round-visited').textContent()).toBe('1 户');
    expect(await tab.getByTestId('round-pending').textContent()).toBe('2 户');
    const done = tab.getByRole('list', { name: '已走访家庭' });
    expect(await done.getByRole('link').getAttribute('href')).toBe(`/households/${visited}`);
    await done.getByText(`${today} 已走访`).waitFor();
    const pending = tab.getByRole('list', { name: '未走访家庭' });
    // A draft does not count until it is finalised.
    await pending.getByRole('link', { name: /张红/ }).waitFor();
    await pending.getByRole('link', { name: /周小兵/ }).waitFor();

    const id = tab.url().split('/').pop();
    const round = (await readRows<StoredRecordRow>(tab, 'visitRounds')).find((r) => r.id === id);
    expect(round).toMatchObject({ unitId: township.unitId, pending: 1 });
    expect(round?.data).toMatchObject({
      unitId: township.unitId,
      name: '2026年春季入户走访',
      startDate: today,
    });
    expect([...(round?.data.householdIds as string[])].sort()).toEqual([visited, drafted, notYet].sort());
  } finally {
    await other.close();
    removeProfile(other);
  }
});
