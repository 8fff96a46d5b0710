import { describe, expect, it } from 'vitest';
import {
  guardianChoices,
  signatureFor,
  signerSlots,
  straySignatures,
  withSignature,
  type SignatureValue,
} from './signers-model';

const TODAY = '2026-03-10';
const MEMBERS = [
  { id: 'm-wife', name: '李梅', birthDate: '1985-06-01' },
  { id: 'm-son', name: '王小明', birthDate: '2012-09-01' },
  { id: 'm-daughter', name: '王小红', birthDate: '2008-03-10' },
  { id: 'm-grandpa', name: '王老汉', birthDate: null },
];

const sig = (over: Partial<SignatureValue>): SignatureValue => ({
  memberId: null,
  signerName: '王强',
  role: 'head',
  signedAt: '2026-03-10T02:00:00.000Z',
  attachmentSha: 'a'.repeat(64),
  ...over,
});

describe('who signs the authorization', () => {
  it('lists the head, each adult, and a guardian for each minor (18th birthday counts as adult)', () => {
    const slots = signerSlots('王强', MEMBERS, TODAY);
    expect(slots.map((s) => [s.role, s.name || s.minorName])).toEqual([
      ['head', '王强'],
      ['adult', '李梅'],
      ['guardian', '王小明'],
      ['adult', '王小红'],
      // No birth date: treated as an adult, the safer reading.
      ['adult', '王老汉'],
    ]);
  });

  it('offers the head and adult members as guardians', () => {
    const choices = guardianChoices(signerSlots('王强', MEMBERS, TODAY));
    expect(choices).toEqual([
      { memberId: null, name: '王强' },
      { memberId: 'm-wife', name: '李梅' },
      { memberId: 'm-daughter', name: '王小红' },
      { memberId: 'm-grandpa', name: '王老汉' },
    ]);
  });

  it('matches signatures to places as missingSignatures does and replaces a re-signature', () => {
    const slots = signerSlots('王强', MEMBERS, TODAY);
    const [head, wife, son] = slots;
    if (!head || !wife || !son) throw new Error('slots missing');
    const guardian = sig({ role: 'guardian', memberId: 'm-wife', signerName: '李梅', minorName: '王小明' });
    let list = withSignature([], head, sig({}));
    list = withSignature(list, son, guardian);
    expect(signatureFor(son, list)).toBe(guardian);
    expect(signatureFor(wife, list)).toBeUndefined();
    const again = sig({ attachmentSha: 'b'.repeat(64) });
    list = withSignature(list, head, again);
    expect(list).toHaveLength(2);
    expect(signatureFor(head, list)).toBe(again);
  });

  it('finds signatures of members who are no longer in the household', () => {
    const slots = signerSlots('王强', MEMBERS.slice(0, 1), TODAY);
    const gone = sig({ role: 'adult', memberId: 'm-removed', signerName: '王某' });
    const kept = sig({});
    expect(straySignatures(slots, [kept, gone])).toEqual([gone]);
  });
});
