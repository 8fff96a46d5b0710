import { SYNC_ERROR_MESSAGES } from '../../shared/sync/errors';
import type { BundleAttachment } from '../../shared/sync/bundle';
import type { Change } from '../../shared/sync/changes';
import { PROTOCOL_VERSION, SCHEMA_VERSION, SYNC_LIMITS } from '../../shared/sync/protocol';
import { readBlob } from '../db/blobs';
import { deviceId, getMeta } from '../db/meta';
import { readSealedRows, sealOutboxForBundle } from '../db/sync-bundle';
import { uploadQueue } from '../db/upload-queue';
import { canonicalJson } from '../../shared/sync/canonical-json';
import {
  BUNDLE_HEADER_ROOM,
  blobToBase64,
  bundleFileName,
  bundleHeader,
  chooseBundleFiles,
  ENCRYPTION_OVERHEAD_BYTES,
  encryptBundle,
  sealPayload,
  writeBundlePayload,
} from './bundle-file';
import { withSyncLock } from './lock';
import { toWireChange, utf8Length } from './wire';

/** A zh-CN reason the file could not be made. */
export class BundleExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleExportError';
  }
}

export interface ExportedBundle {
  file: Blob;
  fileName: string;
  changeCount: number;
  attachmentCount: number;
  /** Photos and signatures that did not fit into the file (they go with the next online sync). */
  leftOutCount: number;
  leftOutBytes: number;
}

const READ_CHUNK = 500;

async function* attachmentsOf(shas: readonly string[]): AsyncGenerator<BundleAttachment> {
  for (const sha256 of shas) {
    const blob = await readBlob(sha256);
    if (!blob) continue;
    yield { sha256, mimeType: blob.type || 'application/octet-stream', base64: await blobToBase64(blob) };
  }
}

async function* sealedChanges(maxSeq: number): AsyncGenerator<Change> {
  let afterSeq = 0;
  for (;;) {
    const rows = await readSealedRows(afterSeq, maxSeq, READ_CHUNK);
    const last = rows.at(-1);
    if (!last) return;
    afterSeq = last.seq;
    // Sealed rows only: refused and held (待修正) changes stay on the tablet.
    for (const row of rows) if (row.state === 'inflight') yield toWireChange(row);
  }
}

/** Bytes the sealed changes take in the file, as `writeBundlePayload` writes them. */
async function changeBytesOf(maxSeq: number): Promise<number> {
  let bytes = 0;
  for await (const change of sealedChanges(maxSeq)) bytes += utf8Length(canonicalJson(change)) + 1;
  return bytes;
}

/**
 * Builds the sync file of this tablet's whole outbox (refused changes excepted) with the photos its
 * changes refer to, as many as fit under the file limit, signed and encrypted with the device secret
 * fetched at an earlier online sync. The changes stay in the outbox, frozen as they were written to the file, so
 * pushing them later is answered as a no-op; photos left out are uploaded by that sync. Holds the sync
 * lock, so no sync interleaves with the export.
 */
export async function exportBundle(
  user: { id: string; username: string },
  // The protocol's limit; a test passes a small one.
  maxBytes: number = SYNC_LIMITS.maxBundleBytes,
): Promise<ExportedBundle> {
  const device = await deviceId();
  const key = await getMeta('deviceKey');
  if (!key || key.userId !== user.id || key.deviceId !== device) {
    throw new BundleExportError('本机还没有联网同步过，无法生成可验证的同步文件。请先在有网络时同步一次。');
  }
  const outcome = await withSyncLock(
    async () => {
      const sealed = await sealOutboxForBundle();
      if (sealed.count === 0) throw new BundleExportError('没有需要导出的修改');
      // Every change goes in; the photos fill what room is left, and those that do not fit wait on the
      // tablet for its next online sync (the server accepts an attachment before its file).
      const changeBytes = await changeBytesOf(sealed.maxSeq);
      if (changeBytes + BUNDLE_HEADER_ROOM > maxBytes) {
        throw new BundleExportError(SYNC_ERROR_MESSAGES.bundle_too_large);
      }
      // The files of this bundle's records, and those of records an online sync already sent ahead of them.
      const files = chooseBundleFiles(await uploadQueue(), changeBytes, maxBytes);
      const header = bundleHeader({
        deviceId: device,
        userId: user.id,
        username: user.username,
        createdAt: new Date().toISOString(),
        protocolVersion: PROTOCOL_VERSION,
        schemaVersion: SCHEMA_VERSION,
      });
      const written = await writeBundlePayload(
        header,
        attachmentsOf(files.included.map((file) => file.sha256)),
        sealedChanges(sealed.maxSeq),
      );
      // Room for the hash and signature, and for what encryption adds, which the server also counts.
      if (written.payload.size + 200 + ENCRYPTION_OVERHEAD_BYTES > maxBytes) {
        throw new BundleExportError(SYNC_ERROR_MESSAGES.bundle_too_large);
      }
      const signed = await sealPayload(written.payload, key.secret);
      return {
        file: await encryptBundle(signed, key.secret, { deviceId: device, userId: user.id }),
        fileName: bundleFileName(user.username),
        changeCount: written.changeCount,
        attachmentCount: written.attachmentCount,
        leftOutCount: files.leftOut.length,
        leftOutBytes: files.leftOut.reduce((sum, file) => sum + file.bytes, 0),
      };
    },
    { wait: true },
  );
  if (!outcome.acquired) throw new BundleExportError('同步正在进行，请稍后再导出');
  return outcome.value;
}
