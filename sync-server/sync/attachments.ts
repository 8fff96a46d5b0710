import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { isWithinScope } from '../../shared/org';
import { SYNC_ERROR_MESSAGES } from '../../shared/sync/errors';
import { SYNC_LIMITS } from '../../shared/sync/protocol';
import { stmt } from './statements';

/**
 * Content-addressed attachment files: `DATA_DIR/attachments/ab/abcdef…` named by their sha256, stored
 * once however many records point to them. Uploads are resumable: the partial file's size is the offset,
 * so whatever reached the disk before a cut is kept and the tablet continues from there.
 */

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function blobPath(dataDir: string, sha: string): string {
  return path.join(dataDir, 'attachments', sha.slice(0, 2), sha);
}

function partialPath(dataDir: string, sha: string): string {
  return path.join(dataDir, 'attachments', 'partial', `${sha}.part`);
}

function fileSize(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

export type UploadState =
  { complete: true; size: number } | { complete: false; offset: number; length: number | null };

export function uploadState(db: Db, dataDir: string, sha: string): UploadState {
  const size = fileSize(blobPath(dataDir, sha));
  if (size !== null) return { complete: true, size };
  const row = stmt(db, 'SELECT length FROM attachment_uploads WHERE sha256 = ?').get(sha) as
    { length: number } | undefined;
  return { complete: false, offset: fileSize(partialPath(dataDir, sha)) ?? 0, length: row?.length ?? null };
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Moves verified bytes to their final name; the rename is atomic, so a crash leaves no half file there. */
function commit(
  db: Db,
  dataDir: string,
  sha: string,
  source: string,
  size: number,
  userId: string | null,
): void {
  const target = blobPath(dataDir, sha);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(source, target);
  stmt(
    db,
    'INSERT OR IGNORE INTO attachment_blobs (sha256, size, created_by, created_at) VALUES (?, ?, ?, ?)',
  ).run(sha, size, userId, new Date().toISOString());
  stmt(db, 'DELETE FROM attachment_uploads WHERE sha256 = ?').run(sha);
}

export interface ChunkInput {
  sha: string;
  offset: number;
  length: number;
  chunk: Buffer;
  userId: string;
}

export type ChunkOutcome =
  | { state: 'partial'; offset: number }
  | { state: 'complete'; size: number; created: boolean }
  | { state: 'mismatch' };

/** Appends one chunk at `offset`; verifies and commits the file when it reaches `length`. */
export function appendChunk(db: Db, dataDir: string, input: ChunkInput): ChunkOutcome {
  const { sha, offset, length, chunk } = input;
  if (length > SYNC_LIMITS.maxAttachmentBytes) {
    throw new HttpError(413, 'attachment_too_large', SYNC_ERROR_MESSAGES.attachment_too_large);
  }
  if (length < 1)
    throw new HttpError(400, 'invalid_upload', `${SYNC_ERROR_MESSAGES.invalid_upload}：文件不能为空`);
  const state = uploadState(db, dataDir, sha);
  if (state.complete) return { state: 'complete', size: state.size, created: false };
  if (state.length !== null && state.length !== length) {
    throw new HttpError(
      400,
      'invalid_upload',
      `${SYNC_ERROR_MESSAGES.invalid_upload}：文件总大小与开始上传时不一致`,
      {
        length: state.length,
      },
    );
  }
  if (offset !== state.offset) {
    throw new HttpError(
      409,
      'offset_mismatch',
      SYNC_ERROR_MESSAGES.offset_mismatch,
      { offset: state.offset },
      {
        'Upload-Offset': String(state.offset),
      },
    );
  }
  if (offset + chunk.length > length) {
    throw new HttpError(400, 'invalid_upload', `${SYNC_ERROR_MESSAGES.invalid_upload}：分块超出文件总大小`);
  }
  const now = new Date().toISOString();
  stmt(
    db,
    `INSERT INTO attachment_uploads (sha256, length, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(sha256) DO UPDATE SET updated_at = excluded.updated_at`,
  ).run(sha, length, input.userId, now, now);
  const partial = partialPath(dataDir, sha);
  fs.mkdirSync(path.dirname(partial), { recursive: true });
  fs.appendFileSync(partial, chunk);
  const size = offset + chunk.length;
  if (size < length) return { state: 'partial', offset: size };

  if (sha256Hex(fs.readFileSync(partial)) !== sha) {
    // Discarded whole: the tablet starts again at 0 (the caller answers 422 after this commits).
    fs.rmSync(partial, { force: true });
    stmt(db, 'DELETE FROM attachment_uploads WHERE sha256 = ?').run(sha);
    return { state: 'mismatch' };
  }
  commit(db, dataDir, sha, partial, size, input.userId);
  return { state: 'complete', size, created: true };
}

/** Stores a whole file whose hash the caller has checked (bundle import). Returns false if it was there. */
export function storeVerifiedBlob(
  db: Db,
  dataDir: string,
  sha: string,
  bytes: Buffer,
  userId: string,
): boolean {
  if (fileSize(blobPath(dataDir, sha)) !== null) return false;
  const temp = path.join(dataDir, 'attachments', 'partial', `${sha}.${process.pid}.import`);
  fs.mkdirSync(path.dirname(temp), { recursive: true });
  fs.writeFileSync(temp, bytes);
  commit(db, dataDir, sha, temp, bytes.length, userId);
  return true;
}

export { sha256Hex };

export type ReadAccess = { allowed: true; mimeType: string | null } | { allowed: false };

/**
 * A file may be read only when a live record within the caller's scope references it: an attachment record
 * (household photos, signatures), or a policy training's photos and attendee signatures, which belong to
 * the training rather than to a household.
 */
export function readAccess(db: Db, sha: string, scopePath: string): ReadAccess {
  const rows = stmt(
    db,
    `SELECT unit_path, json_extract(data, '$.mimeType') AS mime FROM sync_records
      WHERE type = 'attachment' AND json_extract(data, '$.sha256') = ? AND deleted = 0`,
  ).all(sha) as { unit_path: string; mime: unknown }[];
  const visible = rows.find((row) => isWithinScope(row.unit_path, scopePath));
  if (visible) return { allowed: true, mimeType: typeof visible.mime === 'string' ? visible.mime : null };
  const trainings = stmt(
    db,
    `SELECT r.unit_path FROM sync_records r
      WHERE r.type = 'training' AND r.deleted = 0
        AND (EXISTS (SELECT 1 FROM json_each(r.data, '$.photoShas') p WHERE p.value = ?)
          OR EXISTS (SELECT 1 FROM json_each(r.data, '$.attendees') a
                      WHERE json_extract(a.value, '$.signatureSha') = ?))`,
  ).all(sha, sha) as { unit_path: string }[];
  if (!trainings.some((row) => isWithinScope(row.unit_path, scopePath))) return { allowed: false };
  // Trainings name bare hashes: JPEG photos and PNG signatures (client/db/blobs.ts); the route sniffs which.
  return { allowed: true, mimeType: null };
}

/** JPEG or PNG by the file's first bytes, for files no attachment record describes. */
export function sniffImageType(filePath: string): string | null {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(filePath, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'image/png';
  return null;
}
