import { z } from 'zod';
import type { DraftJournal, JournalEntry } from './draft-buffer';
import type { RecordTarget } from './form-model';
import { LOCAL_STORAGE_PREFIX } from '../../db/session';

/**
 * The autosave's journal in localStorage: written synchronously on every edit and emptied once the edits
 * are in IndexedDB (a few hundred milliseconds later). A reload, an app update, or a tab killed in that gap
 * finds the edits here on the next start and writes them. Each open form has its own key, so two tabs never
 * overwrite each other's journal. Entries for records no longer on the tablet (another user's, after a
 * logout) are dropped unread, and logout's wipe removes every journal.
 */
// Under the app's localStorage prefix, so that logout's wipe removes the journal with everything else.
const PREFIX = `${LOCAL_STORAGE_PREFIX}autosave-journal:`;

type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const entrySchema = z.object({
  target: z.object({
    type: z.enum(['household', 'visit', 'member']),
    id: z.string().min(1),
    unitId: z.string().min(1),
    householdId: z.string().nullable(),
  }),
  patch: z.record(z.string(), z.unknown()),
});

/** The journal of one autosave buffer (one open form). */
export function storageJournal(
  storage: JournalStorage,
  id: string = crypto.randomUUID(),
): DraftJournal & { key: string } {
  const key = PREFIX + id;
  return {
    key,
    write(entries) {
      try {
        if (entries.length === 0) storage.removeItem(key);
        else storage.setItem(key, JSON.stringify(entries));
      } catch {
        // Storage full or disabled: the edits still reach IndexedDB through the normal write.
      }
    },
  };
}

function parse(raw: string | null): JournalEntry[] {
  if (!raw) return [];
  try {
    const parsed = z.array(entrySchema).safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function journalKeys(storage: JournalStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

/** Every edit any journal holds (for tests and diagnostics). */
export function readJournals(storage: JournalStorage): JournalEntry[] {
  return journalKeys(storage).flatMap((key) => parse(storage.getItem(key)));
}

/**
 * Writes the edits left in journals by pages that ended before their autosave finished, then removes those
 * journals (unless a live form rewrote one meanwhile). `ownKey` is the caller's own journal, left alone.
 * Returns how many records were written.
 */
export async function replayJournals(
  storage: JournalStorage,
  exists: (target: RecordTarget) => Promise<boolean>,
  save: (target: RecordTarget, patch: Record<string, unknown>) => Promise<void>,
  ownKey: string | null = null,
): Promise<number> {
  let written = 0;
  for (const key of journalKeys(storage)) {
    if (key === ownKey) continue;
    const raw = storage.getItem(key);
    for (const entry of parse(raw)) {
      if (!(await exists(entry.target))) continue;
      await save(entry.target, entry.patch);
      written += 1;
    }
    if (storage.getItem(key) === raw) storage.removeItem(key);
  }
  return written;
}
