import { ageOn } from '../validation/dates';
import type { Signature } from './visit';

/** Age of majority: members from 18 sign themselves; younger ones need a guardian's signature. */
export const ADULT_AGE = 18;

export type AuthorizationMember = { id: string; name: string; birthDate: string | null | undefined };
export type MissingSignature = {
  memberId: string | null;
  name: string;
  role: 'head' | 'adult' | 'guardian';
  message: string;
};

/**
 * Who still has to sign the verification authorization (核对承诺授权书): the head of household, every adult
 * member, and a guardian for each minor. Members without a birth date are treated as adults, the safer
 * reading. Needs the household's members, so it runs beside record validation, not inside it.
 */
export function missingSignatures(input: {
  headName: string;
  members: readonly AuthorizationMember[];
  signatures: readonly Pick<Signature, 'memberId' | 'role' | 'minorName'>[];
  today: string;
}): MissingSignature[] {
  const missing: MissingSignature[] = [];
  if (!input.signatures.some((s) => s.role === 'head')) {
    missing.push({
      memberId: null,
      name: input.headName,
      role: 'head',
      message: `缺少户主${input.headName}的签名`,
    });
  }
  for (const member of input.members) {
    const minor = member.birthDate ? ageOn(member.birthDate, input.today) < ADULT_AGE : false;
    if (minor) {
      // A guardian's memberId names the guardian, so the minor is matched by name.
      const covered = input.signatures.some((s) => s.role === 'guardian' && s.minorName === member.name);
      if (!covered) {
        missing.push({
          memberId: member.id,
          name: member.name,
          role: 'guardian',
          message: `缺少未成年人${member.name}的监护人签名`,
        });
      }
    } else if (!input.signatures.some((s) => s.role === 'adult' && s.memberId === member.id)) {
      missing.push({
        memberId: member.id,
        name: member.name,
        role: 'adult',
        message: `缺少家庭成员${member.name}的签名`,
      });
    }
  }
  return missing;
}
