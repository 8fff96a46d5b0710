import {
  BUNDLE_FILE_EXTENSION,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleAttachment,
  type UnsignedBundle,
} from '../../shared/sync/bundle';
import {
  ENCRYPTED_BUNDLE_FORMAT,
  ENCRYPTED_BUNDLE_MAGIC,
  ENCRYPTED_BUNDLE_VERSION,
  ENCRYPTED_PREFIX_BYTES,
  ENCRYPTION_INFO,
  GCM_TAG_BYTES,
  IV_BYTES,
  SALT_BYTES,
  bytesToHex,
  encryptedHeaderText,
  type EncryptedBundleHeader,
} from '../../shared/sync/bundle-crypto';
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

/** `bangfu-<username>-<YYYY-MM-DD>.bangfu`, the date as seen in China. */
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

/** Bytes encryption adds to the signed file: magic, header length, header and the GCM tag. */
export const ENCRYPTION_OVERHEAD_BYTES = 1024;

/**
 * Encrypts the signed bundle for the file on disk (docs/sync-protocol.md, section 9.1): AES-256-GCM with a
 * key derived by HKDF-SHA-256 from the device secret and a fresh random salt, a fresh random IV, and the
 * magic, length and header as additional authenticated data. Without the secret, which only this tablet
 * and the server hold, the file reveals nothing and cannot be changed unnoticed.
 */
export async function encryptBundle(
  signed: Blob,
  secret: string,
  device: { deviceId: string; userId: string },
): Promise<Blob> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const header: EncryptedBundleHeader = {
    format: ENCRYPTED_BUNDLE_FORMAT,
    version: ENCRYPTED_BUNDLE_VERSION,
    alg: 'AES-256-GCM',
    kdf: 'HKDF-SHA-256',
    deviceId: device.deviceId,
    userId: device.userId,
    salt: bytesToHex(salt),
    iv: bytesToHex(iv),
  };
  const encoder = new TextEncoder();
  const headerBytes = encoder.encode(encryptedHeaderText(header));
  const prefix = new Uint8Array(ENCRYPTED_PREFIX_BYTES + headerBytes.length);
  prefix.set(encoder.encode(ENCRYPTED_BUNDLE_MAGIC), 0);
  new DataView(prefix.buffer).setUint32(ENCRYPTED_BUNDLE_MAGIC.length, headerBytes.length, false);
  prefix.set(headerBytes, ENCRYPTED_PREFIX_BYTES);
  const ikm = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: encoder.encode(ENCRYPTION_INFO) },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  // WebCrypto appends the 16-byte tag to the ciphertext, exactly as the file lays it out.
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: prefix, tagLength: GCM_TAG_BYTES * 8 },
    key,
    await signed.arrayBuffer(),
  );
  return new Blob([prefix, sealed], { type: 'application/octet-stream' });
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
