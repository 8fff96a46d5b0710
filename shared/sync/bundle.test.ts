import { describe, expect, it } from 'vitest';
import { bundlePayload, bundleSchema, sealBundle, type UnsignedBundle } from './bundle';
import { canonicalJson } from './canonical-json';

const unsigned: UnsignedBundle = {
  format: 'bangfu-bundle',
  version: 1,
  protocolVersion: 1,
  schemaVersion: 1,
  deviceId: '0b6f4a52-8f0c-4d3e-9a51-3c2f8f2b7d10',
  userId: 'u-grid',
  username: 'grid',
  createdAt: '2026-03-02T08:00:00.000Z',
  changes: [
    {
      kind: 'record',
      changeId: '5f0e8c3a-1b2d-4e5f-8a9b-0c1d2e3f4a5b',
      type: 'household',
      id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      op: 'upsert',
      unitId: '341602001001',
      baseRev: null,
      fields: { headName: { from: null, to: '张三' } },
    },
  ],
  attachments: [],
};

// Stand-ins for SHA-256 and HMAC that expose what they were asked to digest.
const digests = {
  sha256Hex: (text: string) => text.length.toString(16).padStart(64, '0'),
  hmacSha256Hex: (secret: string, text: string) =>
    (secret.length + text.length).toString(16).padStart(64, '0'),
};

describe('bundle payload', () => {
  it('is the canonical JSON of everything except hash and signature', async () => {
    const sealed = await sealBundle(unsigned, 'secret', digests);
    expect(bundlePayload(sealed)).toBe(canonicalJson(unsigned));
    expect(bundlePayload({ ...sealed, hash: 'x', signature: 'y' })).toBe(bundlePayload(sealed));
  });

  it('changes when any change in the bundle changes', () => {
    const edited = JSON.parse(JSON.stringify(unsigned)) as UnsignedBundle;
    const first = edited.changes[0];
    if (first?.kind === 'record') first.fields = { headName: { from: null, to: '李四' } };
    expect(bundlePayload(edited)).not.toBe(bundlePayload(unsigned));
  });

  it('seals into a file that the bundle schema accepts', async () => {
    const sealed = await sealBundle(unsigned, 'secret', digests);
    expect(bundleSchema.safeParse(JSON.parse(JSON.stringify(sealed))).success).toBe(true);
    expect(sealed.hash).toBe(digests.sha256Hex(canonicalJson(unsigned)));
  });
});
