import { z } from 'zod';
import {
  findingListReplySchema,
  findingReplySchema,
  identityHoldReplySchema,
  mergeReplySchema,
  scanReplySchema,
  type FindingListReply,
  type FindingStatus,
  type IdentityHoldReply,
  type ScanReply,
} from '../../../../shared/identity/api';
import { ApiFailure } from '../../../api/http';
import { get, post } from './review-api';

/** The office side of one person, one file (/api/identity): the duplicate queue, merge, dismiss, scan. */

export function listFindings(status: FindingStatus, cursor?: string, limit = 50): Promise<FindingListReply> {
  const params = new URLSearchParams({ status, limit: String(limit) });
  if (cursor) params.set('cursor', cursor);
  return get(`/api/identity/findings?${params.toString()}`, findingListReplySchema);
}

/** Whether the case waits for the duplicate check (an open same-ID finding holds it). */
export function getIdentityHold(caseId: string): Promise<IdentityHoldReply> {
  return get(`/api/identity/holds/${encodeURIComponent(caseId)}`, identityHoldReplySchema);
}

export function mergeFinding(findingId: string, survivorId: string) {
  return post(`/api/identity/findings/${encodeURIComponent(findingId)}/merge`, mergeReplySchema, {
    survivorId,
  });
}

export function dismissFinding(findingId: string, reason: string) {
  return post(`/api/identity/findings/${encodeURIComponent(findingId)}/dismiss`, findingReplySchema, {
    reason,
  });
}

export function scanForDuplicates(): Promise<ScanReply> {
  return post('/api/identity/scan', scanReplySchema, {});
}

/** `details` of a registration refused with `duplicate_identity`: the message and, in scope, the case. */
const duplicateDetailsSchema = z.object({ caseId: z.string().optional(), message: z.string() });

/** When a registration was refused because the head is filed elsewhere: what to say and where to link. */
export function duplicateIdentityOf(error: unknown): { message: string; caseId: string | null } | null {
  if (!(error instanceof ApiFailure) || error.code !== 'duplicate_identity') return null;
  const details = duplicateDetailsSchema.safeParse(error.details);
  return details.success
    ? { message: details.data.message, caseId: details.data.caseId ?? null }
    : { message: error.message, caseId: null };
}
