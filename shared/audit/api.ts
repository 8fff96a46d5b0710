import { z } from 'zod';
import { unitIdSchema } from '../org';
import { roleSchema } from '../role-schema';
import { dateSchema } from '../validation/dates';
import { AUDIT_KIND_NAMES } from './kinds';

/**
 * The audit log (审计日志) as the administrator and the city read it: GET /api/audit (a page, newest first)
 * and GET /api/audit/export.csv (every row the filter matches). Each entry is already in words
 * (`shared/audit/describe.ts`): nothing on the screen or in the file is a key, an id or JSON.
 */

export const auditFactSchema = z.object({ label: z.string(), value: z.string() });
export type AuditFactView = z.infer<typeof auditFactSchema>;

export const auditEntryViewSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** The account that acted (to filter by it); null for the system itself. */
  userId: z.string().nullable(),
  actorName: z.string(),
  actorRole: roleSchema.nullable(),
  unitName: z.string().nullable(),
  action: z.string(),
  actionLabel: z.string(),
  subject: z.string().nullable(),
  /** The household the entry belongs to, for a link to its case page. */
  caseId: z.string().nullable(),
  facts: z.array(auditFactSchema),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const auditKindSchema = z.enum(AUDIT_KIND_NAMES as [string, ...string[]], {
  error: '不是有效的操作类别',
});

/** Filters of GET /api/audit and its export (query string). Dates are China dates, both ends included. */
export const auditFilterSchema = z
  .object({
    userId: z.string().trim().min(1).max(64).optional(),
    unitId: unitIdSchema.optional(),
    kind: auditKindSchema.optional(),
    /** The household (case) the entries belong to. */
    caseId: z.string().trim().min(1).max(64).optional(),
    from: dateSchema.optional(),
    to: dateSchema.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: '开始日期不能晚于结束日期', path: ['to'] });
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_MAX = 200;

export const auditListQuerySchema = z.intersection(
  auditFilterSchema,
  z.object({
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(50),
    /** `nextBefore` of the previous page: entries older than this sequence number. */
    before: z.coerce.number().int().min(1).optional(),
  }),
);
export type AuditListQuery = z.input<typeof auditListQuerySchema>;

export const auditListReplySchema = z.object({
  entries: z.array(auditEntryViewSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
  /** The accounts and units the caller may filter by (in scope), for the filter's lists. */
});
export type AuditListReply = z.infer<typeof auditListReplySchema>;

/** GET /api/audit/options: what the filter's lists offer (accounts and units within the caller's scope). */
export const auditOptionsReplySchema = z.object({
  users: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      username: z.string(),
      role: roleSchema,
      unitName: z.string(),
    }),
  ),
  units: z.array(z.object({ id: z.string(), name: z.string(), depth: z.number().int() })),
});
export type AuditOptionsReply = z.infer<typeof auditOptionsReplySchema>;

/** Export is capped: a larger filter asks the reader to narrow the date range. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;
