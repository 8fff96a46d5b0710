import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bundlePayload } from '../../shared/sync/bundle';
import { decryptBundleFile, encryptBundleFile } from '../support/bundle-crypto';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import {
  apiToken,
  openSyncPage,
  readAll,
  readRow,
  serverRecord,
  serverRecords,
  signInTablet,
  syncNow,
} from './sync-steps';

// A grid worker with no network at all hands a sync file to the township, which imports it.
let server: BuiltServer;
let gridTablet: TabletProfile;
let townshipTablet: TabletProfile;
let grid: Page;
let township: Page;
let householdId: string;
let bundlePath: string;
let exported: number;
let secret: string;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-bundle-'));

// The smallest PNG (1×1 pixel): the app compresses it to a JPEG like any camera picture.
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  server = await startBuiltServer();
  [gridTablet, townshipTablet] = await Promise.all([launchTablet(), launchTablet()]);
  grid = await gridTablet.context.newPage();
  township = await townshipTablet.context.newPage();
});

afterAll(async () => {
  for (const tablet of [gridTablet, townshipTablet]) {
    await tablet?.close();
    if (tablet) removeProfile(tablet);
  }
  await server?.dispose();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** The tablet's signing secret, as the server issues it to the same user for the same device. */
async function deviceSecretOf(page: Page): Promise<string> {
  const device = await readRow<{ value: string }>(page, 'meta', 'deviceId');
  const reply = await fetch(`${server.url}/api/sync/device-key`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${await apiToken(server.url, 'grid')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ deviceId: device?.value }),
  });
  return ((await reply.json()) as { secret: string }).secret;
}

async function importFile(file: string): Promise<void> {
  await openSyncPage(township);
  await township.getByLabel('选择同步文件').setInputFiles(file);
}

it('exports the outbox of an offline tablet with its photos, and keeps it', async () => {
  await signInTablet(grid, server.url, 'grid', '刘网格');
  // The first sync online fetched the key that signs sync files.
  await grid
    .getByTestId('sync-status')
    .getByText(/^上次同步 /)
    .waitFor();
  await gridTablet.context.setOffline(true);

  await grid.getByRole('link', { name: '我的家庭户', exact: true }).click();
  await grid.getByRole('button', { name: '＋ 现场新增家庭' }).click();
  await grid.getByRole('dialog').getByLabel('户主姓名').fill('王大山');
  await grid.getByRole('button', { name: '新建并开始走访' }).click();
  await grid.waitForURL(/\/visits\//);
  const visitId = new URL(grid.url()).pathname.split('/').at(-1) ?? '';
  await grid
    .getByLabel(/^为「.+」拍照$/)
    .first()
    .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PIXEL_PNG });
  await expect.poll(async () => (await readAll(grid, 'attachments')).length, { timeout: 15_000 }).toBe(1);
  const visits = await readAll<{ id: string; householdId: string }>(grid, 'visits');
  householdId = visits.find((visit) => visit.id === visitId)?.householdId ?? '';
  const outboxBefore = (await readAll(grid, 'outbox')).length;
  expect(outboxBefore).toBeGreaterThanOrEqual(3);

  await openSyncPage(grid);
  const downloading = grid.waitForEvent('download');
  await grid.getByRole('button', { name: '导出同步文件' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^bangfu-grid-\d{4}-\d{2}-\d{2}\.bangfu$/);
  bundlePath = path.join(folder, download.suggestedFilename());
  await download.saveAs(bundlePath);
  await grid
    .getByTestId('bundle-export-result')
    .getByText(/^已导出 /)
    .waitFor();

  // Encrypted: nothing of the household shows in the file; the device's secret opens it.
  const file = fs.readFileSync(bundlePath);
  expect(file.includes(Buffer.from('王大山', 'utf8'))).toBe(false);
  secret = await deviceSecretOf(grid);
  const bundle = JSON.parse(decryptBundleFile(file, secret).plain) as {
    changes: { kind: string; type?: string }[];
    attachments: { sha256: string }[];
  };
  expect(bundle.changes).toHaveLength(outboxBefore);
  exported = outboxBefore;
  expect(bundle.attachments).toHaveLength(1);
  // The changes stay on the tablet for the day it is online again.
  expect(await readAll(grid, 'outbox')).toHaveLength(outboxBefore);
});

it('is imported by the township: the server has the records and the photo', async () => {
  await signInTablet(township, server.url, 'township', '陈乡镇');
  await importFile(bundlePath);
  const summary = township.getByTestId('bundle-import-summary');
  await summary.waitFor();
  expect(await summary.getByTestId('bundle-applied').innerText()).toBe(`${exported} 条`);
  expect(await summary.getByTestId('bundle-rejected').innerText()).toBe('0 条');
  expect(await summary.getByTestId('bundle-noop').innerText()).toBe('0 条');
  const token = await apiToken(server.url, 'township');
  const household = await serverRecord(server.url, token, householdId);
  expect(household?.data.headName).toBe('王大山');
  const [attachment] = (await serverRecords(server.url, token)).filter(
    (record) => record.type === 'attachment',
  );
  const photo = await fetch(`${server.url}/api/attachments/${String(attachment?.data.sha256)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(photo.status).toBe(200);
  const bytes = Buffer.from(await photo.arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(attachment?.data.sha256);
});

it('changes nothing when the same file is imported again', async () => {
  const token = await apiToken(server.url, 'township');
  const before = await serverRecords(server.url, token);
  await township.reload();
  await township.getByLabel('PIN', { exact: true }).fill('2580');
  await township.getByRole('button', { name: '解锁' }).click();
  await importFile(bundlePath);
  const summary = township.getByTestId('bundle-import-summary');
  await summary.waitFor();
  // The server answers a replay with the first import's results and writes nothing.
  expect(await summary.getByTestId('bundle-rejected').innerText()).toBe('0 条');
  expect(await serverRecords(server.url, token)).toEqual(before);
});

it('refuses a damaged or tampered file and applies nothing', async () => {
  const token = await apiToken(server.url, 'township');
  const before = await serverRecords(server.url, token);
  const file = fs.readFileSync(bundlePath);
  const opened = decryptBundleFile(file, secret);

  // One byte of the encrypted content changed (on a USB stick, or by hand): it no longer decrypts.
  const damaged = path.join(folder, 'damaged.bangfu');
  const flipped = Buffer.from(file);
  flipped[flipped.length - 100] = (flipped[flipped.length - 100] ?? 0) ^ 1;
  fs.writeFileSync(damaged, flipped);
  await importFile(damaged);
  await township
    .getByTestId('bundle-import-error')
    .getByText('同步文件无法解密：文件被改动过，或不是该设备为本服务器导出的，未导入任何数据')
    .waitFor();

  // Someone edits the content and recomputes the hash, but cannot sign it without the device's secret.
  const edited = JSON.parse(opened.plain.replace('王大山', '王小山')) as Record<string, unknown>;
  edited.hash = createHash('sha256').update(bundlePayload(edited), 'utf8').digest('hex');
  const tampered = path.join(folder, 'tampered.bangfu');
  fs.writeFileSync(
    tampered,
    encryptBundleFile(JSON.stringify(edited), secret, {
      deviceId: opened.header.deviceId,
      userId: opened.header.userId,
    }),
  );
  await importFile(tampered);
  await township
    .getByTestId('bundle-import-error')
    .getByText('同步文件的签名不符，可能被篡改，未导入任何数据')
    .waitFor();

  expect(await serverRecords(server.url, token)).toEqual(before);
});

it('shows the township when the grid tablet last synced and what it had pending', async () => {
  await township.getByRole('link', { name: '设备同步情况', exact: true }).click();
  const row = township.getByTestId('device-row').filter({ hasText: '刘网格' });
  await row.waitFor();
  expect(await row.getByTestId('device-pending').innerText()).toMatch(/^0 条（/);
});

it('pushes the exported changes once the tablet is online again, as no-ops', async () => {
  const token = await apiToken(server.url, 'grid');
  const before = await serverRecords(server.url, token);
  await gridTablet.context.setOffline(false);
  expect(await syncNow(grid)).toBeNull();
  expect(await readAll(grid, 'outbox')).toEqual([]);
  const after = await serverRecords(server.url, token);
  expect(after.map((record) => [record.id, record.rev])).toEqual(
    before.map((record) => [record.id, record.rev]),
  );
});
