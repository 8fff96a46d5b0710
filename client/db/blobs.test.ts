import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  attachBlob,
  findAttachment,
  putBlob,
  releaseBlob,
  removeAttachment,
  sha256Hex,
  targetSize,
} from './blobs';
import { db } from './database';
import { createRecord } from './records';

const UNIT = '341602001001';
const TARGET = { householdId: 'hh-1', visitId: 'visit-1', unitId: UNIT, checklistItemId: 'labor_contract' };
const jpeg = (text: string) => new Blob([text], { type: 'image/jpeg' });

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe('targetSize', () => {
  it('scales the long side down to 1600 px and keeps the aspect ratio', () => {
    expect(targetSize(3000, 2000)).toEqual({ width: 1600, height: 1067 });
    expect(targetSize(2000, 3000)).toEqual({ width: 1067, height: 1600 });
    expect(targetSize(4032, 3024)).toEqual({ width: 1600, height: 1200 });
  });

  it('never enlarges a small picture', () => {
    expect(targetSize(1600, 900)).toEqual({ width: 1600, height: 900 });
    expect(targetSize(640, 480)).toEqual({ width: 640, height: 480 });
  });

  it('keeps every picture within the limit and at least one pixel wide', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 20_000 }), (w, h) => {
        const size = targetSize(w, h);
        expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(1600);
        expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(1);
        if (Math.max(w, h) > 1600) expect(Math.max(size.width, size.height)).toBe(1600);
        // The aspect ratio moves by at most the rounding of one pixel.
        if (Math.min(w, h) * (1600 / Math.max(w, h)) >= 20) {
          expect(Math.abs(size.width / size.height - w / h) / (w / h)).toBeLessThan(0.05);
        }
      }),
    );
  });

  it('refuses empty sizes', () => {
    expect(() => targetSize(0, 100)).toThrow(RangeError);
  });
});

describe('stored bytes', () => {
  it('names bytes by their lower-case hex sha256', async () => {
    expect(await sha256Hex(new Blob(['abc']))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('keeps the same picture once', async () => {
    const first = await putBlob(jpeg('photo'));
    const second = await putBlob(jpeg('photo'));
    expect(second.sha256).toBe(first.sha256);
    expect(await db.blobs.count()).toBe(1);
    const row = await db.blobs.get(first.sha256);
    expect(row).toMatchObject({ type: 'image/jpeg', bytes: 5 });
  });

  it('refuses empty files with a Chinese message', async () => {
    await expect(putBlob(new Blob([], { type: 'image/jpeg' }))).rejects.toThrow('文件为空');
  });
});

describe('attachments', () => {
  it('stores the bytes and an attachment record with its outbox change together', async () => {
    const stored = await attachBlob(jpeg('contract'), 'photo', TARGET);
    const record = await db.attachments.get(stored.id);
    expect(record).toMatchObject({
      unitId: UNIT,
      householdId: 'hh-1',
      pending: 1,
      data: {
        sha256: stored.sha256,
        mimeType: 'image/jpeg',
        bytes: 8,
        householdId: 'hh-1',
        visitId: 'visit-1',
        checklistItemId: 'labor_contract',
        kind: 'photo',
      },
    });
    expect(await db.blobs.get(stored.sha256)).toBeDefined();
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      kind: 'record',
      type: 'attachment',
      recordId: stored.id,
      op: 'upsert',
    });
  });

  it('does not record the same picture twice for the same item of the same visit', async () => {
    const first = await attachBlob(jpeg('contract'), 'photo', TARGET);
    const again = await attachBlob(jpeg('contract'), 'photo', TARGET);
    expect(again.id).toBe(first.id);
    const other = await attachBlob(jpeg('contract'), 'photo', { ...TARGET, checklistItemId: 'wage_slips' });
    expect(other.id).not.toBe(first.id);
    expect(await db.attachments.count()).toBe(2);
    expect(await db.blobs.count()).toBe(1);
  });

  it('removes an attachment and its bytes once nothing else uses them', async () => {
    const a = await attachBlob(jpeg('contract'), 'photo', TARGET);
    const b = await attachBlob(jpeg('contract'), 'photo', { ...TARGET, checklistItemId: 'wage_slips' });
    await removeAttachment(a.id);
    expect(await db.attachments.get(a.id)).toBeUndefined();
    expect(await db.blobs.get(a.sha256)).toBeDefined();
    expect(await findAttachment({ visitId: 'visit-1', sha256: a.sha256 })).toMatchObject({ id: b.id });
    await removeAttachment(b.id);
    expect(await db.blobs.get(a.sha256)).toBeUndefined();
    // A never-synced attachment leaves nothing to send.
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps bytes a training still shows', async () => {
    const photo = await putBlob(jpeg('training'));
    const signature = await putBlob(new Blob(['sig'], { type: 'image/png' }));
    const training = await createRecord('training', UNIT, {
      photoShas: [photo.sha256],
      attendees: [
        { name: '张三', unit: '某厂', signedAt: '2026-03-01T02:00:00.000Z', signatureSha: signature.sha256 },
      ],
    });
    await releaseBlob(photo.sha256);
    await releaseBlob(signature.sha256);
    expect(await db.blobs.count()).toBe(2);
    await db.trainings.update(training.id, { data: { photoShas: [], attendees: [] } });
    await releaseBlob(photo.sha256);
    await releaseBlob(signature.sha256);
    expect(await db.blobs.count()).toBe(0);
  });
});
