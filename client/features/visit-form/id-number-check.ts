import { normaliseIdNumber, PERSON_ROLE_LABELS, type IdentityMatch } from '../../../shared/identity/api';
import { parseIdNumber } from '../../../shared/validation/id-number';
import type { LocalIdentityMatch } from '../../db/identity';

/**
 * The words of the ID number warnings on the visit form (one person, one file). They warn and do not
 * block: the county decides at the duplicate check whether two files are one person.
 */

/** The normalised number once it is a complete, valid ID number (the server is asked only then). */
export function completeIdNumber(value: unknown, today: string): string | null {
  const normalised = normaliseIdNumber(value);
  return normalised && parseIdNumber(normalised, today) ? normalised : null;
}

/** 该身份证号已在本机另一户登记为家庭成员（李小）：户主李梅，花戏楼街道花园小区3栋 */
export function localMatchText(match: LocalIdentityMatch): string {
  const who =
    match.role === 'member'
      ? `${PERSON_ROLE_LABELS.member}${match.personName ? `（${match.personName}）` : ''}`
      : PERSON_ROLE_LABELS.head;
  const head = `户主${match.headName ?? '（未填写姓名）'}`;
  return `该身份证号已在本机另一户登记为${who}：${head}${match.address ? `，${match.address}` : ''}`;
}

/** The server's matches worth showing beside the local ones: a household already named locally is left out. */
export function serverMatchesToShow(
  matches: readonly IdentityMatch[],
  local: readonly LocalIdentityMatch[],
): IdentityMatch[] {
  const known = new Set(local.map((m) => m.householdId));
  const seen = new Set<string>();
  return matches.filter((match) => {
    if (match.caseId && known.has(match.caseId)) return false;
    if (seen.has(match.message)) return false;
    seen.add(match.message);
    return true;
  });
}
