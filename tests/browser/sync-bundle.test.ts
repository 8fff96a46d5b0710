import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bundlePayload } from '../../shared/sync/bundle';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { launchTablet, removeProfile, type TabletProfile } from '../support/browser';
import {
  apiToken,
  openSyncPage,
  readAll,
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
  expect(download.suggestedFilename()).toMatch(/^bangfu-grid-\d{4}-\d{2}-\d{2}\.bangfu\.json$/);
  bundlePath = path.join(folder, download.suggestedFilename());
  await download.saveAs(bundlePath);
  await grid
    .getByTestId('bundle-export-result')
    .getByText(/^已导出 /)
    .waitFor();

  const bundle = JSON.parse(fs.readFileSync(bundlePath, 'utf8')) as {
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
  const text = fs.readFileSync(bundlePath, 'utf8');

  const damaged = path.join(folder, 'damaged.bangfu.json');
  fs.writeFileSync(damaged, text.replace('王大山', '王小山'));
  await importFile(damaged);
  await township
    .getByTestId('bundle-import-error')
    .getByText('同步文件已损坏（校验值不符或格式不完整），未导入任何数据')
    .waitFor();

  // Someone edits the file and recomputes the hash, but cannot sign it without the device's secret.
  const edited = JSON.parse(text.replace('王大山', '王小山')) as Record<string, unknown>;
  edited.hash = createHash('sha256').update(bundlePayload(edited), 'utf8').digest('hex');
  const tampered = path.join(folder, 'tampered.bangfu.json');
  fs.writeFileSync(tampered, JSON.stringify(edited));
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
