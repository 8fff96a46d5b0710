import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sampleHousehold, sampleMember, sampleVisit } from '../../shared/domain/test-fixtures';
import type { JsonValue } from '../../shared/sync/canonical-json';
import { COMPARISON_SOURCES } from '../../shared/loop/vocabulary';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import { waitForServiceWorkerControl } from './auth-steps';
import {
  apiAs,
  apiStep,
  caseDetail,
  chinaDay,
  command,
  created,
  expectStage,
  goToQueue,
  openStep,
  PNG_SHA,
  push,
  signIn,
  submitStep,
  uploadPng,
  type Api,
} from './review-steps';
import { signInTablet, syncNow } from './sync-steps';

/**
 * Issue 5 end to end, across roles and devices: the county returns a case on the office PC; the grid
 * worker's tablet, offline and then syncing, shows the comments; the worker fixes the visit and resubmits
 * from the tablet; the county accepts and the loop runs on (the steps the county screens were shown to
 * take in review-loop.test.ts go through the API here); the county disburses on the office PC; and the
 * worker's tablet shows "已发放".
 */

let server: BuiltServer;
let tabletProfile: TabletProfile;
let officeProfile: TabletProfile;
let tablet: Page;
let office: Page;
let grid: Api;
let township: Api;
let county: Api;
let city: Api;
const caseId = randomUUID();
const visitId = randomUUID();

function json(value: object): Record<string, JsonValue> {
  return JSON.parse(JSON.stringify(value)) as Record<string, JsonValue>;
}

/** The household as the worker filed it on an earlier tablet: complete, visited, submitted, forwarded. */
async function seedForwardedCase(): Promise<void> {
  const today = chinaDay();
  const now = new Date().toISOString();
  await uploadPng(server.url, grid);
  const household = json(
    sampleHousehold({ stage: 'entry', category: 'unclassified', cycle: 1, entryChannel: 'grassroots_found' }),
  );
  const memberId = randomUUID();
  const visit = sampleVisit({
    householdId: caseId,
    visitDate: today,
    gps: { lat: 33.8712, lng: 115.7793, accuracyM: 12, at: now },
    checklist: sampleVisit().checklist.map((entry) => ({ ...entry, attachmentShas: [PNG_SHA] })),
    signatures: [
      { memberId: null, signerName: '张建国', role: 'head', signedAt: now, attachmentSha: PNG_SHA },
      {
        memberId: null,
        signerName: '张建国',
        role: 'guardian',
        minorName: '张小明',
        signedAt: now,
        attachmentSha: PNG_SHA,
      },
    ],
  });
  const reply = await push(grid, randomUUID(), [
    created('household', caseId, household),
    created('member', memberId, json(sampleMember({ householdId: caseId }))),
    created('visit', visitId, json(visit)),
    command(caseId, 'submitVisit', {
      visitId,
      visitDate: today,
      opinion: '情况属实，材料齐全，同意上报。',
      authorizationSigned: true,
    }),
  ]);
  expect(reply.results.map((r) => [r.status, r.error?.message ?? null])).toEqual(
    Array.from({ length: 4 }, () => ['applied', null]),
  );
  await apiStep(township, caseId, 'forwardToCounty', { materialsComplete: true });
}

async function openHouseholdOnTablet(): Promise<void> {
  await tablet.getByRole('link', { name: '我的家庭户', exact: true }).click();
  await tablet
    .getByRole('link', { name: /张建国/ })
    .first()
    .click();
  await tablet.getByRole('heading', { level: 1, name: '张建国' }).waitFor();
}

async function openCaseAtOffice(): Promise<void> {
  await goToQueue(office);
  await office
    .getByRole('table', { name: '案件列表' })
    .getByRole('link', { name: '张建国', exact: true })
    .click();
  await office.getByRole('heading', { level: 1, name: '张建国' }).waitFor();
}

beforeAll(async () => {
  server = await startBuiltServer();
  grid = await apiAs(server.url, 'grid');
  township = await apiAs(server.url, 'township');
  county = await apiAs(server.url, 'county');
  city = await apiAs(server.url, 'city');
  await seedForwardedCase();
  tabletProfile = await launchTablet();
  officeProfile = await launchTablet();
  tablet = await tabletProfile.context.newPage();
  office = await officeProfile.context.newPage();
  await office.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  for (const profile of [tabletProfile, officeProfile]) {
    await profile?.close();
    if (profile) removeProfile(profile);
  }
  await server?.dispose();
});

it('brings the case to the worker’s tablet, and to the county’s queue', async () => {
  await signInTablet(tablet, server.url, 'grid', '刘网格');
  await waitForServiceWorkerControl(tablet);
  expect(await syncNow(tablet)).toBeNull();
  await openHouseholdOnTablet();
  await tablet.getByText('县总审核', { exact: true }).waitFor();

  await signIn(office, server.url, 'county', '王县总');
  await office.waitForURL(/\/review$/);
  await openCaseAtOffice();
  await expectStage(office, '县总审核');
});

it('shows the county’s comments on the tablet once it syncs after being offline', async () => {
  await tabletProfile.context.setOffline(true);
  const form = await openStep(office, '退回补正');
  await form.getByLabel('退回意见').fill('户口簿照片不清晰，请补拍后重新提交');
  await form.getByLabel('补正事项1', { exact: true }).fill('补拍户口簿首页');
  await submitStep(office, '退回补正');

  // Offline, the tablet still shows the case as it last synced.
  await tablet.getByText('暂无审核意见。').waitFor();
  await tabletProfile.context.setOffline(false);
  expect(await syncNow(tablet)).toBeNull();
  await openHouseholdOnTablet();
  await tablet.getByText('退回补正', { exact: true }).first().waitFor();
  await tablet.getByText('户口簿照片不清晰，请补拍后重新提交').first().waitFor();
  await tablet.getByText('补拍户口簿首页').first().waitFor();
});

it('lets the worker fix the visit and resubmit it from the tablet', async () => {
  await tablet.getByRole('link', { name: '继续走访' }).click();
  await tablet.getByRole('region', { name: '退回补正意见' }).getByText('户口簿照片不清晰').first().waitFor();
  await tablet.getByLabel('走访情况', { exact: true }).fill('已补拍户口簿首页，照片清晰。');
  await tablet.getByRole('button', { name: '完成走访' }).click();
  await tablet.getByTestId('finalise-outcome').getByText('走访已完成', { exact: false }).waitFor();
  expect(await syncNow(tablet)).toBeNull();
  const detail = await caseDetail(county, caseId);
  expect(detail.state.stage).toBe('township_check');
  expect(detail.visits.find((v) => v.id === visitId)?.data.findings).toBe('已补拍户口簿首页，照片清晰。');
});

it('runs the loop on to disbursement at the office', async () => {
  await apiStep(township, caseId, 'forwardToCounty', { materialsComplete: true });
  await openCaseAtOffice();
  await expectStage(office, '县总审核');
  await office
    .getByRole('list', { name: '办理记录' })
    .getByText('补正后重新提交走访初审', { exact: false })
    .waitFor();
  const accept = await openStep(office, '审核通过');
  await accept.getByLabel('审核意见').fill('补正后材料齐全');
  await submitStep(office, '审核通过');

  await apiStep(county, caseId, 'recordComparison', {
    results: COMPARISON_SOURCES.map((source) => ({ source, result: 'consistent' })),
  });
  await apiStep(county, caseId, 'completeComparison', { conclusion: '八项比对一致' });
  await apiStep(county, caseId, 'classify', { category: 'deep', suggestedCategory: 'deep' });
  await apiStep(county, caseId, 'proposePlan', {
    measures: [{ measure: 'living_relief', amountFen: 200_000 }],
  });
  await apiStep(county, caseId, 'approvePlan', {
    meetingDate: chinaDay(-14),
    attendees: ['王主任', '李科长', '张会计'],
    decision: 'approved',
    minutes: '同意',
  });
  await apiStep(county, caseId, 'startNotice', { startDate: chinaDay(-13), place: '社区公示栏' });
  await apiStep(county, caseId, 'completeNotice', {});
  await apiStep(city, caseId, 'fileRecord', { fileNumber: 'BZ-2026-0002', filedOn: chinaDay() });

  await openCaseAtOffice();
  await expectStage(office, '待发放');
  await openStep(office, '打卡发放');
  await submitStep(office, '打卡发放');
  await expectStage(office, '动态管理（已发放）');
});

it('shows 已发放 on the worker’s tablet after the next sync', async () => {
  expect(await syncNow(tablet)).toBeNull();
  await openHouseholdOnTablet();
  await tablet.getByText('动态管理（已发放）', { exact: true }).first().waitFor();
  await tablet
    .getByText(/帮扶资金¥2,000\.00已于.*打卡发放至银行卡 \*\*\*\* \*\*\*\* \*\*\*\* 0123/)
    .waitFor();
});
