import { z } from 'zod';
import { roleSchema } from '../role-schema';
import { loopStageSchema } from '../loop/stages';
import { jsonValueSchema } from '../sync/canonical-json';

/**
 * Data of the server-authored records the closed loop writes (`SERVER_RECORD_TYPES` in
 * shared/sync/protocol.ts). Tablets pull them like any other record, with the household's unit, so the grid
 * worker's tablet sees its cases' timeline, the reviewers' comments and the "已发放" notice.
 */

/** Who took a step, as the timeline and comments show it. */
export const caseActorSchema = z.object({
  actorId: z.string(),
  actorName: z.string(),
  actorRole: roleSchema,
  actorUnitId: z.string(),
  actorUnitName: z.string(),
});
export type CaseActor = z.infer<typeof caseActorSchema>;

/** `data` of a record of type `caseEvent`: one accepted step on a case's timeline (办理记录). */
export const caseEventDataSchema = caseActorSchema.extend({
  householdId: z.string(),
  command: z.string(),
  /** zh-CN name of the step (`LOOP_COMMAND_LABELS`). */
  commandLabel: z.string(),
  /** null for the step that opened the case. */
  fromStage: loopStageSchema.nullable(),
  toStage: loopStageSchema,
  /** zh-CN one-liner written by the state machine. */
  summary: z.string(),
  /** What the step recorded, as parsed by the machine (defaults filled in). */
  payload: jsonValueSchema,
  cycle: z.number().int().min(1),
  /** ISO timestamp of the step (the server's clock). */
  at: z.iso.datetime({ offset: true }),
  /** 'rest' for the review API, 'sync' for a tablet's pushed command, 'csv_import' for comparison imports. */
  via: z.enum(['rest', 'sync', 'csv_import']),
});
export type CaseEventData = z.infer<typeof caseEventDataSchema>;

/** What a comment tells its reader. */
export const COMMENT_KINDS = ['returned', 'disbursed'] as const;
export const commentKindSchema = z.enum(COMMENT_KINDS);
export type CommentKind = z.infer<typeof commentKindSchema>;

/**
 * `data` of a record of type `comment`: a message to the household's grid worker. `returned`: the county
 * (退回补正) or the township (退回网格员补正) returned the case, with the comments and what to fix.
 * `disbursed`: the assistance was paid (已发放), so the worker can tell the household.
 */
export const caseCommentDataSchema = caseActorSchema.extend({
  householdId: z.string(),
  kind: commentKindSchema,
  /** zh-CN headline, e.g. "退回补正" or "已发放". */
  title: z.string(),
  /** zh-CN text: the reviewer's comments, or the disbursement sentence. Plain text, never HTML. */
  body: z.string(),
  /** Items to fix (returned) — empty for other kinds. */
  items: z.array(z.string()),
  /** The caseEvent record this comment belongs to. */
  eventId: z.string(),
  command: z.string(),
  cycle: z.number().int().min(1),
  at: z.iso.datetime({ offset: true }),
  /** Disbursement facts (kind `disbursed`), null otherwise. */
  amountFen: z.number().int().min(0).nullable(),
  paidOn: z.string().nullable(),
  /** `**** **** **** 1234` — never the full number. */
  bankCardMasked: z.string().nullable(),
});
export type CaseCommentData = z.infer<typeof caseCommentDataSchema>;
