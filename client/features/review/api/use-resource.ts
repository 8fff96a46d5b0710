import { useCallback, useEffect, useRef, useState } from 'react';
import { failureMessage } from './review-api';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  /** `refreshing`: a reload is under way; the previous data stays on screen meanwhile. */
  | { status: 'ready'; data: T; refreshing: boolean };

interface Loaded<T> {
  key: string;
  version: number;
  outcome: { ok: true; data: T } | { ok: false; message: string };
}

/**
 * Loads data for `key` (e.g. a case id with its filters) and reloads it on demand. A reload keeps the
 * previous data visible, so a step's form does not flash away while the case is fetched again.
 */
export function useResource<T>(key: string, load: () => Promise<T>): [Resource<T>, () => void] {
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });
  useEffect(() => {
    let live = true;
    loader.current().then(
      (data) => live && setLoaded({ key, version, outcome: { ok: true, data } }),
      (error: unknown) =>
        live && setLoaded({ key, version, outcome: { ok: false, message: failureMessage(error) } }),
    );
    return () => {
      live = false;
    };
  }, [key, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  if (loaded === null || loaded.key !== key) return [{ status: 'loading' }, reload];
  const current = loaded.version === version;
  if (!loaded.outcome.ok)
    return [current ? { status: 'failed', message: loaded.outcome.message } : { status: 'loading' }, reload];
  return [{ status: 'ready', data: loaded.outcome.data, refreshing: !current }, reload];
}
