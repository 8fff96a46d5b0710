import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RecordType } from '../../../shared/domain/records';
import { saveFields } from '../../db/records';
import type { LocalRecord, RecordData } from '../../db/types';
import { fiveOnesRecord } from './five-ones-data';

/** Typing is written to IndexedDB at most this long after the last keystroke (the issue allows 500 ms). */
export const AUTOSAVE_DELAY_MS = 300;

const TABLES = { training: 'trainings', selfAssessment: 'selfAssessments' } as const;
type DraftType = keyof typeof TABLES & RecordType;

export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; at: string }
  | { status: 'failed'; message: string };

export interface RecordDraft {
  /** `loading` until read; `missing` when the record is not on this tablet (or was deleted). */
  status: 'loading' | 'missing' | 'ready';
  row: LocalRecord | null;
  /** The stored data with this page's edits on top. */
  data: RecordData;
  save: SaveState;
  /** Sets fields; typing waits for a pause, `immediate` (lists, choices) is written at once. */
  setFields(patch: RecordData, options?: { immediate?: boolean }): void;
  /** Writes what is still waiting (on blur, before finishing, when the page is hidden). */
  flush(): Promise<void>;
}

/** Blank text is stored as null ("not filled"), so it syncs and validates like an empty field. */
function normalize(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

/**
 * Edits one five-ones record with autosave. Edits are kept on top of the stored record for the life of
 * the page, so an input never jumps back while a write is under way; fields this page did not touch follow
 * the stored record live (e.g. a sync bringing the county's corrections).
 */
export function useRecordDraft(type: DraftType, id: string): RecordDraft {
  const row = useLiveQuery(() => fiveOnesRecord(TABLES[type], id), [type, id]);
  const [local, setLocal] = useState<RecordData>({});
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const waiting = useRef<RecordData>({});
  const timer = useRef<number | null>(null);
  const unitId = row?.unitId ?? null;

  // Writes run one after another, so awaiting flush() means every earlier edit is on disk.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const flush = useCallback((): Promise<void> => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    const write = async () => {
      const patch = waiting.current;
      if (Object.keys(patch).length === 0 || unitId === null) return;
      waiting.current = {};
      setSave({ status: 'saving' });
      try {
        await saveFields(type, id, unitId, patch);
        setSave({ status: 'saved', at: new Date().toISOString() });
      } catch {
        // Keep the edit so the next flush tries again; newer edits of the same fields win.
        waiting.current = { ...patch, ...waiting.current };
        setSave({
          status: 'failed',
          message: '保存到本机失败（可能存储空间不足），离开输入框或再次修改时会重试',
        });
      }
    };
    queue.current = queue.current.then(write);
    return queue.current;
  }, [type, id, unitId]);

  const setFields = useCallback(
    (patch: RecordData, options: { immediate?: boolean } = {}) => {
      setLocal((current) => ({ ...current, ...patch }));
      waiting.current = {
        ...waiting.current,
        ...Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, normalize(value)])),
      };
      if (timer.current !== null) window.clearTimeout(timer.current);
      if (options.immediate) {
        timer.current = null;
        void flush();
      } else {
        timer.current = window.setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
      }
    },
    [flush],
  );

  // Hidden or closing: write now. Leaving the page (unmount) too.
  useEffect(() => {
    const onHide = () => void flush();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      void flush();
    };
  }, [flush]);

  const data = useMemo(() => ({ ...row?.data, ...local }), [row, local]);
  const status = row === undefined ? 'loading' : row === null ? 'missing' : 'ready';
  return { status, row: row ?? null, data, save, setFields, flush };
}
