import { z } from 'zod';
import { loopStageSchema } from '../loop/stages';
import { syncedRecordSchema } from '../sync/protocol';

/**
 * One person, one file (一人一档): the identity API (`/api/identity`, docs/identity.md). Request and reply
 * bodies; the server parses requests with these schemas and the screens parse replies with them.
 *
 * A resident ID number belongs to at most one *active* household (any stage before `exited`) in the whole
 * deployment, as head or as member. ID numbers are compared normalised (`normaliseIdNumber`).
 */

export { normaliseIdNumber } from './id-number-key';

export const PERSON_ROLES = ['head', 'member'] as const;
export const personRoleSchema = z.enum(PERSON_ROLES);
export type PersonRole = z.infer<typeof personRoleSchema>;
export const PERSON_ROLE_LABELS: Record<PersonRole, string> = { head: '户主', member: '家庭成员' };

// ------------------------------------------------------------------------------------------------ lookup

/**
 * GET /api/identity/lookup?idNumber=…&householdId=… — is this person already filed in an active household?
 * `householdId`: the household being edited, left out of the answer. Roles: grid worker, township, county,
 * city. A match outside the caller's scope says only where (unit names) and how far the case is (stage):
 * never names, addresses or any other field (PIPL). Every lookup is in the audit log.
 */
export const identityLookupQuerySchema = z.object({
  idNumber: z.string().trim().min(1, '请填写身份证号').max(40),
  householdId: z.string().min(1).max(64).optional(),
});
export type IdentityLookupQuery = z.infer<typeof identityLookupQuerySchema>;

export const identityMatchSchema = z.object({
  role: personRoleSchema,
  stage: loopStageSchema,
  stageLabel: z.string(),
  /** The holding unit as a person reads it: county + township (+ grid when in the caller's scope). */
  unitName: z.string(),
  /** Whom to contact: the county assistance centre holding the file. */
  contact: z.string(),
  /** The whole sentence to show, e.g. 已在谯城区花戏楼街道建档（县总审核中），请联系谯城区总工会帮扶中心核实. */
  message: z.string(),
  inScope: z.boolean(),
  /** Only when the case is within the caller's scope. */
  caseId: z.string().nullable(),
  headName: z.string().nullable(),
});
export type IdentityMatch = z.infer<typeof identityMatchSchema>;

export const identityLookupReplySchema = z.object({
  /** The number as compared, masked (341602********1234). */
  idNumberMasked: z.string(),
  matches: z.array(identityMatchSchema),
});
export type IdentityLookupReply = z.infer<typeof identityLookupReplySchema>;

// -------------------------------------------------------------------------------------------- findings

export const FINDING_KINDS = ['same_id', 'possible'] as const;
export const findingKindSchema = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof findingKindSchema>;
export const FINDING_KIND_LABELS: Record<FindingKind, string> = {
  same_id: '身份证号相同',
  possible: '疑似重复',
};

export const EVIDENCE_KINDS = ['id_number', 'name_birth', 'mobile', 'bank_card'] as const;
export const evidenceKindSchema = z.enum(EVIDENCE_KINDS);
export type EvidenceKind = z.infer<typeof evidenceKindSchema>;
export const EVIDENCE_LABELS: Record<EvidenceKind, string> = {
  id_number: '身份证号相同',
  name_birth: '姓名和出生日期相同',
  mobile: '联系电话相同',
  bank_card: '银行卡号相同',
};

export const FINDING_STATUSES = ['open', 'merged', 'not_duplicate'] as const;
export const findingStatusSchema = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof findingStatusSchema>;
export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: '待核实',
  merged: '已合并',
  not_duplicate: '不是重复',
};

/** One side of a finding. Personal fields are present only when the side is within the caller's scope. */
export const findingSideSchema = z.object({
  householdId: z.string(),
  inScope: z.boolean(),
  unitName: z.string(),
  stage: loopStageSchema,
  stageLabel: z.string(),
  /** Whether this side is held (its case may not move on until the finding is settled). */
  held: z.boolean(),
  /** The person the evidence is about on this side: head or member, and their name when in scope. */
  personRole: personRoleSchema.nullable(),
  personName: z.string().nullable(),
  headName: z.string().nullable(),
  headIdNumberMasked: z.string().nullable(),
  address: z.string().nullable(),
  mobile: z.string().nullable(),
  memberCount: z.number().int().nullable(),
  visitCount: z.number().int().nullable(),
  createdAt: z.string().nullable(),
});
export type FindingSide = z.infer<typeof findingSideSchema>;

export const findingSchema = z.object({
  id: z.string(),
  kind: findingKindSchema,
  evidence: z.array(evidenceKindSchema),
  /** The compared value for each piece of evidence, masked as the side's scope allows. */
  evidenceText: z.string(),
  status: findingStatusSchema,
  createdAt: z.string(),
  /** What raised it: a sync push, a county registration, or the scan. */
  source: z.enum(['sync', 'registration', 'scan']),
  held: findingSideSchema,
  other: findingSideSchema,
  /** Both sides within the caller's scope and the role may merge. */
  canMerge: z.boolean(),
  canDismiss: z.boolean(),
  resolution: z
    .object({
      by: z.string(),
      byName: z.string(),
      at: z.string(),
      reason: z.string().nullable(),
      survivorId: z.string().nullable(),
    })
    .nullable(),
});
export type Finding = z.infer<typeof findingSchema>;

/** GET /api/identity/findings?status=open|merged|not_duplicate&cursor=… (county: its scope; city: all). */
export const findingListQuerySchema = z.object({
  status: findingStatusSchema.default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export const findingListReplySchema = z.object({
  findings: z.array(findingSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export type FindingListReply = z.infer<typeof findingListReplySchema>;

/** GET /api/identity/findings/:id → `{finding}`. */
export const findingReplySchema = z.object({ finding: findingSchema });

/**
 * POST /api/identity/findings/:id/merge `{survivorId}` — one household survives; members, visits, photos,
 * comments and the timeline of the other move to it; the other becomes a tombstone pointing to it.
 * County staff when both sides are within their scope; city staff for any pair.
 */
export const mergeRequestSchema = z.object({ survivorId: z.string().min(1).max(64) });
export const mergeReplySchema = z.object({
  finding: findingSchema,
  survivor: syncedRecordSchema,
  moved: z.number().int(),
});

/** POST /api/identity/findings/:id/dismiss `{reason}` — not a duplicate; the pair is never raised again. */
export const dismissRequestSchema = z.object({
  reason: z.string().trim().min(2, '请说明理由（至少 2 个字）').max(500),
});

/**
 * GET /api/identity/holds/:caseId — whether the case is held by an open same-ID finding (its closed-loop
 * commands are refused with `identity_hold`), and which finding holds it. Township, county and city staff,
 * with the case within their scope (like the case itself).
 */
export const identityHoldReplySchema = z.object({
  held: z.boolean(),
  findingId: z.string().nullable(),
});
export type IdentityHoldReply = z.infer<typeof identityHoldReplySchema>;

/** POST /api/identity/scan — one pass over the stored households; city staff and the administrator. */
export const scanReplySchema = z.object({
  scannedPeople: z.number().int(),
  newFindings: z.number().int(),
  openFindings: z.number().int(),
  seconds: z.number(),
});
export type ScanReply = z.infer<typeof scanReplySchema>;
