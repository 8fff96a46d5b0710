import { ROLE_LABELS, roleSchema } from '../../../shared/roles';
import type { RecordData, ServerRow } from '../../db/types';

/** A reviewer's comment as the tablet shows it (always rendered as plain text). */
export interface ReviewNote {
  id: string;
  text: string;
  author: string | null;
  at: string;
}

function firstText(data: RecordData, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

/**
 * Reads a comment record from the server. Its exact shape belongs to the review screens, so the text and the
 * author are looked up under the names they may carry; a comment without text is skipped.
 */
export function reviewNoteOf(row: ServerRow): ReviewNote | null {
  const text = firstText(row.data, ['text', 'comment', 'comments', 'body', 'message']);
  if (!text) return null;
  const name = firstText(row.data, ['authorName', 'authorDisplayName', 'userName', 'author']);
  const role = roleSchema.safeParse(row.data.authorRole ?? row.data.role);
  const author = [role.success ? ROLE_LABELS[role.data] : null, name].filter(Boolean).join(' ') || null;
  return { id: row.id, text, author, at: row.createdAt };
}

/** What the return for correction (退回补正) asked for, kept on the household by the closed loop. */
export function returnRequestOf(household: RecordData): { comments: string | null; items: string[] } {
  const comments = firstText(household, ['returnComments']);
  const raw = household.returnItems;
  const items = Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : [];
  return { comments, items };
}
