import { ADULT_AGE } from '../../../shared/domain/authorization';
import type { Signature, SignerRole } from '../../../shared/domain/visit';
import { ageOn } from '../../../shared/validation/dates';

/** A household member as the authorization needs it. */
export interface SignatoryMember {
  id: string;
  name?: string | null;
  birthDate?: string | null;
}

/** One place on the authorization where someone must sign. */
export interface SignerSlot {
  key: string;
  role: SignerRole;
  /** The head (null) or the adult member who signs; for a guardian slot, null until a guardian is chosen. */
  memberId: string | null;
  /** Who signs (head or adult member); empty for a guardian slot. */
  name: string;
  /** For a guardian slot: the minor signed for. */
  minorName?: string;
}

export type SignatureValue = Pick<
  Signature,
  'memberId' | 'signerName' | 'role' | 'minorName' | 'signedAt' | 'attachmentSha'
>;

/** Members without a birth date count as adults, as in `missingSignatures`: the safer reading. */
export function isMinor(member: SignatoryMember, today: string): boolean {
  return member.birthDate ? ageOn(member.birthDate, today) < ADULT_AGE : false;
}

/** The head of household, every adult member, and a guardian for each minor, in that order. */
export function signerSlots(
  headName: string,
  members: readonly SignatoryMember[],
  today: string,
): SignerSlot[] {
  const slots: SignerSlot[] = [{ key: 'head', role: 'head', memberId: null, name: headName }];
  for (const member of members) {
    const name = member.name?.trim() ?? '';
    if (isMinor(member, today)) {
      slots.push({
        key: `guardian:${member.id}`,
        role: 'guardian',
        memberId: null,
        name: '',
        minorName: name,
      });
    } else {
      slots.push({ key: `adult:${member.id}`, role: 'adult', memberId: member.id, name });
    }
  }
  return slots;
}

/** The signature filling a slot, matched as `missingSignatures` matches: guardians by the minor's name. */
export function signatureFor<S extends SignatureValue>(
  slot: SignerSlot,
  signatures: readonly S[],
): S | undefined {
  switch (slot.role) {
    case 'head':
      return signatures.find((s) => s.role === 'head');
    case 'adult':
      return signatures.find((s) => s.role === 'adult' && s.memberId === slot.memberId);
    case 'guardian':
      return signatures.find((s) => s.role === 'guardian' && s.minorName === slot.minorName);
  }
}

/** Signatures with the slot's old one (if any) replaced by `next`. */
export function withSignature<S extends SignatureValue>(
  signatures: readonly S[],
  slot: SignerSlot,
  next: S,
): S[] {
  const old = signatureFor(slot, signatures);
  return old ? signatures.map((s) => (s === old ? next : s)) : [...signatures, next];
}

/** Signatures that fill no slot any more (e.g. the member was removed or turned out to be a minor). */
export function straySignatures<S extends SignatureValue>(
  slots: readonly SignerSlot[],
  signatures: readonly S[],
): S[] {
  const used = new Set(slots.map((slot) => signatureFor(slot, signatures)).filter((s) => s !== undefined));
  return signatures.filter((s) => !used.has(s));
}

/** Who may sign for a minor: the head and the adult members (or someone else, typed in). */
export function guardianChoices(slots: readonly SignerSlot[]): { memberId: string | null; name: string }[] {
  return slots
    .filter((slot) => (slot.role === 'head' || slot.role === 'adult') && slot.name !== '')
    .map((slot) => ({ memberId: slot.memberId, name: slot.name }));
}
