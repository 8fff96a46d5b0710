import { householdFields } from '../../../shared/domain/household';
import { memberFields } from '../../../shared/domain/member';
import type { RecordType } from '../../../shared/domain/records';
import { visitFields } from '../../../shared/domain/visit';
import type { RecordData } from '../../db/types';

/** One record the form edits: where it is saved and what it holds. */
export interface RecordTarget {
  type: Extract<RecordType, 'household' | 'visit' | 'member'>;
  id: string;
  unitId: string;
  householdId: string | null;
}

export function targetKey(target: Pick<RecordTarget, 'type' | 'id'>): string {
  return `${target.type}:${target.id}`;
}

const FIELDS = { household: householdFields, visit: visitFields, member: memberFields } as const;

/**
 * The part of a record's data the form owns. A household synced from the server may carry closed-loop
 * state beside the form's fields (return comments, plan figures); validating the form must not trip on it.
 */
export function formFields(type: RecordTarget['type'], data: RecordData): RecordData {
  const known = FIELDS[type];
  return Object.fromEntries(Object.entries(data).filter(([key]) => Object.hasOwn(known, key)));
}

/** Visit fields drawn by the capture components: a problem there links to their section. */
const SECTION_OF_VISIT_FIELD: Record<string, string> = {
  checklist: 'section-checklist',
  signatures: 'section-authorization',
  gps: 'section-gps',
};

/** The element id of a field on the form, so a problem in the list can take the worker there. */
export function fieldAnchor(target: Pick<RecordTarget, 'type' | 'id'>, field: string): string {
  if (target.type === 'member') return `member-${target.id}-${field}`;
  if (target.type === 'visit') return SECTION_OF_VISIT_FIELD[field] ?? `visit-${field}`;
  return `household-${field}`;
}

/** The first segment of a validation path ("checklist.0.itemId" → "checklist"). */
export function topField(path: string): string {
  return path.split('.')[0] ?? path;
}
