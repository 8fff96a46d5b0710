import {
  checklistItemIds,
  checklistItemLabel,
  missingChecklistItems,
  type ApplicantKind,
  type ChecklistEntry,
} from '../../../shared/domain/checklist';

/** Photos one checklist item may hold (the visit schema's limit). */
export const MAX_PHOTOS_PER_ITEM = 20;

export type Checklist = readonly ChecklistEntry[];

const emptyEntry = (itemId: string): ChecklistEntry => ({ itemId, ticked: false, attachmentShas: [] });

export function entryOf(checklist: Checklist, itemId: string): ChecklistEntry {
  return checklist.find((e) => e.itemId === itemId) ?? emptyEntry(itemId);
}

/** The checklist with one item's entry replaced (added at the end when it had none). */
export function updateEntry(
  checklist: Checklist,
  itemId: string,
  update: (entry: ChecklistEntry) => ChecklistEntry,
): ChecklistEntry[] {
  const index = checklist.findIndex((e) => e.itemId === itemId);
  if (index === -1) return [...checklist, update(emptyEntry(itemId))];
  return checklist.map((e, i) => (i === index ? update(e) : e));
}

export function setTicked(checklist: Checklist, itemId: string, ticked: boolean): ChecklistEntry[] {
  return updateEntry(checklist, itemId, (e) => ({ ...e, ticked }));
}

/** A photo backs the item, so adding one also ticks it (a worker can still untick it). */
export function addPhoto(checklist: Checklist, itemId: string, sha256: string): ChecklistEntry[] {
  return updateEntry(checklist, itemId, (e) => ({
    ...e,
    ticked: true,
    attachmentShas: e.attachmentShas.includes(sha256) ? e.attachmentShas : [...e.attachmentShas, sha256],
  }));
}

/** Removing a photo keeps the tick: a paper copy filed in the office still counts. */
export function removePhoto(checklist: Checklist, itemId: string, sha256: string): ChecklistEntry[] {
  return updateEntry(checklist, itemId, (e) => ({
    ...e,
    attachmentShas: e.attachmentShas.filter((s) => s !== sha256),
  }));
}

/** Entries for items that are not on this applicant kind's list (left over after the kind changed). */
export function strayEntries(kind: ApplicantKind, checklist: Checklist): ChecklistEntry[] {
  const known = new Set(checklistItemIds(kind));
  return checklist.filter((e) => !known.has(e.itemId));
}

export function withoutEntry(checklist: Checklist, itemId: string): ChecklistEntry[] {
  return checklist.filter((e) => e.itemId !== itemId);
}

/** "还缺：…" in one line, or null when nothing is missing. One-of groups count once. */
export function missingSummary(kind: ApplicantKind, checklist: Checklist): string | null {
  const missing = missingChecklistItems(kind, checklist);
  if (missing.length === 0) return null;
  return `还缺：${missing.map((m) => m.label).join('、')}`;
}

export function itemLabel(itemId: string): string {
  return checklistItemLabel(itemId) ?? itemId;
}

/** The checklist item the on-screen signatures stand for (家庭经济状况核对承诺授权书). */
export const AUTHORIZATION_CHECKLIST_ITEM = 'authorization_form';

/**
 * Once every required signature is on the authorization, its checklist item is ticked (as a photo ticks
 * its item). The checklist is returned unchanged (same array) when there is nothing to tick, so the caller
 * writes no change; an incomplete signing never unticks a paper copy the worker ticked by hand.
 */
export function tickAuthorizationWhenSigned(checklist: Checklist, signaturesComplete: boolean): Checklist {
  if (!signaturesComplete || entryOf(checklist, AUTHORIZATION_CHECKLIST_ITEM).ticked) return checklist;
  return setTicked(checklist, AUTHORIZATION_CHECKLIST_ITEM, true);
}
