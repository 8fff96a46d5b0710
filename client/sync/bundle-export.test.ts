import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { bundlePayload, bundleSchema } from '../../shared/sync/bundle';
import {
  ENCRYPTED_PREFIX_BYTES,
  ENCRYPTION_INFO,
  encryptedBundleHeaderSchema,
} from '../../shared/sync/bundle-crypto';
import { attachBlob, sha256Hex } from '../db/blobs';
import { db } from '../db/database';
import { deviceId, setMeta } from '../db/meta';
import { createRecord } from '../db/records';
import { exportBundle } from './bundle-export';
import { bundledFileBytes, chooseBundleFiles } from './bundle-file';

const UNIT = '341602001001';
const USER = { id: 'u-grid', username: 'grid' };
const HH = '0199a000-0000-7000-8000-000000000001';
const VISIT = '0199a000-0000-7000-8000-000000000002';
const target = (checklistItemId: string) => ({
  householdId: HH,
  visitId: VISIT,
  unitId: UNIT,
  checklistItemId,
});
const photo = (bytes: number, fill: string) => new Blob([fill.repeat(bytes)], { type: 'image/jpeg' });

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: USER.id, username: USER.username, displayName: '刘网格' });
  await setMeta('deviceKey', { userId: USER.id, deviceId: await deviceId(), secret: 'device-secret' });
});

/** Opens an encrypted file as docs/sync-protocol.md, section 9.1 says (WebCrypto, as an outside client). */
async function decrypt(file: Uint8Array<ArrayBuffer>, secret: string): Promise<string> {
  const headerEnd = ENCRYPTED_PREFIX_BYTES + new DataView(file.buffer).getUint32(8, false);
  const header = encryptedBundleHeaderSchema.parse(
    JSON.parse(new TextDecoder().decode(file.subarray(ENCRYPTED_PREFIX_BYTES, headerEnd))),
  );
  const hex = (text: string) => new Uint8Array(text.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
  const encoder = new TextEncoder();
  const ikm = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: hex(header.salt), info: encoder.encode(ENCRYPTION_INFO) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt'],
  );
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: hex(header.iv), additionalData: file.subarray(0, headerEnd) },
    key,
    file.subarray(headerEnd),
  );
  return new TextDecoder().decode(plain);
}

describe('chooseBundleFiles', () => {
  it('takes files in order while they fit, and lets a smaller one in after a large one that does not', () => {
    const files = [{ bytes: 3000 }, { bytes: 9000 }, { bytes: 600 }];
    const room = 4096 + 100 + bundledFileBytes(3000) + bundledFileBytes(600);
    const choice = chooseBundleFiles(files, 100, room);
    expect(choice.included).toEqual([files[0], files[2]]);
    expect(choice.leftOut).toEqual([files[1]]);
    expect(chooseBundleFiles(files, 100, room - 1).included).toEqual([files[0]]);
  });
});

describe('exportBundle', () => {
  it('puts every change in, and the photos that fit; the rest are named and stay on the tablet', async () => {
    await createRecord('household', UNIT, { headName: '张三' }, { id: HH });
    const big = photo(30_000, 'a');
    const small = photo(2_000, 'b');
    await attachBlob(big, 'photo', target('id_cards'));
    await attachBlob(small, 'photo', target('household_register'));
    const outboxRows = await db.outbox.count();

    // Room for the changes and the small photo only.
    const bundle = await exportBundle(USER, 30_000);
    expect(bundle).toMatchObject({
      changeCount: outboxRows,
      attachmentCount: 1,
      leftOutCount: 1,
      leftOutBytes: 30_000,
    });
    expect(bundle.file.size).toBeLessThanOrEqual(30_000);
    // The file is encrypted: neither a name nor a key of the bundle shows.
    const bytes = new Uint8Array(await bundle.file.arrayBuffer());
    const raw = new TextDecoder('latin1').decode(bytes);
    expect(raw.startsWith('BANGFUE1')).toBe(true);
    expect(raw).not.toContain('headName');
    const parsed: unknown = JSON.parse(await decrypt(bytes, 'device-secret'));
    const file = bundleSchema.parse(parsed);
    expect(file.attachments.map((a) => a.sha256)).toEqual([await sha256Hex(small)]);
    // The attachment record of the photo left out is in the file all the same: the server takes it, and
    // the photo itself comes with the tablet's next online sync.
    expect(file.changes.filter((c) => c.kind === 'record' && c.type === 'attachment')).toHaveLength(2);
    const digest = await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode(bundlePayload(parsed as Record<string, unknown>)),
    );
    expect([...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')).toBe(file.hash);
    // Nothing left the tablet: the changes are sealed for the next push, the photos are still stored.
    expect(await db.outbox.count()).toBe(outboxRows);
    expect(await db.blobs.count()).toBe(2);
  });

  it('refuses, in Chinese, when the changes alone do not fit into one file', async () => {
    await createRecord(
      'household',
      UNIT,
      // Two texts of 5,000 characters, the most the record check allows: 30,000 bytes.
      {
        headName: '张三',
        grassrootsOpinion: '花戏楼街道'.repeat(1000),
        countyOpinion: '花戏楼街道'.repeat(1000),
      },
      { id: HH },
    );
    await expect(exportBundle(USER, 20_000)).rejects.toThrow('一个文件放不下');
  });
});
