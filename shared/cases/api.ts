import { z } from 'zod';
import { roleSchema } from '../role-schema';
import { categorySchema } from '../domain/household-codes';
import { caseStateSchema } from '../loop/case-state';
import { entryChannelSchema, loopStageSchema } from '../loop/stages';
import { comparisonResultSchema, comparisonSourceSchema } from '../loop/vocabulary';
import { jsonValueSchema } from '../sync/canonical-json';
import { syncedRecordSchema } from '../sync/protocol';
import { unitIdSchema } from '../org';
import { dateSchema } from '../validation/dates';
import { countySettingRowSchema } from '../monitoring/settings';
import { caseCommentDataSchema, caseEventDataSchema } from './records';

/**
 * Request and reply bodies of the review API (`/api/cases`, docs/review-api.md). The server parses every
 * request with these schemas and the county screens parse every reply with them.
 */

/** Every failure: `{error: {code, message, details?}}`; `message` is zh-CN (the API-wide error body). */
export { apiErrorSchema, type ApiError } from '../auth';

/** Codes of refused case steps (the state machine's `LOOP_ERROR_CODES` plus the API's own). */
export const CASE_ERROR_STATUS = {
  forbidden_role: 403,
  out_of_scope: 403,
  wrong_stage: 409,
  guard_failed: 409,
  invalid_payload: 400,
  case_not_found: 404,
  unknown_unit: 400,
  invalid_request: 400,
  duplicate_identity: 409,
  identity_hold: 409,
  unit_inactive: 409,
} as const;
export type CaseErrorCode = keyof typeof CASE_ERROR_STATUS;

// ---------------------------------------------------------------------------------------------- commands

/** POST /api/cases/:id/commands — one closed-loop step on the case. */
export const caseCommandRequestSchema = z.object({
  command: z.string().min(1).max(60),
  /** Checked by the step's own payload schema (shared/loop); its zh-CN reason comes back on failure. */
  payload: jsonValueSchema.default({}),
});
export type CaseCommandRequest = z.input<typeof caseCommandRequestSchema>;

/** A caseEvent record with its data parsed. */
export const caseEventSchema = syncedRecordSchema.extend({
  type: z.literal('caseEvent'),
  data: caseEventDataSchema,
});
export type CaseEventRecord = z.infer<typeof caseEventSchema>;

/** A comment record with its data parsed. */
export const caseCommentSchema = syncedRecordSchema.extend({
  type: z.literal('comment'),
  data: caseCommentDataSchema,
});
export type CaseCommentRecord = z.infer<typeof caseCommentSchema>;

export const caseCommandReplySchema = z.object({
  ok: z.literal(true),
  /** The household record after the step (new rev; tablets pull the same). */
  household: syncedRecordSchema,
  /** The step on the timeline. */
  event: caseEventSchema,
  /** Comment written by the step (退回补正 / 已发放), if any. */
  comment: caseCommentSchema.nullable(),
});
export type CaseCommandReply = z.infer<typeof caseCommandReplySchema>;

/**
 * POST /api/cases — register (登记) a new case on the server: county-identified, worker-applied (at the
 * township or county office) or sudden-hardship entries. `household` holds the household file's own fields
 * known so far (headName, headIdNumber, mobile, address…); case fields are refused there.
 */
export const registerCaseRequestSchema = z.object({
  /** Optional client-chosen UUID (makes a retried request land on the same case). */
  id: z.uuid().optional(),
  /** The household's grid (or other unit) within the caller's scope. */
  unitId: unitIdSchema,
  entryChannel: entryChannelSchema,
  reportedOn: dateSchema,
  description: z.string().max(500).default(''),
  household: z.record(z.string(), jsonValueSchema).default({}),
});
export type RegisterCaseRequest = z.input<typeof registerCaseRequestSchema>;
/** 201 with the same body as a command reply (the event is the `register` step). */
export const registerCaseReplySchema = caseCommandReplySchema;

// ------------------------------------------------------------------------------------------------- queue

export const CASE_VIEWS = ['queue', 'all'] as const;

/** GET /api/cases — query string. */
export const caseListQuerySchema = z.object({
  /** `queue` (default): cases on which the caller's role has a step to take now; `all`: every case in scope. */
  view: z.enum(CASE_VIEWS).default('queue'),
  stage: loopStageSchema.optional(),
  category: categorySchema.optional(),
  /** A unit within the caller's scope (county, township or grid): only cases at or below it. */
  unitId: unitIdSchema.optional(),
  /** Head of household's name (part of it) or ID number (full, or its last digits). */
  q: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque; `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type CaseListQuery = z.input<typeof caseListQuerySchema>;

export const caseDueDatesSchema = z.object({
  /** Public notice ends (公示截止), `YYYY-MM-DD`. */
  noticeEndDate: z.string().nullable(),
  /** Phase-out ends (渐退期截止). */
  phaseOutUntil: z.string().nullable(),
});

export const caseListItemSchema = z.object({
  id: z.string(),
  rev: z.number().int(),
  headName: z.string().nullable(),
  /** `341602********1234`: the list never shows a full ID number. */
  headIdNumberMasked: z.string().nullable(),
  stage: loopStageSchema,
  stageLabel: z.string(),
  category: categorySchema,
  entryChannel: entryChannelSchema,
  cycle: z.number().int(),
  stageEnteredAt: z.string(),
  /** Whole days since the case reached its stage (server clock, China time). */
  daysInStage: z.number().int().min(0),
  dueDates: caseDueDatesSchema,
  unitId: z.string(),
  unitName: z.string(),
  townshipName: z.string().nullable(),
  countyName: z.string().nullable(),
  /** Steps the caller's role may take now (`allowedCommands`). */
  allowedCommands: z.array(z.string()),
  openConflicts: z.number().int().min(0),
  updatedAt: z.string(),
});
export type CaseListItem = z.infer<typeof caseListItemSchema>;

export const caseListReplySchema = z.object({
  cases: z.array(caseListItemSchema),
  /** null on the last page. */
  nextCursor: z.string().nullable(),
  /** Cases matching the filters (all pages). */
  total: z.number().int().min(0),
});
export type CaseListReply = z.infer<typeof caseListReplySchema>;

// ------------------------------------------------------------------------------------------------ detail

export const commandAvailabilitySchema = z.object({
  command: z.string(),
  label: z.string(),
  allowed: z.boolean(),
  code: z.enum(['forbidden_role', 'wrong_stage', 'guard_failed']).optional(),
  reason: z.string().optional(),
});

/** One comparison source as last recorded in the current round (信息比对结果). */
export const comparisonSourceResultSchema = z.object({
  source: comparisonSourceSchema,
  label: z.string(),
  /** null: not compared yet in this round. */
  result: comparisonResultSchema.nullable(),
  note: z.string(),
  via: z.enum(['manual', 'csv_import']).nullable(),
  batchId: z.string().nullable(),
  recordedAt: z.string().nullable(),
  recordedBy: z.string().nullable(),
});
export type ComparisonSourceResult = z.infer<typeof comparisonSourceResultSchema>;

export const caseUnitSchema = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string(),
  path: z.string(),
});

export const caseDetailReplySchema = z.object({
  household: syncedRecordSchema,
  /** The case as the state machine sees it (household case fields with defaults, plus `unitPath`). */
  state: caseStateSchema,
  stageLabel: z.string(),
  /** The household's unit and every unit above it, root first (city → county → township → grid). */
  units: z.array(caseUnitSchema),
  members: z.array(syncedRecordSchema),
  visits: z.array(syncedRecordSchema),
  /** Attachment records (metadata: sha256, mimeType, bytes…); the files come from /api/attachments/:sha. */
  attachments: z.array(syncedRecordSchema),
  /** Oldest first. */
  timeline: z.array(caseEventSchema),
  /** Newest first. */
  comments: z.array(caseCommentSchema),
  /** Conflict records of the household and its members, visits and attachments (open and resolved). */
  conflicts: z.array(syncedRecordSchema),
  comparison: z.array(comparisonSourceResultSchema),
  /** Every step with whether the caller may take it now and why not. */
  availability: z.array(commandAvailabilitySchema),
  allowedCommands: z.array(z.string()),
  /** The server's "now" (the clock the rules use), ISO. */
  serverNow: z.string(),
  /**
   * The settings of the case's county, every write in order (docs/administration.md): the step forms
   * resolve the 低保 standard, notice days, holidays and phase-out months in force on their day.
   */
  countySettings: z.array(countySettingRowSchema),
});
export type CaseDetailReply = z.infer<typeof caseDetailReplySchema>;

// ------------------------------------------------------------------------------------------------- audit

export const auditFieldChangeSchema = z.object({
  field: z.string(),
  from: jsonValueSchema,
  to: jsonValueSchema,
});

export const caseAuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  role: roleSchema.nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  /** old → new of every field the entry changed (empty for entries that change no field). */
  changes: z.array(auditFieldChangeSchema),
  detail: z.record(z.string(), jsonValueSchema),
  /** The entry in words (shared/audit/describe.ts), as the screen shows it. */
  actionLabel: z.string(),
  subject: z.string().nullable(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
});
export type CaseAuditEntry = z.infer<typeof caseAuditEntrySchema>;

/** GET /api/cases/:id/audit — oldest first. */
export const caseAuditReplySchema = z.object({ entries: z.array(caseAuditEntrySchema) });
export type CaseAuditReply = z.infer<typeof caseAuditReplySchema>;

// -------------------------------------------------------------------------------------- comparison import

export const comparisonImportUnmatchedSchema = z.object({
  /** 1-based line number in the file (the header is line 1). */
  line: z.number().int().min(1),
  idNumber: z.string(),
  reason: z.string(),
});

export const comparisonImportCaseSchema = z.object({
  caseId: z.string(),
  headName: z.string().nullable(),
  lines: z.array(z.number().int()),
  status: z.enum(['applied', 'rejected']),
  /** zh-CN reason when the step was refused (e.g. the case is not at 信息比对). */
  reason: z.string().nullable(),
});

/** POST /api/cases/comparison-import (body: the CSV text) → this reply. */
export const comparisonImportReplySchema = z.object({
  batchId: z.string(),
  /** Data rows whose ID number matched a household in the caller's scope. */
  matched: z.number().int().min(0),
  /** Data rows applied to their case (the case's `recordComparison` step succeeded). */
  applied: z.number().int().min(0),
  unmatchedRows: z.array(comparisonImportUnmatchedSchema),
  /** Rows that could not be read (bad source, result or missing note) and cases that refused the step. */
  errors: z.array(z.object({ line: z.number().int().min(0), message: z.string() })),
  cases: z.array(comparisonImportCaseSchema),
});
export type ComparisonImportReply = z.infer<typeof comparisonImportReplySchema>;

// ---- Printing (docs/print-forms.md): every printed copy of personal data is in the audit log ----

/** The case forms the print views make, by route name, with their titles. */
export const CASE_PRINT_FORMS = {
  visit: '走访调查表',
  authorization: '核对承诺授权书',
  file: '困难职工档案表',
  comparison: '信息比对报告',
  exit: '脱困登记表',
} as const;
export type CasePrintForm = keyof typeof CASE_PRINT_FORMS;

/** POST /api/cases/:id/printed — sent when a case form is printed (the browser's `beforeprint`). */
export const casePrintRequestSchema = z
  .object({
    form: z.enum(Object.keys(CASE_PRINT_FORMS) as [CasePrintForm, ...CasePrintForm[]], {
      error: '没有这种打印表格',
    }),
    /** The visit printed (visit form, authorization). */
    visitId: z.string().max(64).optional(),
    /** 打印完整身份证号 was ticked (the office's archive copy). */
    fullIdNumbers: z.boolean(),
  })
  .strict();
export type CasePrintRequest = z.infer<typeof casePrintRequestSchema>;

/** POST /api/cases/notice-list/printed — the 公示名单 of a unit was printed, with how many households. */
export const noticeListPrintRequestSchema = z
  .object({
    unitId: unitIdSchema,
    households: z.number().int().min(0).max(100_000),
  })
  .strict();
export type NoticeListPrintRequest = z.infer<typeof noticeListPrintRequestSchema>;
