import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SessionUserInfo } from '../../shared/auth';
import { type BuiltServer } from '../support/built-server';
import { closeBareTablet, openBareTablet } from '../support/tablet-session';
import { type TabletProfile } from '../support/browser';
import {
  choosePin,
  enterPin,
  expectSignedIn,
  signInWithPassword,
  waitForServiceWorkerControl,
} from './auth-steps';
import {
  drawSignature,
  makeJpeg,
  readRows,
  seedSyncedRecords,
  storedBlob,
  type StoredChange,
  type StoredRecordRow,
} from './capture-steps';

// The capture parts of the visit form (materials checklist, authorization signatures, GPS), used the way
// a grid worker uses them: offline, on a household that arrived through sync.
let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;
let grid: SessionUserInfo;

const PIN = '2580';
const HOUSEHOLD = randomUUID();
// The visit form lists members in id order (ids made on a tablet are time-ordered).
const [WIFE = '', SON = ''] = [randomUUID(), randomUUID()].sort();
const VISIT = randomUUID();

beforeAll(async () => {
  ({ server, tablet, page, user: grid } = await openBareTablet());
});

afterAll(async () => {
  await closeBareTablet({ server, tablet });
});

async function unlock(): Promise<void> {
  await enterPin(page, PIN);
  await expectSignedIn(page, grid);
}

async function visitRow(): Promise<StoredRecordRow | undefined> {
  return (await readRows<StoredRecordRow>(page, 'visits')).find((row) => row.id === VISIT);
}

async function attachments(): Promise<StoredRecordRow[]> {
  return (await readRows<StoredRecordRow>(page, 'attachments')).filter((row) => row.data.visitId === VISIT);
}

it('opens a synced household visit offline', async () => {
  await page.goto(server.url);
  await signInWithPassword(page, 'grid');
  await choosePin(page, PIN);
  await expectSignedIn(page, grid);
  await waitForServiceWorkerControl(page);
  const unitId = grid.unitId;
  await seedSyncedRecords(page, [
    {
      store: 'households',
      id: HOUSEHOLD,
      unitId,
      householdId: null,
      rev: 3,
      data: { headName: '王强', unitId, stage: 'entry', category: 'unclassified', cycle: 1 },
    },
    {
      store: 'members',
      id: WIFE,
      unitId,
      householdId: HOUSEHOLD,
      rev: 4,
      data: { householdId: HOUSEHOLD, name: '李梅', relation: 'spouse', birthDate: '1986-02-03' },
    },
    {
      store: 'members',
      id: SON,
      unitId,
      householdId: HOUSEHOLD,
      rev: 5,
      data: { householdId: HOUSEHOLD, name: '王小明', relation: 'child', birthDate: '2015-05-01' },
    },
    {
      store: 'visits',
      id: VISIT,
      unitId,
      householdId: HOUSEHOLD,
      rev: 6,
      data: {
        householdId: HOUSEHOLD,
        unitId,
        visitDate: '2026-03-02',
        visitorName: grid.displayName,
        applicantKind: 'new',
        checklist: [],
        signatures: [],
        status: 'draft',
      },
    },
  ]);
  await tablet.context.setOffline(true);
  await page.goto(`${server.url}/visits/${VISIT}`);
  await unlock();
  await page.getByRole('region', { name: '材料清单', exact: true }).waitFor();
});

it('backs checklist items with camera photos and says what is still missing', async () => {
  const checklist = page.getByRole('region', { name: '材料清单', exact: true });
  const missing = checklist.getByRole('status');
  await missing.getByText('还缺：困难职工本人申请、家庭经济状况核对承诺授权书', { exact: false }).waitFor();
  await missing.getByText('劳动关系类资料（任选一种）', { exact: false }).waitFor();

  await checklist.getByLabel('困难职工本人申请', { exact: true }).check();
  await expect.poll(() => missing.textContent()).not.toContain('困难职工本人申请');

  // One photo of the contract satisfies the one-of group and ticks the item.
  const photo = await makeJpeg(page, 2400, 1800);
  await checklist
    .getByLabel('为「劳动合同」拍照')
    .setInputFiles({ name: 'contract.jpg', mimeType: 'image/jpeg', buffer: photo });
  await checklist.getByRole('img', { name: '劳动合同照片1' }).waitFor();
  expect(await checklist.getByLabel('劳动合同', { exact: true }).isChecked()).toBe(true);
  await expect.poll(() => missing.textContent()).not.toContain('劳动关系类资料');

  const entry = async () => {
    const list = (await visitRow())?.data.checklist as {
      itemId: string;
      ticked: boolean;
      attachmentShas: string[];
    }[];
    return list.find((e) => e.itemId === 'labor_contract');
  };
  await expect.poll(async () => (await entry())?.attachmentShas.length).toBe(1);
  const sha = (await entry())?.attachmentShas[0] ?? '';
  const stored = await storedBlob(page, sha);
  expect([stored?.width, stored?.height]).toEqual([1600, 1200]);
  expect(stored?.sha256).toBe(sha);
  const [record] = await attachments();
  expect(record).toMatchObject({
    unitId: grid.unitId,
    pending: 1,
    data: {
      sha256: sha,
      kind: 'photo',
      checklistItemId: 'labor_contract',
      householdId: HOUSEHOLD,
      mimeType: 'image/jpeg',
    },
  });

  // A second photo, then removing the first after the question.
  await checklist.getByLabel('为「劳动合同」拍照').setInputFiles({
    name: 'contract-2.jpg',
    mimeType: 'image/jpeg',
    buffer: await makeJpeg(page, 1200, 1600),
  });
  await checklist.getByRole('img', { name: '劳动合同照片2' }).waitFor();
  await checklist.getByRole('button', { name: '删除劳动合同照片1' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '删除' }).click();
  await expect.poll(async () => (await entry())?.attachmentShas.length).toBe(1);
  expect((await entry())?.attachmentShas).not.toContain(sha);
  // The tick stays: the paper copy is still in the file.
  expect((await entry())?.ticked).toBe(true);
  await expect.poll(async () => (await attachments()).length).toBe(1);
  await expect.poll(async () => storedBlob(page, sha)).toBeNull();
});

it('collects the authorization signatures of the head, each adult and a minor’s guardian', async () => {
  const section = page.getByRole('region', { name: '核对承诺授权书', exact: true });
  await section.getByText('授权工会帮扶工作机构', { exact: false }).waitFor();
  const status = section.getByRole('status');
  await status.getByText('还需签名：户主王强、家庭成员李梅、未成年人王小明的监护人').waitFor();

  const row = (who: string) => section.getByRole('listitem').filter({ hasText: who });
  // Confirming an empty pad is refused.
  await row('户主 王强').getByRole('button', { name: '签名' }).click();
  const headPanel = section.getByRole('group', { name: '户主王强签名' });
  await headPanel.getByRole('button', { name: '确认签名' }).click();
  await headPanel.getByRole('alert').getByText('请先在签名区内签名').waitFor();
  await drawSignature(page, headPanel.getByRole('img', { name: '王强的签名区' }));
  await headPanel.getByRole('button', { name: '确认签名' }).click();
  await row('户主 王强').getByText('已签名：王强', { exact: false }).waitFor();

  await row('家庭成员 李梅').getByRole('button', { name: '签名' }).click();
  await drawSignature(page, section.getByRole('img', { name: '李梅的签名区' }));
  await section
    .getByRole('group', { name: '成年家庭成员李梅签名' })
    .getByRole('button', { name: '确认签名' })
    .click();
  await row('家庭成员 李梅').getByText('已签名：李梅', { exact: false }).waitFor();

  await row('未成年人 王小明 的监护人').getByRole('button', { name: '签名' }).click();
  const guardianPanel = section.getByRole('group', { name: '为未成年人王小明签名（监护人）' });
  await guardianPanel.getByLabel('监护人', { exact: true }).selectOption({ label: '李梅' });
  await drawSignature(page, guardianPanel.getByRole('img', { name: '监护人的签名区' }));
  await guardianPanel.getByRole('button', { name: '确认签名' }).click();
  await row('未成年人 王小明 的监护人').getByText('已签名：李梅', { exact: false }).waitFor();
  await status.getByText('签名已齐全').waitFor();
  // Signing on screen ticks the checklist's 核对承诺授权书 item (it used to stay unticked).
  await expect
    .poll(() =>
      page
        .getByRole('region', { name: '材料清单', exact: true })
        .getByLabel('家庭经济状况核对承诺授权书', { exact: true })
        .isChecked(),
    )
    .toBe(true);

  await expect
    .poll(async () => ((await visitRow())?.data.signatures as unknown[] | undefined)?.length)
    .toBe(3);
  const signatures = (await visitRow())?.data.signatures as {
    memberId: string | null;
    signerName: string;
    role: string;
    minorName?: string;
    attachmentSha: string;
  }[];
  expect(signatures.map((s) => [s.role, s.signerName, s.memberId, s.minorName ?? null])).toEqual([
    ['head', '王强', null, null],
    ['adult', '李梅', WIFE, null],
    ['guardian', '李梅', WIFE, '王小明'],
  ]);
  const signatureRecords = (await attachments()).filter((a) => a.data.kind === 'signature');
  expect(signatureRecords).toHaveLength(3);
  for (const signature of signatures) {
    const png = await storedBlob(page, signature.attachmentSha);
    expect(png?.type).toBe('image/png');
    expect(signatureRecords.some((a) => a.data.sha256 === signature.attachmentSha)).toBe(true);
  }
});

it('records the GPS position when the tablet gives one and explains when it does not', async () => {
  const gps = page.getByRole('group', { name: 'GPS 定位', exact: true });
  await tablet.context.grantPermissions(['geolocation'], { origin: server.url });
  await tablet.context.setGeolocation({ latitude: 33.8446, longitude: 115.7789, accuracy: 18 });
  await gps.getByRole('button', { name: '获取定位' }).click();
  await gps.getByText('东经 115.778900°，北纬 33.844600°').waitFor();
  await gps.getByText('约 18 米').waitFor();
  await expect
    .poll(async () => (await visitRow())?.data.gps)
    .toMatchObject({ lat: 33.8446, lng: 115.7789, accuracyM: 18 });

  await tablet.context.clearPermissions();
  await gps.getByRole('button', { name: '重新定位' }).click();
  await gps.getByRole('alert').getByText('未获得定位权限', { exact: false }).waitFor();
  // The earlier position stays; the form keeps working.
  await gps.getByText('东经 115.778900°，北纬 33.844600°').waitFor();
});

it('keeps photos, signatures and position across a reload, all waiting in the outbox', async () => {
  await page.reload();
  await unlock();
  const checklist = page.getByRole('region', { name: '材料清单', exact: true });
  await checklist.getByRole('img', { name: '劳动合同照片1' }).waitFor();
  const section = page.getByRole('region', { name: '核对承诺授权书', exact: true });
  await section.getByRole('status').getByText('签名已齐全').waitFor();
  await section.getByRole('img', { name: '王强的签名' }).waitFor();
  await page.getByRole('group', { name: 'GPS 定位', exact: true }).getByText('约 18 米').waitFor();

  const outbox = await readRows<StoredChange>(page, 'outbox');
  const visitChanges = outbox.filter((c) => c.recordId === VISIT);
  expect(visitChanges).toHaveLength(1);
  expect(Object.keys(visitChanges[0]?.fields ?? {}).sort()).toEqual(['checklist', 'gps', 'signatures']);
  const attachmentIds = new Set((await attachments()).map((a) => a.id));
  expect(attachmentIds.size).toBe(4);
  const attachmentChanges = outbox.filter((c) => c.type === 'attachment');
  expect(new Set(attachmentChanges.map((c) => c.recordId))).toEqual(attachmentIds);
});
