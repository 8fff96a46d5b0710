// Steps the login, offline-unlock and update-prompt browser tests share: what a user does on the tablet.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { loginReplySchema, type SessionUserInfo } from '../../shared/auth';

export const DEMO_PASSWORD = 'bangfu2026';

export async function signInWithPassword(
  page: Page,
  username: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

export async function choosePin(page: Page, pin: string): Promise<void> {
  await page.getByLabel('设置 PIN（4–6 位数字）').fill(pin);
  await page.getByLabel('再次输入 PIN').fill(pin);
  await page.getByRole('button', { name: '确定' }).click();
}

export async function enterPin(page: Page, pin: string): Promise<void> {
  // A reload right after a service-worker update can take a while on a loaded two-core machine; if the
  // PIN screen still does not come, say what the tablet shows instead of only that it timed out.
  await page
    .getByRole('heading', { name: '输入 PIN 解锁' })
    .waitFor({ timeout: 60_000 })
    .catch(async (error: unknown) => {
      const shown = await page
        .locator('h1, h2, [role="alert"], [role="status"]')
        .allInnerTexts()
        .catch(() => []);
      throw new Error(
        `no PIN screen at ${page.url()}; the page shows: ${JSON.stringify(shown).slice(0, 500)}`,
        { cause: error },
      );
    });
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: '解锁' }).click();
}

/** Waits until the app shell's header names the signed-in user. */
export async function expectSignedIn(page: Page, user: Pick<SessionUserInfo, 'displayName'>): Promise<void> {
  await page.getByTestId('current-user').getByText(user.displayName, { exact: true }).waitFor();
}

export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}

/** The user as the server describes it (asked outside the browser), to compare with what the app shows. */
export async function serverUser(baseUrl: string, username: string): Promise<SessionUserInfo> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const reply = loginReplySchema.parse(await response.json());
  await fetch(`${baseUrl}/api/auth/logout`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${reply.token}` },
  });
  return reply.user;
}

/** Rows of one IndexedDB store, read with the raw API (the test looks at the tablet's disk, not the app). */
export async function countRows(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name, 'readonly').objectStore(name).count();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

/**
 * Puts unsynced work on the tablet as a visit form would leave it: a household created on the spot and
 * its queued changes in the outbox (written with the raw IndexedDB API, as the features are not built yet).
 */
export async function leaveUnsyncedWork(page: Page, unitId: string, changes: number): Promise<void> {
  await page.evaluate(
    ({ unitId, changes }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['households', 'outbox'], 'readwrite');
          const now = new Date().toISOString();
          const id = crypto.randomUUID();
          tx.objectStore('households').put({
            id,
            rev: null,
            unitId,
            householdId: null,
            deleted: 0,
            data: { name: '测试户主' },
            updatedAt: now,
            pending: 1,
            searchTokens: ['测试户主'],
          });
          for (let i = 0; i < changes; i++) {
            tx.objectStore('outbox').add({
              kind: 'record',
              changeId: crypto.randomUUID(),
              type: 'household',
              recordId: i === 0 ? id : crypto.randomUUID(),
              op: 'upsert',
              unitId,
              baseRev: null,
              fields: { name: { from: null, to: '测试户主' } },
              state: 'pending',
              createdAt: now,
            });
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { unitId, changes },
  );
}
