import { sameValue } from '../../db/field-changes';
import type { RecordData } from '../../db/types';
import { targetKey, type RecordTarget } from './form-model';

/** Longest a typed change waits before it is written (the form promises IndexedDB within 500 ms). */
export const AUTOSAVE_DELAY_MS = 200;

export type SaveRecord = (target: RecordTarget, patch: RecordData) => Promise<void>;

/** Edits not yet written, as the journal keeps them. */
export interface JournalEntry {
  target: RecordTarget;
  patch: RecordData;
}

/**
 * A synchronous place for edits that are not in IndexedDB yet, written on every edit: a reload or a
 * closed page between a keystroke and its (asynchronous) write then loses nothing (see draft-journal.ts).
 */
export interface DraftJournal {
  write(entries: readonly JournalEntry[]): void;
}

export interface DraftStatus {
  /** Changes typed but not yet written, or a write under way. */
  saving: boolean;
  /** When the last write finished (ISO), null before the first. */
  savedAt: string | null;
  /** Why the last write failed (zh-CN); the change is kept and retried with the next one. */
  error: string | null;
}

export interface DraftBuffer {
  /** Records an edit; it is written after a short pause, coalesced with the edits that follow. */
  set(target: RecordTarget, field: string, value: unknown): void;
  /** The typed value of a field not yet written (`has` false when the stored value is current). */
  peek(target: Pick<RecordTarget, 'type' | 'id'>, field: string): { has: boolean; value: unknown };
  /**
   * The values to show over `stored` (the record as last read): fields typed but not yet written, and
   * fields written whose new value the read has not caught up with yet (so nothing flickers back).
   */
  pendingFields(target: Pick<RecordTarget, 'type' | 'id'>, stored?: RecordData): Record<string, unknown>;
  /** Writes everything typed so far now; resolves once it is in IndexedDB (rejects if it could not be). */
  flush(): Promise<void>;
  /** Drops what is waiting for one record (it was deleted). */
  forget(target: Pick<RecordTarget, 'type' | 'id'>): void;
  status(): DraftStatus;
  /** Changes whenever a value or the status changes (for useSyncExternalStore). */
  version(): number;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

interface Waiting {
  target: RecordTarget;
  patch: Map<string, unknown>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The form's autosave: every edit is kept in memory at once (so the input shows it) and written through
 * `save` after `delayMs` of quiet, or at once on `flush` (blur, leaving the page, an app update). Writes are
 * serialised: one at a time, in order, each taking everything typed so far. A field typed again while its
 * earlier value is being written stays waiting with its newer value.
 */
export function createDraftBuffer(
  save: SaveRecord,
  delayMs: number = AUTOSAVE_DELAY_MS,
  journal: DraftJournal | null = null,
): DraftBuffer {
  const waiting = new Map<string, Waiting>();
  // Written values, kept until the caller's read of the record shows them.
  const written = new Map<string, Map<string, unknown>>();
  const listeners = new Set<() => void>();
  let state: DraftStatus = { saving: false, savedAt: null, error: null };
  let revision = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();
  let writing = 0;

  const notify = () => {
    revision += 1;
    for (const listener of listeners) listener();
  };
  const setStatus = (next: Partial<DraftStatus>) => {
    state = { ...state, ...next };
    notify();
  };
  const busy = () => waiting.size > 0 || writing > 0;
  const journalWaiting = () =>
    journal?.write(
      [...waiting.values()].map((entry) => ({
        target: entry.target,
        patch: Object.fromEntries(entry.patch),
      })),
    );

  async function writeWaiting(): Promise<void> {
    const batch = [...waiting.values()].map((entry) => ({
      target: entry.target,
      patch: new Map(entry.patch),
    }));
    if (batch.length === 0) return;
    writing += 1;
    try {
      for (const { target, patch } of batch) {
        await save(target, Object.fromEntries(patch));
        const key = targetKey(target);
        const settled = written.get(key) ?? new Map<string, unknown>();
        for (const [field, value] of patch) settled.set(field, value);
        written.set(key, settled);
        const entry = waiting.get(key);
        if (!entry) continue;
        for (const [field, value] of patch) {
          if (entry.patch.has(field) && Object.is(entry.patch.get(field), value)) entry.patch.delete(field);
        }
        if (entry.patch.size === 0) waiting.delete(targetKey(target));
      }
      writing -= 1;
      journalWaiting();
      setStatus({ saving: busy(), savedAt: new Date().toISOString(), error: null });
    } catch (error) {
      writing -= 1;
      setStatus({ saving: busy(), error: `保存失败：${describe(error)}` });
      throw error;
    }
  }

  function flush(): Promise<void> {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    const run = chain.catch(() => undefined).then(writeWaiting);
    chain = run;
    return run;
  }

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      // A failed write is reported in the status and retried with the next edit or flush.
      flush().catch(() => undefined);
    }, delayMs);
  }

  return {
    set(target, field, value) {
      const key = targetKey(target);
      const entry = waiting.get(key) ?? { target, patch: new Map<string, unknown>() };
      entry.target = target;
      entry.patch.set(field, value === undefined ? null : value);
      waiting.set(key, entry);
      journalWaiting();
      state = { ...state, saving: true };
      notify();
      schedule();
    },
    peek(target, field) {
      const patch = waiting.get(targetKey(target))?.patch;
      return patch?.has(field) ? { has: true, value: patch.get(field) } : { has: false, value: undefined };
    },
    pendingFields(target, stored) {
      const key = targetKey(target);
      const result: Record<string, unknown> = {};
      const settled = written.get(key);
      if (settled) {
        for (const [field, value] of settled) {
          // Once the read shows the written value it is the truth again (a later sync may change it).
          if (stored && sameValue(stored[field] ?? null, value)) settled.delete(field);
          else result[field] = value;
        }
        if (settled.size === 0) written.delete(key);
      }
      const patch = waiting.get(key)?.patch;
      if (patch) for (const [field, value] of patch) result[field] = value;
      return result;
    },
    flush,
    forget(target) {
      written.delete(targetKey(target));
      if (waiting.delete(targetKey(target))) {
        journalWaiting();
        setStatus({ saving: busy() });
      }
    },
    status: () => state,
    version: () => revision,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
