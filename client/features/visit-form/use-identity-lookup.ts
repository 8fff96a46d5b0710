import { useEffect, useState } from 'react';
import type { IdentityMatch } from '../../../shared/identity/api';
import { lookupIdentity } from '../../api/identity-api';

/** How long typing must pause before the server is asked. */
export const LOOKUP_DELAY_MS = 400;

/**
 * Asks the server whether a complete ID number is already filed in another active household. Debounced,
 * cancelled when the number changes, and silent when offline or on any failure: the server checks the
 * number again when the household is synced. `idNumber` is null when there is nothing to ask.
 */
export function useIdentityLookup(idNumber: string | null, householdId: string): IdentityMatch[] {
  const [answer, setAnswer] = useState<{ key: string; matches: IdentityMatch[] } | null>(null);
  const key = idNumber ? `${householdId}:${idNumber}` : null;
  useEffect(() => {
    if (!idNumber || !navigator.onLine) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      lookupIdentity(idNumber, householdId, controller.signal).then(
        (reply) => {
          if (!controller.signal.aborted)
            setAnswer({ key: `${householdId}:${idNumber}`, matches: reply.matches });
        },
        () => undefined,
      );
    }, LOOKUP_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [idNumber, householdId]);
  return answer && answer.key === key ? answer.matches : [];
}
