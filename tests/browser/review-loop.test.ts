import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import {
  apiAs,
  apiStep,
  BANK_CARD,
  caseDetail,
  chinaDay,
  command,
  expectStage,
  goToQueue,
  HEAD_ID,
  openStep,
  push,
  seedVisitedCase,
  signIn,
  signOut,
  STRANGER_ID,
  submitStep,
  type Api,
  type SeededCase,
} from './review-steps';

/**
 * The closed loop on the review screens, with the real built server: the township forwards, the county
 * returns with comments (typed markup stays text), the case comes back through a tablet push, then the
 * county accepts, compares (by hand and by CSV), classifies against the suggestion, proposes and approves a
 * plan, runs the public notice with an objection, the city files, the county disburses, and the case page
 * tells the whole story.
 */

let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;
let grid: Api;
let township: Api;
let seeded: SeededCase;
const gridDevice = randomUUID();
const dialogs: string[] = [];
const XSS = '<img src=x onerror=alert(1)>';

beforeAll(async () => {
  server = await startBuiltServer();
  grid = await apiAs(server.url, 'grid');
  township = await apiAs(server.url, 'township');
  seeded = await seedVisitedCase(server.url, grid, gridDevice);
  tablet = await launchTablet();
  page = await tablet.context.newPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await tablet?.close();
  if (tablet) removeProfile(tablet);
  await server?.dispose();
});

async function openCaseFromQueue(name = '张建国'): Promise<void> {
  await page.getByRole('table', { name: '案件列表' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function caseTableRow(source: string) {
  return page.getByTestId('comparison-table').getByRole('row', { name: new RegExp(`^${source}`) });
}

describe('the county closed loop on the review screens', () => {
  it('leads the township to its queue, where it forwards the visited case to the county', async () => {
    await signIn(page, server.url, 'township', '陈乡镇');
    await page.waitForURL(/\/review$/);
    const row = page.getByRole('table', { name: '案件列表' }).getByRole('row', { name: /张建国/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('乡镇审核上报');
    expect(await row.textContent()).toContain('341602********');
    expect(await row.textContent()).not.toContain(HEAD_ID);
    await openCaseFromQueue();
    await expectStage(page, '乡镇审核上报');
    const form = await openStep(page, '上报县总审核');
    // The visit's checklist missed nothing, so the form already answers 齐全: the township only confirms.
    expect(await form.getByLabel('齐全', { exact: true }).isChecked()).toBe(true);
    await submitStep(page, '上报县总审核');
    await expectStage(page, '县总审核');
    await signOut(page);
  });

  it('lets the county return the case with comments; typed markup shows as text', async () => {
    await signIn(page, server.url, 'county', '王县总');
    await page.waitForURL(/\/review$/);
    // The queue filtered by step.
    await page.getByLabel('环节').selectOption('county_review');
    await page.waitForURL(/stage=county_review/);
    await openCaseFromQueue();
    await expectStage(page, '县总审核');
    expect(await page.getByTestId('case-id-number').textContent()).toBe(
      `${HEAD_ID.slice(0, 6)}********${HEAD_ID.slice(-4)}`,
    );
    // The household file, the member, the visit and its materials.
    const file = page.getByTestId('household-file');
    expect(await file.locator('[data-field="headName"]').textContent()).toBe('张建国');
    expect(await file.locator('[data-field="bankCardNumber"]').textContent()).toBe(
      `**** **** **** ${BANK_CARD.slice(-4)}`,
    );
    await page
      .getByRole('region', { name: /家庭成员/ })
      .getByText('张小明')
      .waitFor();
    const visits = page.getByRole('region', { name: /走访记录/ });
    expect(await visits.textContent()).toContain('33.844000, 115.778000');
    expect(await visits.textContent()).toContain('张建国（户主）');
    // Photos load only when asked for, through the bearer token.
    const materials = page.getByRole('region', { name: '材料与照片' });
    expect(await materials.locator('img').count()).toBe(0);
    await materials.getByRole('button', { name: /查看困难职工本人申请/ }).click();
    const photo = materials.getByRole('img', { name: /困难职工本人申请照片1/ });
    await photo.waitFor();
    await page.waitForFunction(
      (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth === 1,
      await photo.elementHandle(),
    );

    // Empty form: inline messages, nothing sent.
    const form = await openStep(page, '退回补正');
    await form.getByRole('button', { name: '确认退回补正' }).click();
    await form.getByText('不能为空').first().waitFor();
    await form.getByText('请更正标出的内容后再提交').waitFor();
    await expectStage(page, '县总审核');

    await form.getByLabel('退回意见').fill(`${XSS} 病情诊断书不清晰`);
    await form.getByLabel('补正事项1', { exact: true }).fill('重新拍摄出院小结');
    await submitStep(page, '退回补正');
    await expectStage(page, '退回补正');
    const comments = page.getByRole('region', { name: '意见与通知' });
    await comments.getByText(`${XSS} 病情诊断书不清晰`, { exact: true }).waitFor();
    await comments.getByText('重新拍摄出院小结').waitFor();
    const timeline = page.getByRole('list', { name: '办理记录' });
    await timeline.getByText(`${XSS} 病情诊断书不清晰`, { exact: true }).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('shows the case again at county review once the grid worker resubmitted and the township forwarded', async () => {
    // The grid worker's tablet part: fix and resubmit (here through the push API the tablet uses).
    const reply = await push(grid, gridDevice, [
      command(seeded.caseId, 'submitVisit', {
        visitId: seeded.visitId,
        visitDate: chinaDay(),
        opinion: '已重新拍摄出院小结',
        authorizationSigned: true,
      }),
    ]);
    expect(reply.results[0]?.status).toBe('applied');
    await apiStep(township, seeded.caseId, 'forwardToCounty', { materialsComplete: true });

    await goToQueue(page);
    await openCaseFromQueue();
    await expectStage(page, '县总审核');
    const form = await openStep(page, '审核通过');
    await form.getByLabel('审核意见').fill('补正材料齐全，同意进入信息比对');
    await submitStep(page, '审核通过');
    await expectStage(page, '信息比对');
  });

  it('records four sources by hand and four from the comparison CSV, reporting the row that matched nothing', async () => {
    let form = await openStep(page, '录入比对结果');
    for (const source of ['民政低保', '社会保险', '不动产']) {
      await form.getByRole('group', { name: source }).getByLabel('一致', { exact: true }).check();
    }
    await form.getByRole('group', { name: '车辆' }).getByLabel('不一致', { exact: true }).check();
    await form.getByRole('button', { name: '保存比对结果' }).click();
    await form.getByRole('group', { name: '车辆' }).getByText('比对不一致时须填写说明').waitFor();
    await form.getByLabel('车辆比对说明').fill('名下有2009年二手面包车一辆，已报废');
    await submitStep(page, '录入比对结果', '保存比对结果');
    await page.getByRole('heading', { name: '信息比对（已比对 4/8 项）' }).waitFor();
    expect(await (await caseTableRow('车辆')).textContent()).toContain('不一致');
    // 比对完成 waits for the other four.
    expect(
      await page
        .getByRole('region', { name: '办理' })
        .getByRole('button', { name: '完成信息比对' })
        .isDisabled(),
    ).toBe(true);

    await goToQueue(page);
    await page.getByRole('link', { name: '导入比对结果' }).click();
    const downloadWait = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载模板' }).click();
    const download = await downloadWait;
    const templatePath = await download.path();
    expect(fs.readFileSync(templatePath, 'utf8')).toBe('\uFEFF身份证号,数据来源,结果,备注\r\n');

    const csv = [
      '身份证号,数据来源,结果,备注',
      `${HEAD_ID},工商登记,一致,`,
      `${HEAD_ID},税务,一致,`,
      `${HEAD_ID},住房公积金,一致,`,
      `${HEAD_ID},银行存款,一致,`,
      `${STRANGER_ID},税务,一致,`,
    ].join('\r\n');
    await page.getByLabel('选择 CSV 文件').setInputFiles({
      name: '比对结果.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByTestId('import-preview').getByText('可读取 5 行').waitFor();
    await page.getByRole('button', { name: '上传并导入' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('匹配到档案的行4 行');
    expect(await summary.textContent()).toContain('已写入案件的行4 行');
    const unmatched = page.getByRole('table', { name: '未匹配的行' });
    expect(await unmatched.getByRole('row').nth(1).textContent()).toBe(
      `6${STRANGER_ID}在您的管辖范围内没有该身份证号的户主或家庭成员档案`,
    );

    await page.getByRole('link', { name: '张建国' }).click();
    await page.getByRole('heading', { name: '信息比对（已比对 8/8 项）' }).waitFor();
    expect(await (await caseTableRow('税务')).textContent()).toContain('CSV 导入');
    expect(await (await caseTableRow('民政低保')).textContent()).toContain('手工录入');
    form = await openStep(page, '完成信息比对');
    await form.getByLabel('比对结论').fill('八项比对完成，车辆一项经核实已报废，不影响认定');
    await submitStep(page, '完成信息比对', '比对完成');
    await expectStage(page, '分类认定');
  });

  it('classifies differently from the suggestion only with a written reason', async () => {
    const form = await openStep(page, '分类认定');
    expect(await form.getByTestId('suggested-category').textContent()).toBe('深度困难');
    await form.getByText('家庭月人均收入¥500.00低于当地低保标准¥850.00，建议认定为深度困难。').waitFor();
    await form.getByLabel('相对困难', { exact: true }).check();
    await form.getByRole('button', { name: '确认分类认定' }).click();
    await form.getByText('认定类别与系统建议（深度困难）不同，须填写书面理由').waitFor();
    await expectStage(page, '分类认定');
    await form.getByLabel('认定理由').fill('配偶有稳定务工收入未申报，经入户核实按相对困难认定');
    await submitStep(page, '分类认定');
    await expectStage(page, '帮扶方案与集体审批');
  });

  it('proposes a plan in yuan and approves it collectively', async () => {
    let form = await openStep(page, '提出帮扶方案');
    await form.getByLabel('帮扶措施1金额（元）').fill('3000');
    await form.getByRole('button', { name: '增加一项措施' }).click();
    await form.getByRole('combobox', { name: '帮扶措施2' }).selectOption('schooling_aid');
    await form.getByLabel('帮扶措施2金额（元）').fill('1500.5');
    await form.getByText('方案合计：¥4,500.50').waitFor();
    await submitStep(page, '提出帮扶方案');

    form = await openStep(page, '集体审批');
    await form.getByText('待审批的帮扶方案（合计 ¥4,500.50）').waitFor();
    await form.getByLabel('会议日期').fill(chinaDay(-14));
    await form.getByLabel('参会人员1', { exact: true }).fill('王主任');
    await form.getByLabel('参会人员2', { exact: true }).fill('李科长');
    await form.getByLabel('同意', { exact: true }).check();
    await form.getByLabel('会议纪要').fill('经集体研究，同意帮扶方案。');
    // The shared rule (≥ 3 distinct attendees) answers before anything is sent.
    await form.getByRole('button', { name: '确认集体审批' }).click();
    await form.getByRole('alert').getByText('集体审批须至少3名不同的参会人员（现有2名）').waitFor();
    await expectStage(page, '帮扶方案与集体审批');
    await form.getByLabel('参会人员3', { exact: true }).fill('张会计');
    await submitStep(page, '集体审批');
    await expectStage(page, '公示');
  });

  it('runs the public notice: an objection is recorded and settled before the notice can end', async () => {
    let form = await openStep(page, '开始公示');
    await form.getByLabel('公示开始日期').fill(chinaDay(-13));
    await form.getByLabel('公示地点/方式').fill('花戏楼社区公示栏');
    const end = await form.getByLabel('公示结束日期').inputValue();
    expect(end > chinaDay(-13) && end < chinaDay()).toBe(true);
    await submitStep(page, '开始公示');

    form = await openStep(page, '登记异议');
    await form.getByLabel('收到日期').fill(chinaDay(-12));
    await form.getByLabel('异议内容').fill('该户家中有面包车一辆');
    await submitStep(page, '登记异议');
    const steps = page.getByRole('region', { name: '办理' });
    expect(await steps.getByRole('button', { name: '公示期满' }).isDisabled()).toBe(true);
    await steps.getByText('尚有1件异议未处理').waitFor();

    form = await openStep(page, '处理异议');
    await form.getByLabel('异议不成立', { exact: true }).check();
    await form.getByLabel('核实处理意见').fill('经核实车辆已于去年报废，异议不成立');
    await submitStep(page, '处理异议');

    // The queue flags the notice whose end date has passed: it is waiting to be completed.
    await goToQueue(page);
    const due = page
      .getByRole('table', { name: '案件列表' })
      .getByRole('row', { name: /张建国/ })
      .locator('.review-due');
    expect(await due.textContent()).toMatch(/^公示截止 \d{4}-\d{2}-\d{2}（已到期）$/);
    expect(await due.getAttribute('class')).toContain('review-due--overdue');
    await openCaseFromQueue();

    form = await openStep(page, '公示期满');
    await submitStep(page, '公示期满');
    await expectStage(page, '市总备案');
    await page
      .getByRole('region', { name: '办理' })
      .getByText(/此操作由市总帮扶中心办理/)
      .waitFor();
    await signOut(page);
  });

  it('has the city file the case and the county disburse to the masked card', async () => {
    await signIn(page, server.url, 'city', '李市总');
    await page.waitForURL(/\/review$/);
    await openCaseFromQueue();
    const form = await openStep(page, '市总备案');
    await form.getByLabel('备案编号').fill('BZ-2026-0001');
    await submitStep(page, '市总备案');
    await expectStage(page, '待发放');
    await signOut(page);

    await signIn(page, server.url, 'county', '王县总');
    await openCaseFromQueue();
    const pay = await openStep(page, '打卡发放');
    expect(await pay.getByLabel('发放金额（元）').inputValue()).toBe('4500.50');
    expect(await pay.getByTestId('disburse-card').textContent()).toContain('**** **** **** 0123');
    expect(await pay.textContent()).not.toContain(BANK_CARD);
    await submitStep(page, '打卡发放');
    await expectStage(page, '动态管理（已发放）');
    await page.getByRole('region', { name: '意见与通知' }).getByText('已发放', { exact: true }).waitFor();
  });

  it('shows the whole timeline on the case page and the audit log with old → new', async () => {
    const steps = await page
      .getByRole('list', { name: '办理记录' })
      .locator('.review-timeline__step')
      .allTextContents();
    expect(steps).toEqual([
      '提交走访初审',
      '上报县总审核',
      '退回补正',
      '提交走访初审',
      '上报县总审核',
      '审核通过',
      '录入比对结果',
      '录入比对结果',
      '完成信息比对',
      '分类认定',
      '提出帮扶方案',
      '集体审批',
      '开始公示',
      '登记异议',
      '处理异议',
      '公示期满',
      '市总备案',
      '打卡发放',
    ]);
    const timeline = page.getByRole('list', { name: '办理记录' });
    await timeline.getByText('李市总 · 市总帮扶中心 · 亳州市').waitFor();
    await timeline
      .getByText('数据来源：车辆，结果：不一致，说明：名下有2009年二手面包车一辆，已报废')
      .waitFor();

    await page.getByText('审计日志', { exact: true }).click();
    const audit = page.getByRole('list', { name: '审计记录' });
    await audit.waitFor();
    const disbursed = audit.locator('li').filter({ hasText: '办理步骤：打卡发放' });
    const paid = disbursed.locator('.audit-facts__row').filter({ hasText: '是否已发放' });
    expect(await paid.first().textContent()).toContain('否 → 是');

    const detail = await caseDetail(await apiAs(server.url, 'county'), seeded.caseId);
    expect(detail.state).toMatchObject({
      stage: 'managed',
      category: 'relative',
      disbursedTotalFen: 450_050,
    });
  });
});
