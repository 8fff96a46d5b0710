import {
  BUNDLE_FILE_EXTENSION,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleAttachment,
  type UnsignedBundle,
} from '../../shared/sync/bundle';
import { canonicalJson } from '../../shared/sync/canonical-json';
import type { Change } from '../../shared/sync/changes';
import { todayInChina } from '../../shared/validation/clock';

/**
 * The bundle file format (docs/sync-protocol.md, section 9), written piece by piece: the canonical JSON
 * of the bundle is produced as a Blob from small parts, one photo and one chunk of changes at a time, so a
 * tablet with weeks of work never builds the whole text as one string. Pure apart from Blob and WebCrypto.
 */

export type BundleHeader = Omit<UnsignedBundle, 'changes' | 'attachments'>;

export function bundleHeader(input: {
  deviceId: string;
  userId: string;
  username: string;
  createdAt: string;
  protocolVersion: number;
  schemaVersion: number;
}): BundleHeader {
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, ...input };
}

/** `bangfu-<username>-<YYYY-MM-DD>.bangfu.json`, the date as seen in China. */
export function bundleFileName(username: string, now: Date = new Date()): string {
  const safe = username.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `bangfu-${safe}-${todayInChina(now)}${BUNDLE_FILE_EXTENSION}`;
}

/** Room a bundle keeps for its header, hash and signature beyond the changes and files. */
export const BUNDLE_HEADER_ROOM = 4096;

/** Bytes one stored file takes inside a bundle: its base64 text and the JSON keys around it. */
export function bundledFileBytes(bytes: number): number {
  return 4 * Math.ceil(bytes / 3) + 250;
}

export interface FileChoice<F extends { bytes: number }> {
  included: F[];
  /** Files that did not fit: they stay on the tablet and are uploaded by its next online sync. */
  leftOut: F[];
}

/**
 * Which stored files a bundle carries beside changes of `changeBytes`, under `maxBytes` in all: in the
 * order given, every file that still fits (one large photo that does not fit keeps no smaller one out).
 * The changes themselves always go in whole; the caller refuses the export when they alone do not fit.
 */
export function chooseBundleFiles<F extends { bytes: number }>(
  files: readonly F[],
  changeBytes: number,
  maxBytes: number,
): FileChoice<F> {
  let room = maxBytes - BUNDLE_HEADER_ROOM - changeBytes;
  const included: F[] = [];
  const leftOut: F[] = [];
  for (const file of files) {
    const size = bundledFileBytes(file.bytes);
    if (size <= room) {
      included.push(file);
      room -= size;
    } else leftOut.push(file);
  }
  return { included, leftOut };
}

/** Parts gathered into a Blob every so often, so the pieces do not pile up as strings. */
class BlobWriter {
  private parts: BlobPart[] = [];
  private pending = 0;

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending > 1 << 20) this.compact();
  }

  private compact(): void {
    this.parts = [new Blob(this.parts)];
    this.pending = 0;
  }

  toBlob(): Blob {
    return new Blob(this.parts, { type: 'application/json' });
  }
}

/**
 * The signed payload: the canonical JSON of the bundle without `hash` and `signature`. Keys in canonical
 * order are attachments, changes, then the header's keys ("changes" < "createdAt"), so the two long
 * arrays are streamed first and the header closes the object.
 */
export async function writeBundlePayload(
  header: BundleHeader,
  attachments: AsyncIterable<BundleAttachment>,
  changes: AsyncIterable<Change>,
): Promise<{ payload: Blob; changeCount: number; attachmentCount: number }> {
  const headerText = canonicalJson(header);
  if (!headerText.startsWith('{"createdAt":')) throw new Error('bundle header keys out of canonical order');
  const out = new BlobWriter();
  out.write('{"attachments":[');
  let attachmentCount = 0;
  for await (const attachment of attachments) {
    out.write((attachmentCount > 0 ? ',' : '') + canonicalJson(attachment));
    attachmentCount++;
  }
  out.write('],"changes":[');
  let changeCount = 0;
  for await (const change of changes) {
    out.write((changeCount > 0 ? ',' : '') + canonicalJson(change));
    changeCount++;
  }
  out.write(`],${headerText.slice(1)}`);
  return { payload: out.toBlob(), changeCount, attachmentCount };
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Adds `hash` (SHA-256) and `signature` (HMAC-SHA256 with the device secret) to the payload's object. */
export async function sealPayload(payload: Blob, secret: string): Promise<Blob> {
  const bytes = await payload.arrayBuffer();
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const [hash, signature] = await Promise.all([
    crypto.subtle.digest('SHA-256', bytes),
    crypto.subtle.sign('HMAC', key, bytes),
  ]);
  // The payload ends with the header's closing brace: the two keys go just before it.
  const tail = `,"hash":"${hex(hash)}","signature":"${hex(signature)}"}`;
  return new Blob([payload.slice(0, payload.size - 1), tail], { type: 'application/json' });
}

/** Base64 of a file's bytes, as a bundle carries photos. */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
