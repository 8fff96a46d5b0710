import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { attachBlob, removeAttachment } from './blobs';
import { db } from './database';
import { countUnsynced } from './outbox';
import { dequeueUpload, queueUploadsOf, uploadQueue, uploadQueueSummary } from './upload-queue';

const TARGET = {
  householdId: 'hh-1',
  visitId: 'visit-1',
  unitId: '341602001001',
  checklistItemId: 'labor_contract',
};
const jpeg = (text: string) => new Blob([text], { type: 'image/jpeg' });

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe('the upload queue', () => {
  it('keeps the files of sent records after they leave the outbox, until they are uploaded', async () => {
    const first = await attachBlob(jpeg('first photo'), 'photo', TARGET);
    const second = await attachBlob(jpeg('second, longer photo'), 'photo', {
      ...TARGET,
      checklistItemId: 'id_card',
    });
    // Waiting changes name them: they are in the queue through the outbox.
    expect(await uploadQueue()).toEqual(
      expect.arrayContaining([
        { sha256: first.sha256, bytes: first.bytes },
        { sha256: second.sha256, bytes: second.bytes },
      ]),
    );
    // A batch leaves and is answered: the outbox forgets them, the queue does not.
    await queueUploadsOf(await db.outbox.orderBy('seq').toArray());
    await db.outbox.clear();
    expect(await uploadQueue()).toEqual([
      { sha256: first.sha256, bytes: first.bytes },
      { sha256: second.sha256, bytes: second.bytes },
    ]);
    expect(await uploadQueueSummary()).toEqual({ files: 2, bytes: first.bytes + second.bytes });
    // A logout would lose them: they count as unsynced work.
    expect(await countUnsynced()).toBe(2);

    await dequeueUpload(first.sha256);
    expect(await uploadQueue()).toEqual([{ sha256: second.sha256, bytes: second.bytes }]);
    expect(await countUnsynced()).toBe(1);
  });

  it('queues each file once and leaves out files the tablet no longer holds', async () => {
    const photo = await attachBlob(jpeg('a photo'), 'photo', TARGET);
    const rows = await db.outbox.orderBy('seq').toArray();
    await queueUploadsOf(rows);
    await queueUploadsOf(rows);
    expect((await db.meta.get('uploadQueue'))?.value).toEqual([photo.sha256]);
    await db.outbox.clear();
    await removeAttachment(photo.id);
    await db.outbox.clear();
    expect(await uploadQueue()).toEqual([]);
  });

  it('ignores commands and changes of records that name no file', async () => {
    await queueUploadsOf([
      {
        seq: 1,
        kind: 'command',
        type: 'submitVisit',
        payload: {},
        changeId: 'c1',
        recordId: 'hh-1',
        unitId: null,
        baseRev: null,
        state: 'inflight',
        createdAt: new Date().toISOString(),
      } as never,
    ]);
    expect(await db.meta.get('uploadQueue')).toBeUndefined();
  });
});
