import type { Location } from 'react-router';

/** Router state carried to /login and /unlock so the user lands where they were going. */
export interface ReturnState {
  from: string;
}

export function returnStateFor(location: Location): ReturnState {
  return { from: `${location.pathname}${location.search}${location.hash}` };
}

/** Where to go after signing in or unlocking: the page that sent us here, never back to /login or /unlock. */
export function returnTarget(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = (state as { from: unknown }).from;
    if (typeof from === 'string' && /^\/(?!\/)/.test(from) && !/^\/(login|unlock)\b/.test(from)) return from;
  }
  return '/';
}

/** The change-password page (client/features/account/): a session that must change its password sees only it. */
export const CHANGE_PASSWORD_PATH = '/account/password';
