import { z } from 'zod';
import { unitIdSchema } from '../org';
import { jsonValueSchema } from './canonical-json';
import {
  SYNC_LIMITS,
  changeIdSchema,
  deviceIdSchema,
  fieldNameSchema,
  recordIdSchema,
  revSchema,
  syncedRecordSchema,
} from './protocol';

/** One field's edit: the value the tablet saw before (`from`, null when empty or new) and after (`to`). */
export const fieldChangeSchema = z.object({ from: jsonValueSchema, to: jsonValueSchema });
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const RECORD_OPS = ['upsert', 'delete'] as const;

/**
 * An edit of one record. `type` is any string here: an unknown type is refused per change (so the rest of
 * the batch goes on), not as a malformed request.
 */
export const recordChangeSchema = z.object({
  kind: z.literal('record'),
  changeId: changeIdSchema,
  type: z.string().min(1).max(40),
  id: recordIdSchema,
  op: z.enum(RECORD_OPS),
  unitId: unitIdSchema,
  baseRev: revSchema.nullable(),
  fields: z
    .record(fieldNameSchema, fieldChangeSchema)
    .default({})
    .refine((fields) => Object.keys(fields).length <= SYNC_LIMITS.maxFieldsPerChange, '一次修改的字段过多'),
});
export type RecordChange = z.infer<typeof recordChangeSchema>;

/** A closed-loop command on a case (household); the payload is checked by the command's own rules. */
export const commandChangeSchema = z.object({
  kind: z.literal('command'),
  changeId: changeIdSchema,
  caseId: recordIdSchema,
  command: z.string().min(1).max(60),
  payload: jsonValueSchema.default({}),
});
export type CommandChange = z.infer<typeof commandChangeSchema>;

/** A person's decision on a stored conflict, made offline. */
export const resolveConflictChangeSchema = z.object({
  kind: z.literal('resolveConflict'),
  changeId: changeIdSchema,
  conflictId: recordIdSchema,
  value: jsonValueSchema,
});
export type ResolveConflictChange = z.infer<typeof resolveConflictChangeSchema>;

export const changeSchema = z.discriminatedUnion('kind', [
  recordChangeSchema,
  commandChangeSchema,
  resolveConflictChangeSchema,
]);
export type Change = z.infer<typeof changeSchema>;

/** Versions are read before anything else, so a too-old client gets 426 even if its body shape changed. */
export const versionProbeSchema = z.object({
  protocolVersion: z.number().int(),
  schemaVersion: z.number().int().optional(),
});

export const pushRequestSchema = z.object({
  protocolVersion: z.number().int(),
  schemaVersion: z.number().int(),
  deviceId: deviceIdSchema,
  /** Changes left in the tablet's outbox after this batch, for the township's device overview. */
  pendingCount: z.number().int().min(0).optional(),
  changes: z.array(changeSchema).max(SYNC_LIMITS.maxPushChanges),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const CHANGE_STATUSES = ['applied', 'noop', 'conflict', 'rejected'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export const conflictSummarySchema = z.object({
  conflictId: z.string(),
  field: z.string(),
  baseValue: jsonValueSchema,
  serverValue: jsonValueSchema,
  clientValue: jsonValueSchema,
});
export type ConflictSummary = z.infer<typeof conflictSummarySchema>;

export const changeErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ChangeError = z.infer<typeof changeErrorSchema>;

export const changeResultSchema = z.object({
  changeId: z.string(),
  status: z.enum(CHANGE_STATUSES),
  rev: revSchema.optional(),
  record: syncedRecordSchema.optional(),
  conflicts: z.array(conflictSummarySchema).optional(),
  error: changeErrorSchema.optional(),
});
export type ChangeResult = z.infer<typeof changeResultSchema>;

export const pushReplySchema = z.object({
  results: z.array(changeResultSchema),
  serverSeq: revSchema,
});
export type PushReply = z.infer<typeof pushReplySchema>;
