import {
  identityLookupReplySchema,
  normaliseIdNumber,
  type IdentityLookupReply,
} from '../../shared/identity/api';
import { currentToken } from '../auth/session-store';
import { apiJson } from './http';

/**
 * GET /api/identity/lookup: is this person already filed in an active household elsewhere? The form asks
 * while the worker types; `householdId` (the household being edited) is left out of the answer. Rejects
 * like any API call (the caller treats every failure as "no answer": offline, the server checks at sync).
 */
export function lookupIdentity(
  idNumber: string,
  householdId: string,
  signal?: AbortSignal,
): Promise<IdentityLookupReply> {
  const params = new URLSearchParams({ idNumber: normaliseIdNumber(idNumber) ?? idNumber, householdId });
  const token = currentToken() ?? undefined;
  return apiJson(`/api/identity/lookup?${params.toString()}`, identityLookupReplySchema, {
    token,
    signal,
    timeoutMs: 10_000,
  });
}
