import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import type { JsonValue } from '../../shared/sync/canonical-json';
import { type TabletProfile } from '../support/browser';
import { type BuiltServer } from '../support/built-server';
import { closeBareTablet, openBareTablet } from '../support/tablet-session';
import { countRows, serverUser } from './auth-steps';
import { BANK_CARD, HEAD_ID, MEMBER_ID, apiAs, caseDetail, chinaDay, type Api } from './review-steps';
import { openSyncPage, signInTablet, syncNow } from './sync-steps';

/**
 * Issue 13, words before photos: a day's visit with its 初审 and six photos waits on the tablet; the link
 * dies after the first chunk of photos. The household, the visit and the submitted 初审 are on the server
 * all the same; the sync page says six photos are left; once the link is back the photos go up, the first
 * one resuming at the byte where it stopped.
 */

const MiB = 1024 * 1024;

let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;
let county: Api;

beforeAll(async () => {
  ({ server, tablet, page } = await openBareTablet());
  county = await apiAs(server.url, 'county');
});

afterAll(async () => {
  await closeBareTablet({ server, tablet });
});

interface Photo {
  sha256: string;
  bytes: Buffer;
}

/** Camera-like bytes (random, so incompressible like a JPEG); the first photo spans two upload chunks. */
const photos: Photo[] = [1.5 * MiB, 120_000, 130_000, 140_000, 150_000, 160_000].map((size) => {
  const bytes = randomBytes(Math.round(size));
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
});

interface SeedRecord {
  type: 'household' | 'member' | 'visit' | 'attachment';
  store: string;
  id: string;
  householdId: string | null;
  data: Record<string, JsonValue>;
}

/**
 * The tablet after a day's visit, written with the raw IndexedDB API as the visit form would leave it:
 * the household, a member, the finished visit, six photo records and their bytes, each with its creation
 * change, and the 初审 (submitVisit) command last.
 */
async function leaveVisitOnTablet(unitId: string): Promise<{ caseId: string; visitId: string }> {
  const caseId = randomUUID();
  const visitId = randomUUID();
  const today = chinaDay();
  const now = new Date().toISOString();
  const records: SeedRecord[] = [
    {
      type: 'household',
      store: 'households',
      id: caseId,
      householdId: null,
      data: {
        headName: '孙文华',
        headSex: 'male',
        headIdNumber: HEAD_ID,
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
        unitId,
        stage: 'entry',
        entryChannel: 'grassroots_found',
        cycle: 1,
        category: 'unclassified',
      },
    },
    {
      type: 'member',
      store: 'members',
      id: randomUUID(),
      householdId: caseId,
      data: {
        householdId: caseId,
        name: '孙小明',
        relation: 'child',
        idNumber: MEMBER_ID,
        sex: 'male',
        birthDate: '2012-06-01',
        monthlyIncomeFen: 0,
        workStatus: 'student',
      },
    },
    {
      type: 'visit',
      store: 'visits',
      id: visitId,
      householdId: caseId,
      data: {
        householdId: caseId,
        unitId,
        visitDate: today,
        visitorName: '刘网格',
        gps: { lat: 33.844, lng: 115.778, accuracyM: 12, at: now },
        findings: '户主下岗，子女上初中。',
        applicantKind: 'new',
        checklist: [
          { itemId: 'personal_application', ticked: true, attachmentShas: photos.map((p) => p.sha256) },
          { itemId: 'authorization_form', ticked: true, attachmentShas: [] },
        ],
        signatures: [
          {
            memberId: null,
            signerName: '孙文华',
            role: 'head',
            signedAt: now,
            attachmentSha: photos[1]?.sha256 ?? '',
          },
        ],
        preliminaryOpinion: '情况属实，同意上报',
        preliminaryResult: 'pass',
        status: 'final',
      },
    },
    ...photos.map((photo): SeedRecord => ({
      type: 'attachment',
      store: 'attachments',
      id: randomUUID(),
      householdId: caseId,
      data: {
        sha256: photo.sha256,
        mimeType: 'image/jpeg',
        bytes: photo.bytes.length,
        householdId: caseId,
        visitId,
        checklistItemId: 'personal_application',
        kind: 'photo',
        capturedAt: now,
      },
    })),
  ];
  const command = {
    visitId,
    visitDate: today,
    opinion: '情况属实，同意上报',
    authorizationSigned: true,
  };
  await page.evaluate(
    ({ recordsJson, files, caseId, unitId, command, now }) =>
      new Promise<void>((resolve, reject) => {
        const records = JSON.parse(recordsJson) as {
          type: string;
          store: string;
          id: string;
          householdId: string | null;
          data: Record<string, unknown>;
        }[];
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(
            ['households', 'members', 'visits', 'attachments', 'blobs', 'outbox'],
            'readwrite',
          );
          for (const file of files) {
            const blob = new Blob([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], {
              type: 'image/jpeg',
            });
            tx.objectStore('blobs').put({
              sha256: file.sha256,
              blob,
              type: 'image/jpeg',
              bytes: blob.size,
              createdAt: now,
            });
          }
          for (const record of records) {
            tx.objectStore(record.store).put({
              id: record.id,
              rev: null,
              unitId,
              householdId: record.householdId,
              deleted: 0,
              data: record.data,
              updatedAt: now,
              pending: 1,
              ...(record.type === 'household' ? { searchTokens: [String(record.data.headName)] } : {}),
            });
            tx.objectStore('outbox').add({
              kind: 'record',
              changeId: crypto.randomUUID(),
              type: record.type,
              recordId: record.id,
              op: 'upsert',
              unitId,
              baseRev: null,
              fields: Object.fromEntries(
                Object.entries(record.data).map(([f, v]) => [f, { from: null, to: v }]),
              ),
              state: 'pending',
              createdAt: now,
            });
          }
          tx.objectStore('outbox').add({
            kind: 'command',
            changeId: crypto.randomUUID(),
            type: 'submitVisit',
            recordId: caseId,
            unitId,
            baseRev: null,
            payload: JSON.parse(command) as unknown,
            state: 'pending',
            createdAt: now,
          });
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    {
      // As text: the JSON value types are too deep for page.evaluate's argument typing.
      recordsJson: JSON.stringify(records),
      files: photos.map((p) => ({ sha256: p.sha256, base64: p.bytes.toString('base64') })),
      caseId,
      unitId,
      command: JSON.stringify(command),
      now,
    },
  );
  return { caseId, visitId };
}

async function serverHolds(sha256: string): Promise<number> {
  const reply = await fetch(`${server.url}/api/attachments/${sha256}`, {
    headers: { authorization: `Bearer ${county.token}` },
  });
  await reply.arrayBuffer();
  return reply.status;
}

it('sends the visit and its 初审 before the photos, and the photos resume when the link is back', async () => {
  const grid = await serverUser(server.url, 'grid');
  await signInTablet(page, server.url, 'grid', grid.displayName);
  await page
    .getByTestId('sync-status')
    .getByText(/^上次同步 /)
    .waitFor();
  const { caseId, visitId } = await leaveVisitOnTablet(grid.unitId);
  await openSyncPage(page);
  await page.getByTestId('sync-waiting').getByText('10 条').waitFor();
  await page.locator('[data-testid="sync-photos"][data-files="6"]').waitFor();

  // Everything the tablet asks the API, in order; the link dies after the first chunk of photos.
  const asked: { method: string; path: string; offset: string | null; encoding: string | null }[] = [];
  const listen = (request: Request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/')) return;
    const headers = request.headers();
    asked.push({
      method: request.method(),
      path: url.pathname,
      offset: headers['upload-offset'] ?? null,
      encoding: headers['content-encoding'] ?? null,
    });
  };
  tablet.context.on('request', listen);
  let puts = 0;
  await tablet.context.route('**/api/attachments/*', async (route) => {
    if (route.request().method() !== 'PUT') return route.continue();
    puts++;
    return puts === 1 ? route.continue() : route.abort('internetdisconnected');
  });

  expect(await syncNow(page)).toBe('无法连接服务器，将自动重试');

  // Words first: the push left before any photo, gzipped; the 初审 is on the server.
  const firstPush = asked.findIndex((r) => r.path === '/api/sync/push');
  const firstFile = asked.findIndex((r) => r.path.startsWith('/api/attachments/'));
  expect(firstPush).toBeGreaterThanOrEqual(0);
  expect(firstPush).toBeLessThan(firstFile);
  expect(asked[firstPush]?.encoding).toBe('gzip');
  const detail = await caseDetail(county, caseId);
  expect(detail.state.stage).toBe('township_check');
  expect(detail.visits.find((v) => v.id === visitId)?.data.findings).toBe('户主下岗，子女上初中。');
  expect(await countRows(page, 'outbox')).toBe(0);
  // The photos are named but not there yet.
  for (const photo of photos) expect(await serverHolds(photo.sha256)).toBe(404);

  // The sync page shows both queues: no change left, six photos with their bytes left.
  await page.getByTestId('sync-waiting').getByText('0 条').waitFor();
  await page.locator('[data-testid="sync-photos"][data-files="6"]').waitFor();
  const left = Number(await page.getByTestId('sync-photos').getAttribute('data-bytes'));
  const all = photos.reduce((sum, p) => sum + p.bytes.length, 0);
  expect(left).toBe(all);
  await page
    .getByTestId('sync-photos')
    .getByText(/还有 6 张照片等待上传/)
    .waitFor();

  // The link is back: the photos go up, the first from the byte where it stopped.
  await tablet.context.unroute('**/api/attachments/*');
  const resumedFrom = asked.length;
  expect(await syncNow(page)).toBeNull();
  await page.locator('[data-testid="sync-photos"][data-files="0"]').waitFor();
  const resumedPuts = asked.slice(resumedFrom).filter((r) => r.method === 'PUT');
  const firstSha = photos[0]?.sha256 ?? '';
  expect(resumedPuts[0]).toMatchObject({
    path: `/api/attachments/${firstSha}`,
    offset: String(MiB),
    encoding: null,
  });
  // One request per chunk left: the rest of the first photo and the five others.
  expect(resumedPuts).toHaveLength(6);
  for (const photo of photos) expect(await serverHolds(photo.sha256)).toBe(200);
  const stored = await fetch(`${server.url}/api/attachments/${firstSha}`, {
    headers: { authorization: `Bearer ${county.token}` },
  });
  expect(Buffer.from(await stored.arrayBuffer()).equals(photos[0]?.bytes ?? Buffer.alloc(0))).toBe(true);
  tablet.context.off('request', listen);
});
