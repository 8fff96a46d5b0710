import { MAX_ATTACHMENT_BYTES, type AttachmentKind } from '../../shared/domain/attachment';
import { db } from './database';
import { createRecord, deleteRecord } from './records';
import type { LocalRecord } from './types';

/**
 * Photos and signatures on the tablet. Bytes live once per sha256 in `blobs`; what a visit needs to know
 * about them (which household, which checklist item, photo or signature) is an `attachment` record that
 * syncs like any other. Photos are shrunk before they are stored: a 12-megapixel camera picture would fill
 * the tablet and take minutes to upload over a weak signal, and 1600 px still reads every word of a
 * document.
 */

/** Longest side of a stored photo, in pixels. */
export const PHOTO_MAX_LONG_SIDE = 1600;
/** JPEG quality of stored photos (0–1). */
export const PHOTO_JPEG_QUALITY = 0.8;

/** A user-facing (zh-CN) reason a photo or signature could not be stored. */
export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

/**
 * Pixel size of a picture scaled so that its longer side is at most `maxLongSide`, keeping the aspect
 * ratio; pictures already small enough keep their size (never enlarged).
 */
export function targetSize(
  width: number,
  height: number,
  maxLongSide: number = PHOTO_MAX_LONG_SIDE,
): { width: number; height: number } {
  if (!(width > 0 && height > 0 && maxLongSide > 0)) throw new RangeError('image sizes must be positive');
  const longSide = Math.max(width, height);
  if (longSide <= maxLongSide) return { width, height };
  const scale = maxLongSide / longSide;
  return {
    width: Math.min(maxLongSide, Math.max(1, Math.round(width * scale))),
    height: Math.min(maxLongSide, Math.max(1, Math.round(height * scale))),
  };
}

/** Lower-case hex of bytes, as attachment names are written. */
export function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(blob: Blob): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
}

async function encodeJpeg(bitmap: ImageBitmap, width: number, height: number): Promise<Blob> {
  const draw = (ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D) => {
    // JPEG has no transparency: a transparent PNG would otherwise turn black.
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
  };
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new CaptureError('本设备无法处理照片');
    draw(ctx);
    return canvas.convertToBlob({ type: 'image/jpeg', quality: PHOTO_JPEG_QUALITY });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new CaptureError('本设备无法处理照片');
  draw(ctx);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new CaptureError('照片压缩失败'))),
      'image/jpeg',
      PHOTO_JPEG_QUALITY,
    ),
  );
}

/**
 * Re-encodes a camera picture as a JPEG whose long side is at most 1600 px. The EXIF orientation is
 * applied while decoding, so a photo taken with the tablet held upright stays upright once the EXIF data
 * is gone; re-encoding also drops the EXIF GPS and device data, which the county does not need.
 */
export async function compressPhoto(file: Blob): Promise<Blob> {
  if (file.type && !file.type.startsWith('image/')) throw new CaptureError('只能添加图片');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new CaptureError('无法读取这张照片，请重新拍摄');
  }
  try {
    const size = targetSize(bitmap.width, bitmap.height);
    return await encodeJpeg(bitmap, size.width, size.height);
  } finally {
    bitmap.close();
  }
}

export interface StoredBlob {
  sha256: string;
  mimeType: string;
  bytes: number;
}

function checkSize(blob: Blob): void {
  if (blob.size === 0) throw new CaptureError('文件为空');
  if (blob.size > MAX_ATTACHMENT_BYTES) throw new CaptureError('文件超过 10 MB，无法保存');
}

/** Stores bytes under their sha256 (once: the same picture twice is kept once). */
export async function putBlob(blob: Blob): Promise<StoredBlob> {
  checkSize(blob);
  const sha256 = await sha256Hex(blob);
  const mimeType = blob.type || 'application/octet-stream';
  await db.transaction('rw', db.blobs, async () => {
    if (await db.blobs.get(sha256)) return;
    await db.blobs.put({
      sha256,
      blob,
      type: mimeType,
      bytes: blob.size,
      createdAt: new Date().toISOString(),
    });
  });
  return { sha256, mimeType, bytes: blob.size };
}

/** Compresses and stores a picture that is not part of a case (e.g. a training photo). */
export async function storeImage(file: Blob): Promise<StoredBlob> {
  return putBlob(await compressPhoto(file));
}

/** Where an attachment belongs: the household (case), the visit, and the checklist item it backs. */
export interface AttachmentTarget {
  householdId: string;
  visitId: string;
  /** The unit of the household; attachments always sit in their household's unit. */
  unitId: string;
  checklistItemId: string;
}

export interface StoredAttachment extends StoredBlob {
  /** The attachment record's id. */
  id: string;
}

/**
 * Stores bytes and creates the attachment record that names them, with its outbox change, in one
 * transaction: the record never points to bytes the tablet does not have. The same picture added twice
 * to the same item of the same visit keeps its one record.
 */
export async function attachBlob(
  blob: Blob,
  kind: AttachmentKind,
  target: AttachmentTarget,
): Promise<StoredAttachment> {
  checkSize(blob);
  // Hash first: IndexedDB transactions close while awaiting anything but IndexedDB.
  const sha256 = await sha256Hex(blob);
  const mimeType = blob.type;
  const now = new Date().toISOString();
  const record = await db.transaction('rw', db.blobs, db.attachments, db.outbox, db.meta, async () => {
    if (!(await db.blobs.get(sha256))) {
      await db.blobs.put({ sha256, blob, type: mimeType, bytes: blob.size, createdAt: now });
    }
    const existing = await findAttachment({
      visitId: target.visitId,
      sha256,
      checklistItemId: target.checklistItemId,
    });
    if (existing && existing.data.kind === kind) return existing;
    return createRecord(
      'attachment',
      target.unitId,
      {
        sha256,
        mimeType,
        bytes: blob.size,
        householdId: target.householdId,
        visitId: target.visitId,
        checklistItemId: target.checklistItemId,
        kind,
        capturedAt: now,
      },
      { householdId: target.householdId },
    );
  });
  return { id: record.id, sha256, mimeType, bytes: blob.size };
}

/** A camera photo backing one checklist item: compressed, stored, and recorded as an attachment. */
export async function storePhoto(file: Blob, target: AttachmentTarget): Promise<StoredAttachment> {
  return attachBlob(await compressPhoto(file), 'photo', target);
}

/** The checklist item signatures of the verification authorization (核对承诺授权书) belong to. */
export const AUTHORIZATION_ITEM_ID = 'authorization_form';

/** A signature drawn on the pad (PNG), recorded as a 'signature' attachment of the authorization. */
export async function storeSignature(
  png: Blob,
  target: Omit<AttachmentTarget, 'checklistItemId'>,
): Promise<StoredAttachment> {
  if (png.type !== 'image/png') throw new CaptureError('签名图片格式不正确');
  return attachBlob(png, 'signature', { ...target, checklistItemId: AUTHORIZATION_ITEM_ID });
}

/**
 * An object URL for stored bytes, or null when this tablet does not hold them (e.g. a photo taken on
 * another tablet). The caller revokes it (`URL.revokeObjectURL`) when done.
 */
export async function blobUrl(sha256: string): Promise<string | null> {
  const row = await db.blobs.get(sha256);
  return row ? URL.createObjectURL(row.blob) : null;
}

/** The stored bytes of a sha256, if this tablet holds them. */
export async function readBlob(sha256: string): Promise<Blob | null> {
  return (await db.blobs.get(sha256))?.blob ?? null;
}

/** The live attachment of a visit with these bytes (and, when given, for this checklist item). */
export async function findAttachment(query: {
  visitId: string;
  sha256: string;
  checklistItemId?: string;
}): Promise<LocalRecord | undefined> {
  return db.attachments
    .where('data.sha256')
    .equals(query.sha256)
    .filter(
      (row) =>
        row.deleted === 0 &&
        row.data.visitId === query.visitId &&
        (query.checklistItemId === undefined || row.data.checklistItemId === query.checklistItemId),
    )
    .first();
}

function trainingUses(row: LocalRecord, sha256: string): boolean {
  const photos = row.data.photoShas;
  if (Array.isArray(photos) && photos.includes(sha256)) return true;
  const attendees = row.data.attendees;
  return (
    Array.isArray(attendees) &&
    attendees.some(
      (a: unknown) => typeof a === 'object' && a !== null && 'signatureSha' in a && a.signatureSha === sha256,
    )
  );
}

/**
 * Deletes stored bytes nothing refers to any more (no live attachment record, no training). Bytes still
 * referred to are kept: one picture may back two records.
 */
export async function releaseBlob(sha256: string): Promise<void> {
  await db.transaction('rw', db.blobs, db.attachments, db.trainings, async () => {
    const attached = await db.attachments
      .where('data.sha256')
      .equals(sha256)
      .filter((row) => row.deleted === 0)
      .count();
    if (attached > 0) return;
    const inTraining = await db.trainings
      .filter((row) => row.deleted === 0 && trainingUses(row, sha256))
      .count();
    if (inTraining > 0) return;
    await db.blobs.delete(sha256);
  });
}

/** Deletes an attachment record (queued for sync) and its bytes when nothing else uses them. */
export async function removeAttachment(id: string): Promise<void> {
  const row = await db.attachments.get(id);
  if (!row) return;
  await deleteRecord('attachment', id);
  const sha256 = row.data.sha256;
  if (typeof sha256 === 'string') await releaseBlob(sha256);
}
