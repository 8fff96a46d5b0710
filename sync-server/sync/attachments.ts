import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { isWithinScope } from '../../shared/org';
import { SYNC_ERROR_MESSAGES } from '../../shared/sync/errors';
import type { JsonObject } from '../../shared/sync/canonical-json';
import { FILE_REFERENCING_TYPES, referencedShas } from '../../shared/sync/file-refs';
import { SYNC_LIMITS } from '../../shared/sync/protocol';
import { reject } from './rejection';
import { stmt } from './statements';
import type { StoredRecord } from './store';

/**
 * Content-addressed attachment files: `DATA_DIR/attachments/ab/abcdef…` named by their sha256, stored
 * once however many records point to them. Uploads are resumable: the partial file's size is the offset,
 * so whatever reached the disk before a cut is kept and the tablet continues from there.
 */

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function blobPath(dataDir: string, sha: string): string {
  return path.join(dataDir, 'attachments', sha.slice(0, 2), sha);
}

/** Each user's unfinished upload of a file is their own: a file name per (file, user). */
function partialPath(dataDir: string, sha: string, userId: string): string {
  const who = createHash('sha256').update(userId, 'utf8').digest('hex').slice(0, 16);
  return path.join(dataDir, 'attachments', 'partial', `${sha}.${who}.part`);
}

export function fileSize(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

/** The user an upload, a reference or a download is checked for. */
export interface FileUser {
  id: string;
  unitPath: string;
}

function hasGrant(db: Db, sha: string, userId: string): boolean {
  return (
    stmt(db, 'SELECT 1 FROM attachment_grants WHERE sha256 = ? AND user_id = ?').get(sha, userId) !==
    undefined
  );
}

/** The owned references to a file (few: one file is named by a handful of records). */
function ownedRefs(
  db: Db,
  sha: string,
): { unit_path: string; record_type: string; mime_type: string | null }[] {
  return stmt(
    db,
    'SELECT unit_path, record_type, mime_type FROM attachment_refs WHERE sha256 = ? AND owned = 1',
  ).all(sha) as { unit_path: string; record_type: string; mime_type: string | null }[];
}

function ownedWithinScope(db: Db, sha: string, scopePath: string): boolean {
  return ownedRefs(db, sha).some((ref) => isWithinScope(ref.unit_path, scopePath));
}

/**
 * Whether `user` may name a stored file in a record without sending its bytes: they sent them before
 * (a grant), or a record within their scope already owns the file.
 */
function mayUseStoredFile(db: Db, sha: string, user: FileUser): boolean {
  return hasGrant(db, sha, user.id) || ownedWithinScope(db, sha, user.unitPath);
}

/**
 * Records that `userId` holds the file's bytes, and makes the references that user wrote to it owned
 * (a record pushed before its photo becomes readable once its author uploads the photo).
 */
function grantFile(db: Db, sha: string, userId: string, via: 'upload' | 'bundle'): void {
  stmt(
    db,
    'INSERT OR IGNORE INTO attachment_grants (sha256, user_id, via, created_at) VALUES (?, ?, ?, ?)',
  ).run(sha, userId, via, new Date().toISOString());
  stmt(db, 'UPDATE attachment_refs SET owned = 1 WHERE sha256 = ? AND author_id = ? AND owned = 0').run(
    sha,
    userId,
  );
}

export type UploadState =
  { complete: true; size: number } | { complete: false; offset: number; length: number | null };

/**
 * The upload as `user` sees it. A stored file counts as complete only for a user who may use it without
 * sending it (see `mayUseStoredFile`); anyone else uploads the bytes like a new file, which proves they
 * hold them — so whether the server holds a file is no secret to be learnt from its hash.
 */
export function uploadState(db: Db, dataDir: string, sha: string, user: FileUser): UploadState {
  const size = fileSize(blobPath(dataDir, sha));
  if (size !== null && mayUseStoredFile(db, sha, user)) return { complete: true, size };
  const row = stmt(db, 'SELECT length FROM attachment_uploads WHERE sha256 = ? AND user_id = ?').get(
    sha,
    user.id,
  ) as { length: number } | undefined;
  return {
    complete: false,
    offset: fileSize(partialPath(dataDir, sha, user.id)) ?? 0,
    length: row?.length ?? null,
  };
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Moves verified bytes to their final name (the rename is atomic, so a crash leaves no half file there),
 * or drops them when the file is stored already; either way `userId` has now proved they hold it.
 */
function commit(
  db: Db,
  dataDir: string,
  sha: string,
  source: string,
  size: number,
  userId: string,
  via: 'upload' | 'bundle',
): boolean {
  const target = blobPath(dataDir, sha);
  const created = fileSize(target) === null;
  if (created) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(source, target);
  } else {
    fs.rmSync(source, { force: true });
  }
  stmt(
    db,
    'INSERT OR IGNORE INTO attachment_blobs (sha256, size, created_by, created_at) VALUES (?, ?, ?, ?)',
  ).run(sha, size, userId, new Date().toISOString());
  stmt(db, 'DELETE FROM attachment_uploads WHERE sha256 = ? AND user_id = ?').run(sha, userId);
  grantFile(db, sha, userId, via);
  return created;
}

export interface ChunkInput {
  sha: string;
  offset: number;
  length: number;
  chunk: Buffer;
  user: FileUser;
}

export type ChunkOutcome =
  | { state: 'partial'; offset: number }
  | { state: 'complete'; size: number; created: boolean }
  | { state: 'mismatch' };

/** Appends one chunk at `offset`; verifies and commits the file when it reaches `length`. */
export function appendChunk(db: Db, dataDir: string, input: ChunkInput): ChunkOutcome {
  const { sha, offset, length, chunk, user } = input;
  if (length > SYNC_LIMITS.maxAttachmentBytes) {
    throw new HttpError(413, 'attachment_too_large', SYNC_ERROR_MESSAGES.attachment_too_large);
  }
  if (length < 1)
    throw new HttpError(400, 'invalid_upload', `${SYNC_ERROR_MESSAGES.invalid_upload}：文件不能为空`);
  const state = uploadState(db, dataDir, sha, user);
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
    `INSERT INTO attachment_uploads (sha256, user_id, length, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(sha256, user_id) DO UPDATE SET updated_at = excluded.updated_at`,
  ).run(sha, user.id, length, now, now);
  const partial = partialPath(dataDir, sha, user.id);
  fs.mkdirSync(path.dirname(partial), { recursive: true });
  fs.appendFileSync(partial, chunk);
  const size = offset + chunk.length;
  if (size < length) return { state: 'partial', offset: size };

  if (sha256Hex(fs.readFileSync(partial)) !== sha) {
    // Discarded whole: the tablet starts again at 0 (the caller answers 422 after this commits).
    fs.rmSync(partial, { force: true });
    stmt(db, 'DELETE FROM attachment_uploads WHERE sha256 = ? AND user_id = ?').run(sha, user.id);
    return { state: 'mismatch' };
  }
  const created = commit(db, dataDir, sha, partial, size, user.id, 'upload');
  return { state: 'complete', size, created };
}

/**
 * Stores a whole file whose hash the caller has checked (bundle import), granting it to `userId` (the
 * bundle's author, whose signed file carried the bytes). Returns false if the file was stored already.
 */
export function storeVerifiedBlob(
  db: Db,
  dataDir: string,
  sha: string,
  bytes: Buffer,
  userId: string,
): boolean {
  if (fileSize(blobPath(dataDir, sha)) !== null) {
    grantFile(db, sha, userId, 'bundle');
    return false;
  }
  const temp = path.join(dataDir, 'attachments', 'partial', `${sha}.${process.pid}.import`);
  fs.mkdirSync(path.dirname(temp), { recursive: true });
  fs.writeFileSync(temp, bytes);
  return commit(db, dataDir, sha, temp, bytes.length, userId, 'bundle');
}

/**
 * A record may name only files its author may use: files they uploaded (or carried in a bundle), files a
 * record within their scope already owns, or files the server does not hold yet (a record pushed before
 * its photo; it owns the file only once its author uploads the bytes). Called before a record change is
 * written, with the hashes the change adds to the record.
 */
export function checkFileReferences(
  db: Db,
  user: FileUser,
  type: string,
  before: Readonly<JsonObject> | null,
  after: Readonly<JsonObject>,
): void {
  const had = new Set(before ? referencedShas(type, before) : []);
  const refused = referencedShas(type, after).filter(
    (sha) =>
      !had.has(sha) &&
      stmt(db, 'SELECT 1 FROM attachment_blobs WHERE sha256 = ?').get(sha) !== undefined &&
      !mayUseStoredFile(db, sha, user),
  );
  if (refused.length > 0) reject('file_not_accessible', { sha256: refused.slice(0, 20) });
}

interface RefRow {
  sha256: string;
  author_id: string | null;
}

function authorScope(db: Db, userId: string | null): string | null {
  if (userId === null) return null;
  const row = stmt(db, 'SELECT un.path FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = ?').get(
    userId,
  ) as { path: string } | undefined;
  return row?.path ?? null;
}

/**
 * The record indexer behind `attachment_refs`: after every write of a record that can name files, its
 * references follow its data. A new reference is owned when its author holds the file or a record in the
 * author's scope owns it; a reference that stays keeps its author and ownership.
 */
export function indexFileReferences(db: Db, record: StoredRecord): void {
  if (!(FILE_REFERENCING_TYPES as readonly string[]).includes(record.type)) return;
  const shas = record.deleted ? [] : referencedShas(record.type, record.data);
  const existing = stmt(db, 'SELECT sha256, author_id FROM attachment_refs WHERE record_id = ?').all(
    record.id,
  ) as RefRow[];
  if (shas.length === 0 && existing.length === 0) return;
  const keep = new Set(shas);
  for (const ref of existing) {
    if (!keep.has(ref.sha256)) {
      stmt(db, 'DELETE FROM attachment_refs WHERE sha256 = ? AND record_id = ?').run(ref.sha256, record.id);
    }
  }
  const mimeType =
    record.type === 'attachment' && typeof record.data.mimeType === 'string' ? record.data.mimeType : null;
  const known = new Set(existing.map((ref) => ref.sha256));
  let scope: string | null | undefined;
  for (const sha of shas) {
    if (known.has(sha)) {
      stmt(
        db,
        'UPDATE attachment_refs SET unit_path = ?, mime_type = ? WHERE sha256 = ? AND record_id = ?',
      ).run(record.unitPath, mimeType, sha, record.id);
      continue;
    }
    const author = record.updatedBy;
    scope ??= authorScope(db, author);
    const owned =
      author !== null && (hasGrant(db, sha, author) || (scope !== null && ownedWithinScope(db, sha, scope)));
    stmt(
      db,
      `INSERT INTO attachment_refs (sha256, record_id, record_type, unit_path, author_id, mime_type, owned)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(sha, record.id, record.type, record.unitPath, author, mimeType, owned ? 1 : 0);
  }
}

export { sha256Hex };

export type ReadAccess = { allowed: true; mimeType: string | null } | { allowed: false };

/**
 * A file may be read only through a live record within the caller's scope that owns it (see
 * `attachment_refs`): an attachment record (household photos, signatures), a visit, or a policy
 * training (photos, attendees' signatures). A record that merely names a hash owns nothing.
 */
export function readAccess(db: Db, sha: string, scopePath: string): ReadAccess {
  const visible = ownedRefs(db, sha).filter((ref) => isWithinScope(ref.unit_path, scopePath));
  if (visible.length === 0) return { allowed: false };
  // Attachment records declare their type; trainings and visits name bare hashes: JPEG photos and PNG
  // signatures (client/db/blobs.ts), which the route sniffs.
  const declared = visible.find((ref) => ref.mime_type !== null)?.mime_type ?? null;
  return { allowed: true, mimeType: declared };
}

/**
 * Whether a live record within the scope names the file at all, owned or not: for a file the server does
 * not hold yet, a reader who may see such a record is told it has not arrived (404) rather than refused.
 */
export function namedWithinScope(db: Db, sha: string, scopePath: string): boolean {
  const rows = stmt(db, 'SELECT unit_path FROM attachment_refs WHERE sha256 = ?').all(sha) as {
    unit_path: string;
  }[];
  return rows.some((row) => isWithinScope(row.unit_path, scopePath));
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
