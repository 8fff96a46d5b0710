import type { RejectedChange } from '../../db/sync-review';
import { fieldAnchor } from '../visit-form/form-model';

/**
 * Where the worker fixes a refused or held (待修正) change: the field itself in the visit form when the change was to a
 * household, member or visit (the form opens at `#<field anchor>` and puts the cursor there), else the
 * household page. The field is the one the server (or, for a held change, the same check on the tablet)
 * named, or the first field the change touched.
 */
export interface FixLink {
  to: string;
  /** The field's anchor in the visit form, or null when the link opens a page without one. */
  anchor: string | null;
}

function changedField(item: RejectedChange): string | null {
  const { row } = item;
  if (row.kind !== 'record' || row.op === 'delete') return null;
  if (row.errorField) return row.errorField;
  // A change held only because its household waits for a fix names no field of its own.
  return row.state === 'held' ? null : (Object.keys(row.fields)[0] ?? null);
}

export function fixLinkOf(item: RejectedChange): FixLink | null {
  const { row, household, latestVisitId } = item;
  const field = changedField(item);
  if (row.kind === 'record' && (row.type === 'visit' || row.type === 'member' || row.type === 'household')) {
    const visitId = row.type === 'visit' ? row.recordId : latestVisitId;
    if (visitId) {
      const anchor = field ? fieldAnchor({ type: row.type, id: row.recordId }, field) : null;
      return { to: `/visits/${visitId}${anchor ? `#${anchor}` : ''}`, anchor };
    }
  }
  return household ? { to: `/households/${household.id}`, anchor: null } : null;
}
