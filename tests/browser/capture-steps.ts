// Steps the five-ones and capture browser tests share: a photo made in the browser, a signature drawn
// with the mouse, and a look at what the tablet stored (read with the raw IndexedDB API).
import type { Locator, Page } from 'playwright-core';

/**
 * A JPEG of `width`×`height` encoded by the browser itself: the left half red, the right half blue, so a
 * test can tell which way up the stored picture is.
 */
export async function makeJpeg(page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ width, height }) => {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.fillStyle = '#d00000';
      ctx.fillRect(0, 0, width / 2, height);
      ctx.fillStyle = '#0000d0';
      ctx.fillRect(width / 2, 0, width / 2, height);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    },
    { width, height },
  );
  return Buffer.from(base64, 'base64');
}

/**
 * The same JPEG with an EXIF block saying "rotate 90° clockwise to display" (orientation 6), as a tablet
 * camera writes when the picture was taken holding the tablet upright.
 */
export function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const tiff = Buffer.from([
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08, // big-endian TIFF header, IFD0 at offset 8
    0x00,
    0x01, // one entry
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    orientation,
    0x00,
    0x00, // Orientation, SHORT
    0x00,
    0x00,
    0x00,
    0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const length = payload.length + 2;
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, length >> 8, length & 0xff]), payload]);
  // After the JFIF APP0 segment when there is one, where cameras put it.
  let at = 2;
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + ((jpeg[4] ?? 0) << 8) + (jpeg[5] ?? 0);
  return Buffer.concat([jpeg.subarray(0, at), app1, jpeg.subarray(at)]);
}

/** Draws a short zigzag on a signature pad, as a finger would. */
export async function drawSignature(page: Page, pad: Locator): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('signature pad is not visible');
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await page.mouse.move(...at(0.15, 0.6));
  await page.mouse.down();
  await page.mouse.move(...at(0.3, 0.3), { steps: 6 });
  await page.mouse.move(...at(0.45, 0.7), { steps: 6 });
  await page.mouse.move(...at(0.6, 0.3), { steps: 6 });
  await page.mouse.up();
}

export interface StoredRecordRow {
  id: string;
  rev: number | null;
  unitId: string;
  deleted: number;
  pending: number;
  data: Record<string, unknown>;
}

export interface StoredChange {
  kind: string;
  type: string;
  recordId: string;
  op: string;
  state: string;
  fields: Record<string, { from: unknown; to: unknown }>;
}

/** Every row of an IndexedDB store of the app's database (blobs excluded: they do not cross to Node). */
export async function readRows<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

export interface StoredBlobFacts {
  type: string;
  bytes: number;
  /** sha256 of the stored bytes, computed again in the browser. */
  sha256: string;
  width: number;
  height: number;
  /** RGB of the pixel near the top centre and the bottom centre of the picture. */
  top: [number, number, number];
  bottom: [number, number, number];
}

/** What the tablet holds under `sha256` in `blobs`, decoded as an image; null when nothing is stored. */
export async function storedBlob(page: Page, sha256: string): Promise<StoredBlobFacts | null> {
  return page.evaluate(async (key) => {
    const row = await new Promise<{ blob: Blob; type: string; bytes: number } | undefined>(
      (resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('blobs', 'readonly').objectStore('blobs').get(key);
          request.onsuccess = () => {
            db.close();
            resolve(request.result as { blob: Blob; type: string; bytes: number } | undefined);
          };
          request.onerror = () => reject(request.error);
        };
      },
    );
    if (!row) return null;
    const digest = await crypto.subtle.digest('SHA-256', await row.blob.arrayBuffer());
    const sha = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    const bitmap = await createImageBitmap(row.blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(bitmap, 0, 0);
    const pixel = (y: number): [number, number, number] => {
      const [r = 0, g = 0, b = 0] = ctx.getImageData(Math.floor(bitmap.width / 2), y, 1, 1).data;
      return [r, g, b];
    };
    return {
      type: row.type,
      bytes: row.bytes,
      sha256: sha,
      width: bitmap.width,
      height: bitmap.height,
      top: pixel(Math.floor(bitmap.height * 0.1)),
      bottom: pixel(Math.floor(bitmap.height * 0.9)),
    };
  }, sha256);
}

export interface SeedRow {
  store: string;
  id: string;
  unitId: string;
  householdId: string | null;
  rev: number | null;
  data: Record<string, unknown>;
}

/**
 * Puts records on the tablet as a pull from the server leaves them (a revision, nothing pending), written
 * with the raw IndexedDB API after the app has opened its database.
 */
export async function seedSyncedRecords(page: Page, rows: readonly SeedRow[]): Promise<void> {
  await page.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('bangfu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction([...new Set(rows.map((r) => r.store))], 'readwrite');
          const now = new Date().toISOString();
          for (const row of rows) {
            tx.objectStore(row.store).put({
              id: row.id,
              rev: row.rev,
              unitId: row.unitId,
              householdId: row.householdId,
              deleted: 0,
              data: row.data,
              updatedAt: now,
              pending: 0,
              ...(row.store === 'households' ? { searchTokens: [] } : {}),
            });
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    rows,
  );
}
