import { describe, expect, it } from 'vitest';
import { bundlePayload, bundleSchema, sealBundle, type BundleAttachment } from '../../shared/sync/bundle';
import type { Change } from '../../shared/sync/changes';
import { blobToBase64, bundleFileName, bundleHeader, sealPayload, writeBundlePayload } from './bundle-file';

const header = bundleHeader({
  deviceId: '00000000-0000-4000-8000-000000000001',
  userId: 'u-grid',
  username: 'grid',
  createdAt: '2026-03-09T06:05:00.000Z',
  protocolVersion: 1,
  schemaVersion: 1,
});

const changes: Change[] = [
  {
    kind: 'record',
    changeId: '6f1c0000-0000-4000-8000-000000000001',
    type: 'household',
    id: '6f1c0000-0000-4000-8000-0000000000aa',
    op: 'upsert',
    unitId: '341602001001',
    baseRev: null,
    fields: { headName: { from: null, to: '张三' }, address: { from: null, to: '花戏楼街道"1号"' } },
  },
  {
    kind: 'command',
    changeId: '6f1c0000-0000-4000-8000-000000000002',
    caseId: '6f1c0000-0000-4000-8000-0000000000aa',
    command: 'submitVisit',
    payload: { visitId: 'v' },
  },
];

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

const webDigests = {
  sha256Hex: async (text: string) =>
    hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))),
  hmacSha256Hex: async (secret: string, text: string) => {
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)));
  },
};

describe('bundle files', () => {
  it('streams exactly the canonical payload the protocol signs, and seals it like the shared reference', async () => {
    const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x10, 0x80])], { type: 'image/jpeg' });
    const attachments: BundleAttachment[] = [
      { sha256: 'a'.repeat(64), mimeType: 'image/jpeg', base64: await blobToBase64(photo) },
    ];
    const written = await writeBundlePayload(header, each(attachments), each(changes));
    expect(written).toMatchObject({ changeCount: 2, attachmentCount: 1 });
    const unsigned = { ...header, attachments, changes };
    expect(await written.payload.text()).toBe(bundlePayload(unsigned));

    const secret = 'device-secret-0123456789abcdefghijklmnop';
    const file = JSON.parse(await (await sealPayload(written.payload, secret)).text()) as unknown;
    const reference = await sealBundle(unsigned, secret, webDigests);
    expect(bundleSchema.parse(file)).toEqual(reference);
  });

  it('changes its hash when any byte of the content changes', async () => {
    const one = await sealPayload(
      (await writeBundlePayload(header, each([]), each(changes))).payload,
      'k'.repeat(40),
    );
    const other = await sealPayload(
      (await writeBundlePayload({ ...header, username: 'grid2' }, each([]), each(changes))).payload,
      'k'.repeat(40),
    );
    const hashOf = async (blob: Blob) => (JSON.parse(await blob.text()) as { hash: string }).hash;
    expect(await hashOf(one)).not.toBe(await hashOf(other));
  });

  it('names the file after the user and the date in China', () => {
    expect(bundleFileName('grid', new Date('2026-03-09T17:00:00Z'))).toBe('bangfu-grid-2026-03-10.bangfu');
  });

  it('encodes photos as standard base64', async () => {
    expect(await blobToBase64(new Blob([new TextEncoder().encode('帮扶')]))).toBe(
      btoa('\u00e5\u00b8\u00ae\u00e6\u0089\u00b6'),
    );
  });
});
