// Steps the sync browser tests share: signing a tablet in, syncing from the sync page, and looking at
// what the tablet and the server hold.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { loginReplySchema } from '../../shared/auth';
import {
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  pullReplySchema,
  type SyncedRecord,
} from '../../shared/sync/protocol';
import { choosePin, DEMO_PASSWORD, expectSignedIn, signInWithPassword } from './auth-steps';

/** Opens the app, signs in with the password online and sets a PIN. */
export async function signInTablet(
  page: Page,
  baseUrl: string,
  username: string,
  displayName: string,
): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('heading', { name: '登录' }).waitFor();
  await signInWithPassword(page, username);
  await choosePin(page, '2580');
  await expectSignedIn(page, { displayName });
}

/** Goes to the sync page (client-side, so an offline tablet keeps its state) unless it is there. */
export async function openSyncPage(page: Page): Promise<void> {
  if (new URL(page.url()).pathname !== '/sync') {
    await page.getByRole('link', { name: '数据同步', exact: true }).click();
  }
  await page.getByTestId('sync-card').waitFor();
}

async function runsOf(page: Page): Promise<{ started: number; finished: number }> {
  const card = page.getByTestId('sync-card');
  return {
    started: Number(await card.getAttribute('data-runs-started')),
    finished: Number(await card.getAttribute('data-runs-finished')),
  };
}

/**
 * Presses "立即同步" and waits until a run that started after the press has finished. Returns the error
 * the page shows afterwards (null when the sync went through).
 */
export async function syncNow(page: Page, options: { timeoutMs?: number } = {}): Promise<string | null> {
  await openSyncPage(page);
  const button = page.getByRole('button', { name: '立即同步' });
  await button.waitFor();
  const before = await runsOf(page);
  await button.click();
  await expect
    .poll(async () => (await runsOf(page)).finished, { timeout: options.timeoutMs ?? 60_000, interval: 100 })
    .toBeGreaterThan(before.started);
  const error = page.getByTestId('sync-error');
  return (await error.count()) > 0 ? await error.innerText() : null;
}

/** One row of an IndexedDB store of the app, read with the raw API (the tablet's disk, not the app). */
export async function readRow<T = Record<string, unknown>>(
  page: Page,
  store: string,
  key: string,
): Promise<T | undefined> {
  const row: unknown = await page.evaluate(
    ({ store, key }) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(store, 'readonly').objectStore(store).get(key);
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    { store, key },
  );
  return row as T | undefined;
}

/** Every row of a store (small stores only). */
export async function readAll<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (store) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

/**
 * The outbox rows with the state each has in effect: a 'pending' row at or below the sent-through
 * watermark (meta `sentThrough`, client/db/outbox.ts) is being sent, i.e. 'inflight'.
 */
export async function readOutboxStates(page: Page): Promise<{ seq: number; state: string }[]> {
  const rows = await readAll<{ seq: number; state: string }>(page, 'outbox');
  const mark = (await readRow<{ value: number }>(page, 'meta', 'sentThrough'))?.value ?? 0;
  return rows.map((row) => ({
    ...row,
    state: row.state === 'pending' && row.seq <= mark ? 'inflight' : row.state,
  }));
}

export interface LocalRow {
  id: string;
  rev: number | null;
  deleted: 0 | 1;
  pending: 0 | 1;
  data: Record<string, unknown>;
}

/** Signs in through the API (outside the browser) and returns the bearer token. */
export async function apiToken(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return loginReplySchema.parse(await response.json()).token;
}

/** Everything the server holds in `username`'s scope, latest version of each record, via the pull API. */
export async function serverRecords(baseUrl: string, token: string): Promise<SyncedRecord[]> {
  const records: SyncedRecord[] = [];
  let cursor = '0';
  for (;;) {
    const query = new URLSearchParams({
      since: cursor,
      limit: '2000',
      protocolVersion: String(PROTOCOL_VERSION),
      schemaVersion: String(SCHEMA_VERSION),
    });
    const response = await fetch(`${baseUrl}/api/sync/pull?${query.toString()}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const page = pullReplySchema.parse(await response.json());
    records.push(...page.records);
    cursor = page.cursor;
    if (!page.hasMore) return records;
  }
}

/** The server's version of one record, or undefined. */
export async function serverRecord(
  baseUrl: string,
  token: string,
  id: string,
): Promise<SyncedRecord | undefined> {
  return (await serverRecords(baseUrl, token)).find((record) => record.id === id);
}
