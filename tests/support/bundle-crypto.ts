import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  ENCRYPTED_BUNDLE_FORMAT,
  ENCRYPTED_BUNDLE_MAGIC,
  ENCRYPTED_BUNDLE_VERSION,
  ENCRYPTED_PREFIX_BYTES,
  ENCRYPTION_INFO,
  GCM_TAG_BYTES,
  encryptedHeaderText,
  type EncryptedBundleHeader,
} from '../../shared/sync/bundle-crypto';

/**
 * The encrypted bundle format of docs/sync-protocol.md, section 9.1, written with node:crypto from the
 * page alone: tests make files with it as an outside client would, and open the tablet's files with it.
 */

function keyOf(secret: string, saltHex: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from(saltHex, 'hex'), ENCRYPTION_INFO, 32),
  );
}

export function encryptBundleFile(
  signedBundle: string | Buffer,
  secret: string,
  device: { deviceId: string; userId: string },
): Buffer {
  const header: EncryptedBundleHeader = {
    format: ENCRYPTED_BUNDLE_FORMAT,
    version: ENCRYPTED_BUNDLE_VERSION,
    alg: 'AES-256-GCM',
    kdf: 'HKDF-SHA-256',
    deviceId: device.deviceId,
    userId: device.userId,
    salt: randomBytes(32).toString('hex'),
    iv: randomBytes(12).toString('hex'),
  };
  const headerBytes = Buffer.from(encryptedHeaderText(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const prefix = Buffer.concat([Buffer.from(ENCRYPTED_BUNDLE_MAGIC, 'latin1'), length, headerBytes]);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, header.salt), Buffer.from(header.iv, 'hex'));
  cipher.setAAD(prefix);
  const body = Buffer.concat([cipher.update(signedBundle), cipher.final()]);
  return Buffer.concat([prefix, body, cipher.getAuthTag()]);
}

/** The header and the signed bundle inside an encrypted file (throws when it does not authenticate). */
export function decryptBundleFile(
  file: Buffer,
  secret: string,
): { header: EncryptedBundleHeader; plain: string } {
  const headerEnd = ENCRYPTED_PREFIX_BYTES + file.readUInt32BE(ENCRYPTED_BUNDLE_MAGIC.length);
  const header = JSON.parse(
    file.subarray(ENCRYPTED_PREFIX_BYTES, headerEnd).toString('utf8'),
  ) as EncryptedBundleHeader;
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, header.salt), Buffer.from(header.iv, 'hex'));
  decipher.setAAD(file.subarray(0, headerEnd));
  decipher.setAuthTag(file.subarray(file.length - GCM_TAG_BYTES));
  const plain = Buffer.concat([
    decipher.update(file.subarray(headerEnd, file.length - GCM_TAG_BYTES)),
    decipher.final(),
  ]);
  return { header, plain: plain.toString('utf8') };
}
