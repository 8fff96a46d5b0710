import { useSyncExternalStore } from 'react';
import type { SessionUserInfo } from '../../shared/auth';
import { getSessionState, subscribeSession, type SessionState } from './session-store';

export function useSession(): SessionState {
  return useSyncExternalStore(subscribeSession, getSessionState);
}

/** The signed-in user; only for components rendered inside the unlocked shell. */
export function useCurrentUser(): SessionUserInfo {
  const session = useSession();
  if (session.status !== 'unlocked') throw new Error('useCurrentUser outside the unlocked shell');
  return session.user;
}
