// What the review browser tests share: the server-side setup done through the public API (a grid worker's
// tablet push, attachment upload, township and county steps), and the reviewer's moves in the browser.
import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { loginReplySchema } from '../../shared/auth';
import { caseCommandReplySchema, caseDetailReplySchema, type CaseDetailReply } from '../../shared/cases/api';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { pushReplySchema, type Change, type PushReply } from '../../shared/sync/changes';
import type { JsonValue } from '../../shared/sync/canonical-json';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import { todayInChina } from '../../shared/validation/clock';
import { addDays } from '../../shared/validation/dates';
import { choosePin, DEMO_PASSWORD, expectSignedIn, signInWithPassword } from './auth-steps';

export const GRID = '341602001001';
export const HEAD_ID = withCheckChar('34160219800312001');
export const MEMBER_ID = withCheckChar('34160220120601003');
/** A well-formed ID number of nobody on file: the CSV row that matches nothing. */
export const STRANGER_ID = withCheckChar('34160219750101002');
export const BANK_CARD = '6222021234567890123';
export const PIN = '2580';

/** A 1×1 PNG: a real picture, so the browser can decode what the server streams. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
export const PNG_SHA = createHash('sha256').update(PNG).digest('hex');

/** `YYYY-MM-DD` in China, `days` from today (negative for the past). */
export function chinaDay(days = 0): string {
  return addDays(todayInChina(), days);
}

export interface Api {
  token: string;
  call(method: string, route: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export async function apiAs(baseUrl: string, username: string): Promise<Api> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { token } = loginReplySchema.parse(await login.json());
  return {
    token,
    async call(method, route, body) {
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
  };
}

export function edit(
  type: string,
  id: string,
  fields: Record<string, [from: JsonValue, to: JsonValue]>,
  baseRev: number | null = null,
): Change {
  return {
    kind: 'record',
    changeId: randomUUID(),
    type,
    id,
    op: 'upsert',
    unitId: GRID,
    baseRev,
    fields: Object.fromEntries(Object.entries(fields).map(([f, [from, to]]) => [f, { from, to }])),
  };
}

export function created(type: string, id: string, data: Record<string, JsonValue>): Change {
  return edit(type, id, Object.fromEntries(Object.entries(data).map(([key, value]) => [key, [null, value]])));
}

export function command(caseId: string, name: string, payload: Record<string, JsonValue>): Change {
  return { kind: 'command', changeId: randomUUID(), caseId, command: name, payload };
}

/** A tablet's push, as the sync engine sends it. */
export async function push(api: Api, deviceId: string, changes: Change[]): Promise<PushReply> {
  const reply = await api.call('POST', '/api/sync/push', {
    protocolVersion: PROTOCOL_VERSION,
    schemaVersion: SCHEMA_VERSION,
    deviceId,
    changes,
  });
  expect(reply.status).toBe(200);
  return pushReplySchema.parse(reply.body);
}

/** Uploads the PNG in one chunk, as the tablet's resumable upload would. */
export async function uploadPng(baseUrl: string, api: Api): Promise<void> {
  const response = await fetch(`${baseUrl}/api/attachments/${PNG_SHA}`, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${api.token}`,
      'Upload-Offset': '0',
      'Upload-Length': String(PNG.length),
      'Content-Type': 'application/offset+octet-stream',
    },
    body: new Uint8Array(PNG),
  });
  expect([200, 201]).toContain(response.status);
}

export interface SeededCase {
  caseId: string;
  visitId: string;
}

/**
 * What a grid worker's tablet sends for a household found on a visit: the household file (head 张建国, a
 * laid-off worker earning ¥1,000 a month), his son, the visit with position, checklist and the head's
 * signature, a photo of the application, and the preliminary review (初审) submitted.
 */
export async function seedVisitedCase(
  baseUrl: string,
  grid: Api,
  deviceId: string,
  /** Another family (other ID numbers, so it is not a duplicate) and extra fields of the visit. */
  options: { headName?: string; headId?: string; memberId?: string; visit?: Record<string, JsonValue> } = {},
): Promise<SeededCase> {
  const caseId = randomUUID();
  const visitId = randomUUID();
  const today = chinaDay();
  const now = new Date().toISOString();
  await uploadPng(baseUrl, grid);
  const reply = await push(grid, deviceId, [
    created('household', caseId, {
      headName: options.headName ?? '张建国',
      headSex: 'male',
      headIdNumber: options.headId ?? HEAD_ID,
      headBirthDate: '1980-03-12',
      headWorkStatus: 'laid_off',
      mobile: '13912345678',
      address: '亳州市谯城区花戏楼街道光明路1号',
      headMonthlyIncomeFen: 100_000,
      otherAnnualIncomeFen: 0,
      receivesDibao: false,
      mainCause: 3,
      bankName: '中国工商银行',
      bankCardNumber: BANK_CARD,
      unitId: GRID,
      stage: 'entry',
      entryChannel: 'grassroots_found',
      cycle: 1,
      category: 'unclassified',
    }),
    created('member', randomUUID(), {
      householdId: caseId,
      name: '张小明',
      relation: 'child',
      idNumber: options.memberId ?? MEMBER_ID,
      sex: 'male',
      birthDate: '2012-06-01',
      monthlyIncomeFen: 0,
      workStatus: 'student',
    }),
    created('visit', visitId, {
      householdId: caseId,
      unitId: GRID,
      visitDate: today,
      visitorName: '刘网格',
      gps: { lat: 33.844, lng: 115.778, accuracyM: 12, at: now },
      findings: '户主下岗，子女上初中。',
      applicantKind: 'new',
      checklist: [
        { itemId: 'personal_application', ticked: true, attachmentShas: [PNG_SHA] },
        { itemId: 'authorization_form', ticked: true, attachmentShas: [] },
      ],
      signatures: [
        { memberId: null, signerName: '张建国', role: 'head', signedAt: now, attachmentSha: PNG_SHA },
      ],
      preliminaryOpinion: '情况属实，同意上报',
      preliminaryResult: 'pass',
      status: 'final',
      ...options.visit,
    }),
    created('attachment', randomUUID(), {
      sha256: PNG_SHA,
      mimeType: 'image/png',
      bytes: PNG.length,
      householdId: caseId,
      visitId,
      checklistItemId: 'personal_application',
      kind: 'photo',
      capturedAt: now,
    }),
    command(caseId, 'submitVisit', {
      visitId,
      visitDate: today,
      opinion: '情况属实，同意上报',
      authorizationSigned: true,
    }),
  ]);
  expect(reply.results.map((r) => [r.status, r.error?.message ?? null])).toEqual(
    Array.from({ length: 5 }, () => ['applied', null]),
  );
  return { caseId, visitId };
}

/** One step through the review API (for the parts a test does not drive through the screens). */
export async function apiStep(api: Api, caseId: string, name: string, payload: Record<string, JsonValue>) {
  const reply = await api.call('POST', `/api/cases/${caseId}/commands`, { command: name, payload });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return caseCommandReplySchema.parse(reply.body);
}

export async function caseDetail(api: Api, caseId: string): Promise<CaseDetailReply> {
  const reply = await api.call('GET', `/api/cases/${caseId}`);
  expect(reply.status).toBe(200);
  return caseDetailReplySchema.parse(reply.body);
}

// ------------------------------------------------------------------------------------------ in the browser

export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  displayName: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await signInWithPassword(page, username);
  await choosePin(page, PIN);
  await expectSignedIn(page, { displayName });
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('heading', { name: '登录' }).waitFor();
}

/** Back to the work queue through the main navigation (a reload would ask for the PIN again). */
export async function goToQueue(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '工作台' }).click();
  await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
}

/** The case's current stage as the case page's header shows it. */
export async function expectStage(page: Page, label: string): Promise<void> {
  await page
    .getByTestId('case-stage')
    .filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) })
    .waitFor();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens a step's form from the 办理 panel. */
export async function openStep(page: Page, label: string) {
  await page.getByRole('region', { name: '办理' }).getByRole('button', { name: label, exact: true }).click();
  const form = page.getByRole('form', { name: label });
  await form.waitFor();
  return form;
}

/** Submits an open step form and waits for the success notice. */
export async function submitStep(page: Page, label: string, submitLabel = `确认${label}`): Promise<void> {
  await page.getByRole('form', { name: label }).getByRole('button', { name: submitLabel }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `已办理「${label}」` })
    .waitFor();
  await caseSettled(page);
}

/** Waits until the case page has read the case again after a change. */
export async function caseSettled(page: Page): Promise<void> {
  await page.locator('.review-case[aria-busy="false"]').waitFor();
}
