import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { apiAs, BANK_CARD, HEAD_ID, seedVisitedCase, signIn, type SeededCase } from './review-steps';

/**
 * Issue 12, "a readable audit": after a visit syncs, the audit view and the case page's timeline and audit
 * read in Chinese — field labels, names, masked numbers — with no raw JSON, no record id, and nothing
 * running off the right edge, on a 1280 px PC and an 800 px tablet.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const MASKED_HEAD_ID = `${HEAD_ID.slice(0, 6)}********${HEAD_ID.slice(-4)}`;

let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;
let seeded: SeededCase;

beforeAll(async () => {
  server = await startBuiltServer();
  const grid = await apiAs(server.url, 'grid');
  seeded = await seedVisitedCase(server.url, grid, randomUUID());
  tablet = await launchTablet();
  page = await tablet.context.newPage();
  await signIn(page, server.url, 'city', '李市总');
});

afterAll(async () => {
  await tablet?.close();
  if (tablet) removeProfile(tablet);
  await server?.dispose();
});

/** Every text a person reads there, with folded values opened. */
async function readable(region: Locator): Promise<string> {
  // The first fold is opened as a person would; the rest at once (a click each is slow on a loaded machine).
  const fold = region.locator('details.audit-fold').first();
  if ((await fold.count()) > 0) {
    await fold.locator('summary').first().click();
    await region.locator('details.audit-fold[open]').first().waitFor();
  }
  await region.evaluate((element) => {
    for (const details of element.querySelectorAll('details')) details.open = true;
  });
  return region.innerText();
}

function expectPlainChinese(text: string): void {
  expect(text).not.toContain('{');
  expect(text).not.toMatch(UUID);
  expect(text).not.toMatch(/[0-9a-f]{64}/);
  expect(text).not.toContain(HEAD_ID);
  expect(text).not.toContain(BANK_CARD);
}

async function expectNoOverflow(): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('the audit of a visit reads in Chinese without any raw JSON', () => {
  it('the audit view shows the grid worker’s visit with form labels, names and masked numbers', async () => {
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    // The worker's name leads to that account's own audit.
    await page.getByRole('link', { name: '刘网格' }).first().click();
    await page.waitForURL(/userId=/);
    const list = page.getByRole('list', { name: '审计记录' });
    const visit = list.locator('li', { hasText: '走访调查表' }).filter({ hasText: '新建记录' }).first();
    await visit.waitFor();
    const text = await readable(list);
    expectPlainChinese(text);
    for (const label of [
      '走访日期',
      'GPS 位置',
      '材料清单',
      '授权书签名',
      '初审结论',
      '户主身份证号',
      '银行卡号',
    ]) {
      expect(text, label).toContain(label);
    }
    expect(text).toContain('张建国户 · 走访调查表');
    expect(text).toMatch(/已记录 ±12 米/);
    expect(text).toContain('照片 1 张');
    expect(text).toContain(MASKED_HEAD_ID);
    expect(text).toContain('**** **** **** 0123');
    await expectNoOverflow();
    await page.setViewportSize({ width: 800, height: 1280 });
    await expectNoOverflow();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the case page’s timeline and audit read the same way', async () => {
    const list = page.getByRole('list', { name: '审计记录' });
    await list
      .getByRole('link', { name: /张建国户/ })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/review/cases/${seeded.caseId}`));
    const timeline = page.getByRole('list', { name: '办理记录' });
    await timeline.locator('li').first().waitFor();
    const timelineText = await readable(timeline);
    expectPlainChinese(timelineText);
    expect(timelineText).toContain('刘网格');

    await page.locator('#review-audit-title').click();
    const audit = page.getByRole('list', { name: '审计记录' });
    await audit.locator('li', { hasText: '走访调查表' }).first().waitFor();
    const auditText = await readable(audit);
    expectPlainChinese(auditText);
    for (const label of ['户主姓名', '走访日期', 'GPS 位置', '材料清单'])
      expect(auditText, label).toContain(label);
    expect(auditText).toContain('办理步骤');
    await expectNoOverflow();
    await page.setViewportSize({ width: 800, height: 1280 });
    await expectNoOverflow();
  });
});
