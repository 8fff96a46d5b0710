import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { useBeforeUpdate } from '../../pwa/update';
import { AUTOSAVE_DELAY_MS, createDraftBuffer, type DraftBuffer } from './draft-buffer';
import { replayJournals, storageJournal } from './draft-journal';
import { recordExists, saveRecordPatch } from './visit-data';

function ignore(): void {
  // The failure is shown by the autosave status; the change stays waiting and is retried.
}

/**
 * Writes what earlier pages left in the autosave journal (see draft-journal.ts); the household list calls
 * it on opening, so interrupted edits reach IndexedDB even before their form is opened again.
 */
export function replayInterruptedEdits(): Promise<number> {
  return replayJournals(localStorage, recordExists, saveRecordPatch);
}

/**
 * The visit form's autosave: journalled synchronously on every edit (localStorage) and flushed whenever the
 * typed text could otherwise be lost: the tab is hidden or closed (`visibilitychange`, `pagehide`), the form
 * is left, or the app is about to update.
 */
export function useAutosave(): DraftBuffer {
  const [{ buffer, journalKey }] = useState(() => {
    const journal = storageJournal(localStorage);
    return {
      buffer: createDraftBuffer(saveRecordPatch, AUTOSAVE_DELAY_MS, journal),
      journalKey: journal.key,
    };
  });
  useSyncExternalStore(buffer.subscribe, buffer.version);
  const flush = useCallback(() => buffer.flush(), [buffer]);
  // An update waits for this; a failed save stops the update and says why (see client/pwa/update.ts).
  useBeforeUpdate(flush);
  useEffect(() => {
    // Edits a reload or a killed tab interrupted before they reached IndexedDB are written first.
    replayJournals(localStorage, recordExists, saveRecordPatch, journalKey).catch(ignore);
  }, [journalKey]);
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') buffer.flush().catch(ignore);
    };
    const onPageHide = () => buffer.flush().catch(ignore);
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      buffer.flush().catch(ignore);
    };
  }, [buffer]);
  return buffer;
}
