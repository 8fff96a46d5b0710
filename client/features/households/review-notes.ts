import { caseCommentDataSchema } from '../../../shared/cases/records';
import { ROLE_LABELS } from '../../../shared/roles';
import type { RecordData, ServerRow } from '../../db/types';

/** A reviewer's message as the tablet shows it (always rendered as plain text). */
export interface ReviewNote {
  id: string;
  /** "退回补正", "已发放"… */
  title: string;
  text: string;
  /** What to fix, for a return for correction. */
  items: string[];
  author: string;
  at: string;
}

/** Reads a comment record the closed loop wrote (shared/cases/records.ts); an unreadable one is skipped. */
export function reviewNoteOf(row: ServerRow): ReviewNote | null {
  const parsed = caseCommentDataSchema.safeParse(row.data);
  if (!parsed.success) return null;
  const comment = parsed.data;
  return {
    id: row.id,
    title: comment.title,
    text: comment.body,
    items: comment.items,
    author: `${ROLE_LABELS[comment.actorRole]} ${comment.actorName}（${comment.actorUnitName}）`,
    at: comment.at,
  };
}

/** What the return for correction (退回补正) asked for, kept on the household by the closed loop. */
export function returnRequestOf(household: RecordData): { comments: string | null; items: string[] } {
  const comments =
    typeof household.returnComments === 'string' && household.returnComments.trim() !== ''
      ? household.returnComments
      : null;
  const raw = household.returnItems;
  const items = Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : [];
  return { comments, items };
}
