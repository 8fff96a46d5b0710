import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { COMPARISON_SOURCES } from '../../shared/loop/vocabulary';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import {
  apiAs,
  apiStep,
  chinaDay,
  expectStage,
  goToQueue,
  HEAD_ID,
  MEMBER_ID,
  seedVisitedCase,
  signIn,
  type Api,
  type SeededCase,
} from './review-steps';

/**
 * The printable A4 forms (docs/print-forms.md), printed to PDF by headless Chromium from the built app: a
 * visited case walked by the township and county into public notice (公示), then on to its exit (脱困).
 * Chromium's PDF keeps its text in compressed streams, so the text is asserted in the print view's DOM under
 * print media, and the PDF for its A4 page count.
 */

let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;
let county: Api;
let seeded: SeededCase;

beforeAll(async () => {
  server = await startBuiltServer();
  const grid = await apiAs(server.url, 'grid');
  const township = await apiAs(server.url, 'township');
  county = await apiAs(server.url, 'county');
  seeded = await seedVisitedCase(server.url, grid, randomUUID());
  const step = (name: string, payload: Parameters<typeof apiStep>[3]) =>
    apiStep(county, seeded.caseId, name, payload);
  await apiStep(township, seeded.caseId, 'forwardToCounty', { materialsComplete: true });
  await step('acceptReview', { opinion: '材料齐全，审核通过' });
  await step('recordComparison', {
    results: COMPARISON_SOURCES.map((source) => ({ source, result: 'consistent' })),
  });
  await step('completeComparison', { conclusion: '八项比对一致' });
  await step('classify', { category: 'deep', suggestedCategory: 'deep' });
  await step('proposePlan', { measures: [{ measure: 'living_relief', amountFen: 200_000 }] });
  await step('approvePlan', {
    meetingDate: chinaDay(-14),
    attendees: ['王主任', '李科长', '张会计'],
    decision: 'approved',
    minutes: '同意',
  });
  await step('startNotice', { startDate: chinaDay(-13), place: '社区公示栏' });
  tablet = await launchTablet();
  page = await tablet.context.newPage();
  await signIn(page, server.url, 'county', '王县总');
  await page.waitForURL(/\/review$/);
});

afterAll(async () => {
  await tablet?.close();
  if (tablet) removeProfile(tablet);
  await server?.dispose();
});

/** A4 pages of a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree node). */
function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

async function openCase(): Promise<void> {
  await goToQueue(page);
  await page.getByRole('button', { name: '全部案件' }).click();
  await page.waitForURL(/view=all/);
  await page
    .getByRole('table', { name: '案件列表' })
    .getByRole('link', { name: '张建国', exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: '张建国' }).waitFor();
}

/** Opens a form from the case page's 打印 card and waits for its sheet. */
async function openPrint(link: string, sheet: string) {
  await page.getByRole('region', { name: '打印' }).getByRole('link', { name: link }).click();
  const form = page.getByRole('article', { name: sheet });
  await form.waitFor();
  return form;
}

/** Switches to print media, checks nothing but the form shows, and prints to A4; returns the page count. */
async function printToPdf(): Promise<number> {
  await page.emulateMedia({ media: 'print' });
  expect(await page.getByRole('navigation').count()).toBe(0);
  expect(await page.getByRole('toolbar', { name: '打印操作' }).isVisible()).toBe(false);
  expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
  expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(0);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return pdfPageCount(pdf);
}

async function backToCase(): Promise<void> {
  await page.getByRole('link', { name: '返回' }).click();
  await page.getByRole('heading', { level: 1, name: '张建国' }).waitFor();
}

describe('printable A4 forms', () => {
  it('prints the 走访调查表 on one or two A4 pages with the head, the position and the signature image', async () => {
    await openCase();
    await expectStage(page, '公示');
    const form = await openPrint('打印走访调查表', '困难职工家庭走访调查表');
    const signature = form.getByRole('img', { name: '张建国的签名' });
    await signature.waitFor();
    // The picture itself came from the server and decoded, not a placeholder.
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img.print-signature__image');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    const text = (await form.textContent()) ?? '';
    expect(text).toContain('张建国');
    expect(text).toContain('刘网格');
    expect(text).toContain('33.844000, 115.778000');
    expect(text).toContain('张建国（户主）');
    expect(text).toContain('情况属实，同意上报');
    expect(text).toContain('户主签名');
    // ID numbers print masked unless the office asks for its archive copy in full.
    expect(text).toContain(`${HEAD_ID.slice(0, 6)}********${HEAD_ID.slice(-4)}`);
    expect(text).not.toContain(HEAD_ID);
    const pages = await printToPdf();
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await backToCase();
  });

  it('prints the 困难职工档案表 with members, category, cause, income and measures', async () => {
    const form = await openPrint('打印困难职工档案表', '困难职工家庭档案表');
    await page.getByLabel('打印完整身份证号').check();
    const text = (await form.textContent()) ?? '';
    expect(text).toContain('张建国');
    expect(text).toContain(HEAD_ID);
    expect(text).toContain('张小明');
    expect(text).toContain(MEMBER_ID);
    expect(text).toContain('深度困难');
    expect(text).toContain('生活救助');
    expect(text).toContain('¥1,000.00');
    // 打印 first puts the print, in full, into the audit log the city reads, then opens the print dialog
    // (headless Chromium has none: window.print would block the page, so it only counts here).
    await page.evaluate(() => {
      const counted = window as unknown as { printCalls: number };
      counted.printCalls = 0;
      window.print = () => {
        counted.printCalls += 1;
      };
    });
    await page.getByRole('button', { name: '打印' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { printCalls: number }).printCalls))
      .toBe(1);
    const city = await apiAs(server.url, 'city');
    await expect
      .poll(async () => {
        const reply = await city.call('GET', '/api/audit?kind=export');
        const entries = (
          reply.body as { entries: { actorName: string; facts: { label: string; value: string }[] }[] }
        ).entries;
        return entries.map((e) => [e.actorName, ...e.facts.map((f) => `${f.label}：${f.value}`)].join(' '));
      })
      .toContainEqual('王县总 表格：困难职工档案表 打印完整身份证号：是');
    const pages = await printToPdf();
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(3);
    await backToCase();
  });

  it('prints the 核对承诺授权书 with its text and the signature', async () => {
    const form = await openPrint('打印核对承诺授权书', '家庭经济状况核对承诺授权书');
    await form.getByRole('img', { name: '张建国的签名' }).waitFor();
    const text = (await form.textContent()) ?? '';
    expect(text).toContain('同意并授权工会帮扶工作机构');
    expect(await printToPdf()).toBe(1);
    await backToCase();
  });

  it('prints the 信息比对报告 with every source', async () => {
    const form = await openPrint('打印信息比对报告', '困难职工家庭信息比对报告');
    expect(await form.getByRole('table', { name: '比对结果' }).locator('tbody tr').count()).toBe(
      COMPARISON_SOURCES.length,
    );
    expect(await form.textContent()).toContain('八项比对一致');
    expect(await printToPdf()).toBe(1);
    await backToCase();
  });

  it('prints the 公示名单 with names in full and ID numbers down to their first and last four', async () => {
    const form = await openPrint('打印公示名单', '公示名单');
    const row = form.getByRole('table', { name: '公示名单' }).locator(`tr[data-case="${seeded.caseId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('张建国');
    expect(await row.locator('[data-field="idNumber"]').textContent()).toBe(
      `${HEAD_ID.slice(0, 4)}**********${HEAD_ID.slice(-4)}`,
    );
    const text = (await form.textContent()) ?? '';
    expect(text).not.toContain(HEAD_ID.slice(0, 6));
    // The full-number choice is never offered on a public notice.
    expect(await page.getByLabel('打印完整身份证号').count()).toBe(0);
    expect(await printToPdf()).toBe(1);
    await page.getByRole('link', { name: '返回' }).click();
    await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
  });

  it('prints the 脱困登记表 once the case has left assistance', async () => {
    const city = await apiAs(server.url, 'city');
    await apiStep(county, seeded.caseId, 'completeNotice', {});
    await apiStep(city, seeded.caseId, 'fileRecord', { fileNumber: 'BZ-PRINT-1', filedOn: chinaDay() });
    await apiStep(county, seeded.caseId, 'disburse', {
      amountFen: 100_000,
      paidOn: chinaDay(),
      bankCardLast4: '0123',
    });
    await apiStep(county, seeded.caseId, 'exit', {
      reason: 'lifted_out',
      explanation: '户主再就业，人均收入连续六个月高于低保标准',
      noticeDate: chinaDay(),
    });
    await openCase();
    const form = await openPrint('打印脱困登记表', '困难职工脱困登记表');
    const text = (await form.textContent()) ?? '';
    expect(text).toContain('户主再就业');
    expect(text).toContain('BZ-PRINT-1');
    expect(await printToPdf()).toBe(1);
  });
});
