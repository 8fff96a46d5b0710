import type { ClientApi } from './client-api';
import { queueFinalVisits } from './page-sync';

/**
 * Runs in the tablet's page: a field day's work for the network benchmark (net-phase.ts) — finalised
 * visits, each with photos of a real camera photo's size, stored through the client's own attachment code
 * so the sync sends them exactly as it sends a worker's.
 */

/** A JPEG of about `targetBytes`: noise that JPEG cannot squeeze, seeded so every photo differs. */
async function noisyJpeg(seed: number, targetBytes: number): Promise<Blob> {
  let side = 640;
  for (let attempt = 0; attempt < 4; attempt++) {
    const canvas = new OffscreenCanvas(side, Math.round(side * 0.75));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('bench: no 2d context');
    const image = ctx.createImageData(canvas.width, canvas.height);
    let x = seed * 2_654_435_761 + attempt;
    for (let i = 0; i < image.data.length; i += 4) {
      // xorshift: fast, deterministic, no structure for the encoder to find.
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      image.data[i] = x & 0xff;
      image.data[i + 1] = (x >>> 8) & 0xff;
      image.data[i + 2] = (x >>> 16) & 0xff;
      image.data[i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    if (Math.abs(blob.size - targetBytes) < targetBytes * 0.1) return blob;
    side = Math.round(side * Math.sqrt(targetBytes / blob.size));
  }
  const canvas = new OffscreenCanvas(side, Math.round(side * 0.75));
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}

export interface DayOfWork {
  visits: number;
  photos: number;
  photoBytes: number;
  /** Changes waiting in the outbox (visits and attachment records). */
  outbox: number;
}

/** Queues `visits` finalised visits with `photosPerVisit` photos of about `photoBytes` each. */
export async function queueDayOfWork(
  client: ClientApi,
  visits: number,
  photosPerVisit: number,
  photoBytes: number,
  seed: number,
): Promise<DayOfWork> {
  await queueFinalVisits(client, visits, seed);
  // The visits just queued: the tablet's only ones the server has not seen.
  const fresh = (await client.db.visits.filter((row) => row.rev === null).toArray()).slice(0, visits);
  let photos = 0;
  let bytes = 0;
  for (const [v, row] of fresh.entries()) {
    const householdId = String((row.data as { householdId?: unknown }).householdId);
    for (let p = 0; p < photosPerVisit; p++) {
      const blob = await noisyJpeg(seed + v * photosPerVisit + p, photoBytes);
      await client.attachBlob(blob, 'photo', {
        householdId,
        visitId: row.id,
        unitId: row.unitId,
        checklistItemId: 'id_cards',
      });
      photos++;
      bytes += blob.size;
    }
  }
  const outbox = await client.db.outbox.where('state').equals('pending').count();
  return { visits: fresh.length, photos, photoBytes: bytes, outbox };
}

export interface UploadCount {
  requests: number;
  bytes: number;
}

let uploads: UploadCount | null = null;
let plainFetch: typeof fetch | null = null;

function bodySize(body: unknown): number {
  if (body instanceof Blob) return body.size;
  if (typeof body === 'string') return new TextEncoder().encode(body).length;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  return 0;
}

/**
 * Counts the request bodies the page's code hands to `fetch` for /api (gzipped pushes, photo chunks):
 * neither Resource Timing nor the DevTools protocol reports the size of a Blob body sent.
 */
export function startUploadCount(): void {
  if (!plainFetch) plainFetch = globalThis.fetch.bind(globalThis);
  const original = plainFetch;
  const count: UploadCount = { requests: 0, bytes: 0 };
  uploads = count;
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url, location.href).pathname.startsWith('/api/')) {
      count.requests++;
      count.bytes += bodySize(init?.body);
    }
    return original(input, init);
  };
}

export function takeUploadCount(): UploadCount {
  if (plainFetch) globalThis.fetch = plainFetch;
  const out = uploads ?? { requests: 0, bytes: 0 };
  uploads = null;
  return out;
}
