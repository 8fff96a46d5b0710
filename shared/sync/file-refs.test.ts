import { describe, expect, it } from 'vitest';
import { referencedShas } from './file-refs';

const a = 'a'.repeat(64);
const b = 'b'.repeat(64);
const c = 'c'.repeat(64);

describe('referencedShas', () => {
  it('reads an attachment, a visit and a training, each hash once', () => {
    expect(referencedShas('attachment', { sha256: a })).toEqual([a]);
    expect(
      referencedShas('visit', {
        checklist: [
          { itemId: 'x', ticked: true, attachmentShas: [a, b] },
          { itemId: 'y', ticked: true, attachmentShas: [a] },
        ],
        signatures: [{ attachmentSha: c }],
      }).sort(),
    ).toEqual([a, b, c]);
    expect(
      referencedShas('training', {
        photoShas: [a],
        attendees: [{ signatureSha: b }, { signatureSha: null }],
      }),
    ).toEqual([a, b]);
  });

  it('names nothing for other types, missing fields or malformed shapes', () => {
    expect(referencedShas('household', { sha256: a })).toEqual([]);
    expect(referencedShas('visit', { checklist: 'x', signatures: [null, 1] })).toEqual([]);
    expect(referencedShas('training', { photoShas: [1, null, ''] })).toEqual([]);
  });
});
