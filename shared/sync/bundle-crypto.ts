import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { deviceIdSchema } from './protocol';

/**
 * Encrypted bundle files (docs/sync-protocol.md, section 9.1). The signed bundle JSON of section 9 is the
 * plaintext; the file on disk is
 *
 *   magic "BANGFUE1" (8 ASCII bytes) · header length (uint32, big-endian) · header (UTF-8 canonical JSON)
 *   · AES-256-GCM ciphertext of the signed bundle, followed by the 16-byte tag
 *
 * The key is HKDF-SHA-256(ikm = UTF-8 of the device secret, salt = header.salt, info = ENCRYPTION_INFO),
 * 32 bytes; the IV is header.iv (12 bytes); the additional authenticated data is every byte before the
 * ciphertext (magic, length and header), so a changed header fails like a changed ciphertext. This module
 * holds the constants and the header; the tablet encrypts with WebCrypto, the server decrypts with
 * node:crypto (each lays out the bytes with its own UTF-8 encoder).
 */

export const ENCRYPTED_BUNDLE_MAGIC = 'BANGFUE1';
export const ENCRYPTED_BUNDLE_FORMAT = 'bangfu-bundle-encrypted';
export const ENCRYPTED_BUNDLE_VERSION = 1;
export const ENCRYPTION_INFO = 'bangfu-bundle-encryption-v1';
export const SALT_BYTES = 32;
export const IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;
/** Bytes before the header: the magic and the header length. */
export const ENCRYPTED_PREFIX_BYTES = ENCRYPTED_BUNDLE_MAGIC.length + 4;
/** A header is a few hundred bytes; anything past this is not one of ours. */
export const MAX_ENCRYPTED_HEADER_BYTES = 4096;

const hexOf = (bytes: number) =>
  z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `必须是 ${bytes * 2} 位小写十六进制`);

export const encryptedBundleHeaderSchema = z
  .object({
    format: z.literal(ENCRYPTED_BUNDLE_FORMAT),
    version: z.literal(ENCRYPTED_BUNDLE_VERSION),
    alg: z.literal('AES-256-GCM'),
    kdf: z.literal('HKDF-SHA-256'),
    deviceId: deviceIdSchema,
    userId: z.string().min(1).max(64),
    salt: hexOf(SALT_BYTES),
    iv: hexOf(IV_BYTES),
  })
  .strict();
export type EncryptedBundleHeader = z.infer<typeof encryptedBundleHeaderSchema>;

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The header as it is written into the file: canonical JSON (its UTF-8 bytes follow the length). */
export function encryptedHeaderText(header: EncryptedBundleHeader): string {
  return canonicalJson(header);
}

export type HeaderVerdict =
  { ok: true; header: EncryptedBundleHeader } | { ok: false; problem: 'damaged' | 'unsupported' };

/** Reads the header text of an encrypted file; `unsupported` for another format version. */
export function parseEncryptedHeader(text: string): HeaderVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'damaged' };
  }
  const version = z
    .object({ format: z.literal(ENCRYPTED_BUNDLE_FORMAT), version: z.number() })
    .safeParse(parsed);
  if (!version.success) return { ok: false, problem: 'damaged' };
  if (version.data.version !== ENCRYPTED_BUNDLE_VERSION) return { ok: false, problem: 'unsupported' };
  const header = encryptedBundleHeaderSchema.safeParse(parsed);
  return header.success ? { ok: true, header: header.data } : { ok: false, problem: 'damaged' };
}
