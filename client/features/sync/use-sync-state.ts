import { useSyncExternalStore } from 'react';
import { getState, subscribe, type SyncState } from '../../sync/engine';

/** The sync engine's state, re-rendering on every change. */
export function useSyncState(): SyncState {
  return useSyncExternalStore(subscribe, getState);
}
