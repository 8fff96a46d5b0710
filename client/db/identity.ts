import { normaliseIdNumber, type PersonRole } from '../../shared/identity/api';
import { duplicateFindingDataSchema, type DuplicateFindingData } from '../../shared/identity/records';
import { db } from './database';
import type { LocalRecord } from './types';

/**
 * One person, one file on the tablet: which other households here already hold an ID number (through the
 * `idKey` index, identity-keys.ts), and the server's duplicate findings pulled with the sync.
 */

/** Another household on this tablet that holds the number being typed. */
export interface LocalIdentityMatch {
  householdId: string;
  role: PersonRole;
  /** The member's name when the number is a member's. */
  personName: string | null;
  headName: string | null;
  address: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Households other than `householdId` (not deleted) whose head or a member has this ID number, compared
 * normalised. Empty when the number is blank. Several numbers of one form are looked up together.
 */
export async function householdsHoldingIds(
  idNumbers: readonly (string | null | undefined)[],
  householdId: string,
): Promise<Map<string, LocalIdentityMatch[]>> {
  const keys = [...new Set(idNumbers.map(normaliseIdNumber).filter((key) => key !== null))];
  const found = new Map<string, LocalIdentityMatch[]>();
  if (keys.length === 0) return found;
  return db.transaction('r', db.households, db.members, async () => {
    const [heads, members] = await Promise.all([
      db.households.where('idKey').anyOf(keys).toArray(),
      db.members.where('idKey').anyOf(keys).toArray(),
    ]);
    const liveMembers = members.filter(
      (m) => m.deleted === 0 && m.householdId && m.householdId !== householdId,
    );
    const owners = await db.households.bulkGet([...new Set(liveMembers.map((m) => m.householdId ?? ''))]);
    const ownerById = new Map(
      owners.filter((h): h is LocalRecord => h !== undefined && h.deleted === 0).map((h) => [h.id, h]),
    );
    const add = (key: string | undefined, match: LocalIdentityMatch) => {
      if (!key) return;
      const list = found.get(key) ?? [];
      // One line per household: as head when the number is the head's (heads are added first).
      if (!list.some((m) => m.householdId === match.householdId)) list.push(match);
      found.set(key, list);
    };
    for (const head of heads) {
      if (head.deleted === 1 || head.id === householdId) continue;
      add(head.idKey, {
        householdId: head.id,
        role: 'head',
        personName: text(head.data.headName),
        headName: text(head.data.headName),
        address: text(head.data.address),
      });
    }
    for (const member of liveMembers) {
      const owner = ownerById.get(member.householdId ?? '');
      if (!owner) continue;
      add(member.idKey, {
        householdId: owner.id,
        role: 'member',
        personName: text(member.data.name),
        headName: text(owner.data.headName),
        address: text(owner.data.address),
      });
    }
    return found;
  });
}

/** A duplicate finding as the tablet shows it. */
export interface LocalFinding extends DuplicateFindingData {
  id: string;
}

function findingOf(row: { id: string; data: unknown }): LocalFinding | null {
  const parsed = duplicateFindingDataSchema.safeParse(row.data);
  return parsed.success ? { id: row.id, ...parsed.data } : null;
}

/** The household's duplicate findings, open ones first, newest first within each. */
export async function householdFindings(householdId: string): Promise<LocalFinding[]> {
  const rows = await db.duplicateFindings.where('householdId').equals(householdId).toArray();
  return rows
    .map(findingOf)
    .filter((finding) => finding !== null)
    .sort(
      (a, b) =>
        Number(b.status === 'open') - Number(a.status === 'open') || b.createdAt.localeCompare(a.createdAt),
    );
}

/** Ids of the households on hold because of an open finding (a small table: read whole). */
export async function householdsWithOpenFindings(): Promise<Set<string>> {
  const ids = new Set<string>();
  await db.duplicateFindings.each((row) => {
    const finding = findingOf(row);
    if (finding?.status === 'open') ids.add(finding.householdId);
  });
  return ids;
}
