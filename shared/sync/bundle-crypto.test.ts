import { describe, expect, it } from 'vitest';
import { encryptedHeaderText, parseEncryptedHeader, type EncryptedBundleHeader } from './bundle-crypto';

const header: EncryptedBundleHeader = {
  format: 'bangfu-bundle-encrypted',
  version: 1,
  alg: 'AES-256-GCM',
  kdf: 'HKDF-SHA-256',
  deviceId: '0b6f4a52-8f0c-4d3e-9a51-3c2f8f2b7d10',
  userId: 'u-grid',
  salt: 'ab'.repeat(32),
  iv: 'cd'.repeat(12),
};

describe('encrypted bundle header', () => {
  it('is written as canonical JSON and read back', () => {
    const text = encryptedHeaderText(header);
    expect(text.startsWith('{"alg":"AES-256-GCM","deviceId":')).toBe(true);
    expect(parseEncryptedHeader(text)).toEqual({ ok: true, header });
  });

  it('tells another version from a damaged header', () => {
    expect(parseEncryptedHeader(JSON.stringify({ ...header, version: 2 }))).toEqual({
      ok: false,
      problem: 'unsupported',
    });
    for (const text of [
      'not json',
      JSON.stringify({ ...header, extra: 1 }),
      JSON.stringify({ ...header, salt: 'AB'.repeat(32) }),
      JSON.stringify({ ...header, iv: 'cd'.repeat(16) }),
      JSON.stringify({ ...header, alg: 'AES-128-CBC' }),
    ])
      expect(parseEncryptedHeader(text)).toEqual({ ok: false, problem: 'damaged' });
  });
});
