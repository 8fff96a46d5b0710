import { Dexie } from 'dexie';
import { db } from './database';
import { holdOf, recordsOfRows, withHold } from './held-changes';
import { isInflight, sentThrough } from './outbox';
import { ALL_RECORD_TABLES } from './sync-apply';
import type { OutboxRow, RecordData } from './types';

/**
 * Outbox reads for attachment uploads and bundle files: which stored photos the waiting changes refer
 * to, and the changes themselves, chunk by chunk.
 */

function isSha(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** The photos and signatures a record's data refers to. */
export function blobShasOf(type: 'attachment' | 'training', data: RecordData): string[] {
  if (type === 'attachment') return isSha(data.sha256) ? [data.sha256] : [];
  const shas: string[] = Array.isArray(data.photoShas) ? data.photoShas.filter(isSha) : [];
  if (Array.isArray(data.attendees)) {
    for (const attendee of data.attendees as unknown[]) {
      if (typeof attendee === 'object' && attendee !== null && 'signatureSha' in attendee) {
        const sha = attendee.signatureSha;
        if (isSha(sha)) shas.push(sha);
      }
    }
  }
  return shas;
}

/**
 * sha256 of every stored file that a waiting (not refused) change refers to, through an attachment or a
 * training record. Files this tablet does not hold are left out: nothing could be uploaded for them.
 */
export async function outboxBlobShas(): Promise<string[]> {
  return db.transaction('r', [db.outbox, db.attachments, db.trainings, db.blobs], async () => {
    const shas = new Set<string>();
    for (const type of ['attachment', 'training'] as const) {
      const ids = new Set<string>();
      await db.outbox
        .where('[type+recordId]')
        .between([type, Dexie.minKey], [type, Dexie.maxKey])
        .each((row) => {
          if (row.kind === 'record' && row.op === 'upsert' && row.state !== 'rejected') ids.add(row.recordId);
        });
      const table = type === 'attachment' ? db.attachments : db.trainings;
      const records = await table.bulkGet([...ids]);
      for (const record of records)
        if (record) for (const sha of blobShasOf(type, record.data)) shas.add(sha);
    }
    const held = await db.blobs
      .where('sha256')
      .anyOf([...shas])
      .primaryKeys();
    return held.sort();
  });
}

/** A stored file's size, for deciding what fits into a bundle file. */
export interface StoredFileSize {
  sha256: string;
  bytes: number;
}

/** The sizes of the stored files `shas` (those this tablet holds), in the order given. */
export async function storedFileSizes(shas: readonly string[]): Promise<StoredFileSize[]> {
  const rows = await db.blobs.bulkGet([...shas]);
  return rows.flatMap((row) => (row ? [{ sha256: row.sha256, bytes: row.bytes }] : []));
}

export interface SealedOutbox {
  /** The bundle holds the rows up to this seq that are not refused. */
  maxSeq: number;
  count: number;
}

/**
 * Freezes every waiting change for a bundle file: 'pending' rows become 'inflight' (stored on the row, not
 * by the push's sent-through watermark: a file may hold rows above it), so a later edit starts
 * a new row instead of changing a change that may already have reached the server through the file.
 * The rows stay in the outbox and are pushed later as they are (the server then answers them as no-ops).
 * A change the server's record check would refuse stays on the tablet as 'held' (待修正), as in a push.
 */
export async function sealOutboxForBundle(): Promise<SealedOutbox> {
  return db.transaction('rw', [db.outbox, db.meta, ...ALL_RECORD_TABLES], async () => {
    const mark = await sentThrough();
    const waiting = await db.outbox.where('state').anyOf('pending', 'held').sortBy('seq');
    const records = await recordsOfRows(waiting);
    const heldHouseholds = new Set<string>();
    const sealed = waiting.map((row) => {
      // A row a push has taken goes into the file as it was sent, never held back now.
      if (isInflight(row, mark)) return { ...row, state: 'inflight' as const };
      const hold = holdOf(row, records, heldHouseholds);
      return hold ? withHold(row, hold) : { ...withHold(row, null), state: 'inflight' as const };
    });
    if (sealed.length > 0) await db.outbox.bulkPut(sealed);
    const last = await db.outbox.orderBy('seq').last();
    const count = await db.outbox.where('state').equals('inflight').count();
    return { maxSeq: last?.seq ?? 0, count };
  });
}

/** The next sealed rows after `afterSeq` (at most `limit`), in seq order. */
export async function readSealedRows(afterSeq: number, maxSeq: number, limit: number): Promise<OutboxRow[]> {
  if (afterSeq >= maxSeq) return [];
  const rows = await db.outbox.where('seq').between(afterSeq, maxSeq, false, true).limit(limit).toArray();
  return rows;
}
