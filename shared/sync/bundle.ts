import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { changeSchema } from './changes';
import { deviceIdSchema } from './protocol';

/**
 * Sync bundle files (同步文件): a tablet with no network exports its outbox as one JSON file that township
 * or county staff import on a connected device. Integrity: `hash` is the SHA-256 of the canonical JSON of
 * the bundle without `hash` and `signature`; authenticity: `signature` is an HMAC-SHA256 of the same text
 * with the device's secret (POST /api/sync/device-key). See docs/sync-protocol.md, section 9.
 */

export const BUNDLE_FORMAT = 'bangfu-bundle';
export const BUNDLE_VERSION = 1;
/** The extension of the encrypted file (section 9.1); files exported before encryption end in `.bangfu.json`. */
export const BUNDLE_FILE_EXTENSION = '.bangfu';

const hexSha256Schema = z.string().regex(/^[0-9a-f]{64}$/, '校验值必须是 64 位小写十六进制');

export const bundleAttachmentSchema = z.object({
  sha256: hexSha256Schema,
  mimeType: z.string().min(1).max(100),
  base64: z.string(),
});
export type BundleAttachment = z.infer<typeof bundleAttachmentSchema>;

export const unsignedBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  protocolVersion: z.number().int(),
  schemaVersion: z.number().int(),
  deviceId: deviceIdSchema,
  userId: z.string().min(1).max(64),
  username: z.string().min(1).max(64),
  createdAt: z.iso.datetime(),
  changes: z.array(changeSchema),
  attachments: z.array(bundleAttachmentSchema).default([]),
});
export type UnsignedBundle = z.infer<typeof unsignedBundleSchema>;

export const bundleSchema = unsignedBundleSchema.extend({
  hash: hexSha256Schema,
  signature: hexSha256Schema,
});
export type Bundle = z.infer<typeof bundleSchema>;

/** Just enough to tell a bundle of another format version from a damaged file. */
export const bundleHeaderSchema = z.object({ format: z.literal(BUNDLE_FORMAT), version: z.number().int() });

/** The exact text that `hash` and `signature` cover: canonical JSON without those two keys. */
export function bundlePayload(bundle: Record<string, unknown>): string {
  const rest = Object.fromEntries(
    Object.entries(bundle).filter(([key]) => key !== 'hash' && key !== 'signature'),
  );
  return canonicalJson(rest);
}

/** SHA-256 and HMAC-SHA256 as lowercase hex; WebCrypto on the tablet, node:crypto on the server. */
export interface BundleDigests {
  sha256Hex(text: string): Promise<string> | string;
  hmacSha256Hex(secret: string, text: string): Promise<string> | string;
}

/** Adds `hash` and `signature` to a bundle built by the tablet. */
export async function sealBundle(
  unsigned: UnsignedBundle,
  secret: string,
  digests: BundleDigests,
): Promise<Bundle> {
  const payload = bundlePayload(unsigned);
  const [hash, signature] = await Promise.all([
    digests.sha256Hex(payload),
    digests.hmacSha256Hex(secret, payload),
  ]);
  return { ...unsigned, hash, signature };
}
