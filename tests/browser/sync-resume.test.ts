import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type BuiltServer } from '../support/built-server';
import { closeBareTablet, openBareTablet } from '../support/tablet-session';
import { type TabletProfile } from '../support/browser';
import { countRows, serverUser } from './auth-steps';
import {
  apiToken,
  openSyncPage,
  readAll,
  readOutboxStates,
  serverRecords,
  signInTablet,
  syncNow,
  type LocalRow,
} from './sync-steps';

// A tablet back after weeks offline pushes a long outbox; the server dies in the middle of it.
const CREATED = 1_500;

let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;

beforeAll(async () => {
  ({ server, tablet, page } = await openBareTablet());
});

afterAll(async () => {
  await closeBareTablet({ server, tablet });
});

/**
 * Leaves `count` households created on the spot in the outbox, as that many visit forms would (one
 * creation change each), written with the raw IndexedDB API in one transaction.
 */
async function queueHouseholds(target: Page, unitId: string, count: number): Promise<void> {
  await target.evaluate(
    ({ unitId, count }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['households', 'outbox'], 'readwrite');
          const now = new Date().toISOString();
          for (let i = 0; i < count; i++) {
            const id = crypto.randomUUID();
            const headName = `户主${i}`;
            tx.objectStore('households').put({
              id,
              rev: null,
              unitId,
              householdId: null,
              deleted: 0,
              data: { headName, unitId },
              updatedAt: now,
              pending: 1,
              searchTokens: [headName],
            });
            tx.objectStore('outbox').add({
              kind: 'record',
              changeId: crypto.randomUUID(),
              type: 'household',
              recordId: id,
              op: 'upsert',
              unitId,
              baseRev: null,
              fields: { headName: { from: null, to: headName }, unitId: { from: null, to: unitId } },
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
    { unitId, count },
  );
}

it('resumes a push cut by a server crash without losing or duplicating anything', async () => {
  const grid = await serverUser(server.url, 'grid');
  await signInTablet(page, server.url, 'grid', grid.displayName);
  await page
    .getByTestId('sync-status')
    .getByText(/^上次同步 /)
    .waitFor();
  await queueHouseholds(page, grid.unitId, CREATED);
  await openSyncPage(page);

  // The second batch reaches the server and is applied, then the server is killed before it answers.
  let pushes = 0;
  let crashed: Promise<void> | null = null;
  await tablet.context.route('**/api/sync/push', async (route) => {
    pushes++;
    if (pushes !== 2) return route.continue();
    await route.fetch();
    crashed = server.kill(true);
    await crashed;
    return route.abort('connectionreset');
  });
  expect(await syncNow(page)).toBe('无法连接服务器，将自动重试');
  expect(crashed).not.toBeNull();
  await tablet.context.unroute('**/api/sync/push');

  // One batch was answered; the next two wait, the one whose answer was lost still marked as sent.
  const waiting = await readOutboxStates(page);
  expect(waiting).toHaveLength(1_000);
  expect(waiting.filter((row) => row.state === 'inflight')).toHaveLength(500);
  await page.getByTestId('sync-waiting').getByText('1,000 条').waitFor();

  server = await server.restart();
  expect(await syncNow(page)).toBeNull();
  await page.getByTestId('sync-phase').getByText('本机的修改都已同步').waitFor();
  expect(await countRows(page, 'outbox')).toBe(0);
  const local = await readAll<LocalRow>(page, 'households');
  expect(local).toHaveLength(CREATED);
  expect(local.every((row) => row.pending === 0 && row.rev !== null)).toBe(true);

  // The server holds each household once, and wrote each change once: 1,500 writes, 1,500 consecutive
  // revs (after those of the settings records the first start wrote).
  const records = await serverRecords(server.url, await apiToken(server.url, 'grid'));
  const households = records.filter((record) => record.type === 'household');
  expect(new Set(households.map((record) => record.id)).size).toBe(CREATED);
  expect(households).toHaveLength(CREATED);
  const revs = households.map((record) => record.rev);
  expect(Math.max(...revs) - Math.min(...revs) + 1).toBe(CREATED);
  const names = new Set(households.map((record) => record.data.headName));
  expect(names.size).toBe(CREATED);
});
