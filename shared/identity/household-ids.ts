import { normaliseIdNumber } from './api';

/**
 * Within one household a person appears once: no member may share the head's ID number or another
 * member's. Pure, so the tablet (inline errors, finalising) and the server (the visit's submission) agree.
 */

export interface HouseholdPerson {
  /** Record id of the member; null for the head. */
  memberId: string | null;
  name: string | null;
  idNumber: string | null | undefined;
}

export interface RepeatedId {
  /** The member whose number repeats an earlier person's (the head counts first, then members in order). */
  memberId: string;
  /** Who had it first: null for the head, else that member's record id. */
  firstMemberId: string | null;
  message: string;
}

/** Every member whose ID number was already used by the head or an earlier member, with a zh-CN message. */
export function repeatedIdsInHousehold(
  head: Omit<HouseholdPerson, 'memberId'>,
  members: readonly HouseholdPerson[],
): RepeatedId[] {
  const seen = new Map<string, { memberId: string | null; name: string | null }>();
  const headId = normaliseIdNumber(head.idNumber);
  if (headId) seen.set(headId, { memberId: null, name: head.name });
  const repeated: RepeatedId[] = [];
  for (const member of members) {
    const id = normaliseIdNumber(member.idNumber);
    if (!id || member.memberId === null) continue;
    const first = seen.get(id);
    if (!first) {
      seen.set(id, { memberId: member.memberId, name: member.name });
      continue;
    }
    const who = first.memberId === null ? '户主' : `家庭成员${first.name ? `「${first.name}」` : ''}`;
    repeated.push({
      memberId: member.memberId,
      firstMemberId: first.memberId,
      message: `成员身份证号与${who}相同：同一人在一个家庭中只能登记一次`,
    });
  }
  return repeated;
}
