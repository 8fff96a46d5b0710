import { db } from './database';
import { getMeta } from './meta';
import { blobShasOf, outboxBlobShas } from './sync-bundle';
import type { OutboxRow } from './types';

/**
 * The photos still to upload. A sync sends the words first (record changes and commands), then the files
 * (docs/sync-protocol.md, section 13.3), so a record may leave the outbox while its photo is still only on
 * the tablet. Before a batch leaves, the files its attachment and training records name are written to the
 * `uploadQueue` meta key; a file leaves the queue once the server holds it (or will never take it, or the
 * tablet no longer holds it). The files of changes not sent yet are found in the outbox, as before.
 */

/** A stored file waiting for its upload. */
export interface QueuedFile {
  sha256: string;
  bytes: number;
}

/** Adds the files the record changes in `rows` name (those this tablet holds) to the queue, in order. */
export async function queueUploadsOf(rows: readonly OutboxRow[]): Promise<void> {
  const wanted = { attachment: [] as string[], training: [] as string[] };
  for (const row of rows) {
    if (row.kind !== 'record' || row.op !== 'upsert') continue;
    if (row.type === 'attachment' || row.type === 'training') wanted[row.type].push(row.recordId);
  }
  if (wanted.attachment.length === 0 && wanted.training.length === 0) return;
  await db.transaction('rw', [db.attachments, db.trainings, db.blobs, db.meta], async () => {
    const shas: string[] = [];
    for (const type of ['attachment', 'training'] as const) {
      if (wanted[type].length === 0) continue;
      const table = type === 'attachment' ? db.attachments : db.trainings;
      for (const record of await table.bulkGet(wanted[type])) {
        if (record) shas.push(...blobShasOf(type, record.data));
      }
    }
    const held = new Set(await db.blobs.where('sha256').anyOf(shas).primaryKeys());
    const queue = (await getMeta('uploadQueue')) ?? [];
    const known = new Set(queue);
    const added = shas.filter((sha) => held.has(sha) && !known.has(sha) && known.add(sha));
    if (added.length > 0) await db.meta.put({ key: 'uploadQueue', value: [...queue, ...added] });
  });
}

/**
 * Every file to upload, with its size: the queue first (oldest first), then the files of waiting changes
 * that are not in it yet. Files this tablet no longer holds are left out.
 */
export async function uploadQueue(): Promise<QueuedFile[]> {
  const [queued, outbox] = await Promise.all([getMeta('uploadQueue'), outboxBlobShas()]);
  const order = [...new Set([...(queued ?? []), ...outbox])];
  const rows = await db.blobs.bulkGet(order);
  return rows.flatMap((row) => (row ? [{ sha256: row.sha256, bytes: row.bytes }] : []));
}

/** How many files wait for their upload and their bytes, for the sync screen. */
export async function uploadQueueSummary(): Promise<{ files: number; bytes: number }> {
  const files = await uploadQueue();
  return { files: files.length, bytes: files.reduce((sum, file) => sum + file.bytes, 0) };
}

/** Takes a file off the queue: the server holds it, will never take it, or the tablet lost it. */
export async function dequeueUpload(sha256: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const queue = (await getMeta('uploadQueue')) ?? [];
    if (!queue.includes(sha256)) return;
    await db.meta.put({ key: 'uploadQueue', value: queue.filter((sha) => sha !== sha256) });
  });
}
