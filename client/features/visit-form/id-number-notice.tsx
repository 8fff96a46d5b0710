import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { todayInChina } from '../../../shared/validation/clock';
import { householdsHoldingIds } from '../../db/identity';
import { normaliseIdNumber } from '../../../shared/identity/api';
import { completeIdNumber, localMatchText, serverMatchesToShow } from './id-number-check';
import { useIdentityLookup } from './use-identity-lookup';

/**
 * Under an ID number field (the head's or a member's): whether this person is already filed in another
 * household, on this tablet (instantly, from IndexedDB) and, online, anywhere the server knows of. A warning
 * only: the worker may go on; the county settles duplicates.
 */
export function IdNumberNotice({ value, householdId }: { value: unknown; householdId: string }) {
  // The server is asked about numbers typed now, not about every number of every form opened.
  const [initial] = useState(() => normaliseIdNumber(value));
  const normalised = normaliseIdNumber(value);
  const local = useLiveQuery(
    async () =>
      normalised ? ((await householdsHoldingIds([normalised], householdId)).get(normalised) ?? []) : [],
    [normalised, householdId],
  );
  const typed = normalised !== initial ? completeIdNumber(normalised, todayInChina()) : null;
  const remote = useIdentityLookup(typed, householdId);
  const localMatches = local ?? [];
  const remoteMatches = serverMatchesToShow(remote, localMatches);
  if (localMatches.length === 0 && remoteMatches.length === 0) return null;
  return (
    <div className="vf-field__warning" role="status" data-testid="id-number-warning">
      {localMatches.map((match) => (
        <p key={`${match.householdId}:${match.role}`}>
          {localMatchText(match)}{' '}
          <Link to={`/households/${encodeURIComponent(match.householdId)}`}>查看该户</Link>
        </p>
      ))}
      {remoteMatches.map((match) => (
        <p key={`${match.caseId ?? ''}:${match.message}`}>{match.message}</p>
      ))}
      <p className="vf-field__warning-note">同一人只能在一户中建档；如确属同一人，请核实后再提交。</p>
    </div>
  );
}
