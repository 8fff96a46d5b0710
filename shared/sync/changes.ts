import { z } from 'zod';
import { unitIdSchema } from '../org';
import { jsonValueSchema, parsedJsonValueSchema, type JsonValue } from './canonical-json';
import {
  SYNC_LIMITS,
  changeIdSchema,
  deviceIdSchema,
  fieldNameSchema,
  recordIdSchema,
  revSchema,
  syncedRecordSchema,
} from './protocol';

/**
 * The change and push-request schemas, built around one schema for the JSON values they carry. The
 * exported schemas use `jsonValueSchema`; the server also builds them around `parsedJsonValueSchema`
 * (`parsedPushRequestSchema` below) for bodies that `JSON.parse` produced.
 */
function changeSchemas(json: z.ZodType<JsonValue>) {
  /** One field's edit: the value the tablet saw before (`from`, null when empty or new) and after (`to`). */
  const fieldChange = z.object({ from: json, to: json });

  /**
   * An edit of one record. `type` is any string here: an unknown type is refused per change (so the rest
   * of the batch goes on), not as a malformed request.
   */
  const recordChange = z.object({
    kind: z.literal('record'),
    changeId: changeIdSchema,
    type: z.string().min(1).max(40),
    id: recordIdSchema,
    op: z.enum(RECORD_OPS),
    unitId: unitIdSchema,
    baseRev: revSchema.nullable(),
    fields: z
      .record(fieldNameSchema, fieldChange)
      .default({})
      .refine((fields) => Object.keys(fields).length <= SYNC_LIMITS.maxFieldsPerChange, '一次修改的字段过多'),
  });

  /** A closed-loop command on a case (household); the payload is checked by the command's own rules. */
  const commandChange = z.object({
    kind: z.literal('command'),
    changeId: changeIdSchema,
    caseId: recordIdSchema,
    command: z.string().min(1).max(60),
    payload: json.default({}),
  });

  /** A person's decision on a stored conflict, made offline. */
  const resolveConflictChange = z.object({
    kind: z.literal('resolveConflict'),
    changeId: changeIdSchema,
    conflictId: recordIdSchema,
    value: json,
  });

  const change = z.discriminatedUnion('kind', [recordChange, commandChange, resolveConflictChange]);

  const pushRequest = z.object({
    protocolVersion: z.number().int(),
    schemaVersion: z.number().int(),
    deviceId: deviceIdSchema,
    /** Changes left in the tablet's outbox after this batch, for the township's device overview. */
    pendingCount: z.number().int().min(0).optional(),
    changes: z.array(change).max(SYNC_LIMITS.maxPushChanges),
  });

  return { fieldChange, recordChange, commandChange, resolveConflictChange, change, pushRequest };
}

export const RECORD_OPS = ['upsert', 'delete'] as const;

const schemas = changeSchemas(jsonValueSchema);

export const fieldChangeSchema = schemas.fieldChange;
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const recordChangeSchema = schemas.recordChange;
export type RecordChange = z.infer<typeof recordChangeSchema>;

export const commandChangeSchema = schemas.commandChange;
export type CommandChange = z.infer<typeof commandChangeSchema>;

export const resolveConflictChangeSchema = schemas.resolveConflictChange;
export type ResolveConflictChange = z.infer<typeof resolveConflictChangeSchema>;

export const changeSchema = schemas.change;
export type Change = z.infer<typeof changeSchema>;

/** Versions are read before anything else, so a too-old client gets 426 even if its body shape changed. */
export const versionProbeSchema = z.object({
  protocolVersion: z.number().int(),
  schemaVersion: z.number().int().optional(),
});

export const pushRequestSchema = schemas.pushRequest;
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * `pushRequestSchema` for a body that `JSON.parse` produced: the same shape and checks, but each JSON
 * value is accepted by a plain walk (`isParsedJsonValue`) instead of zod's per-value union, which costs
 * several times more than everything else in a push body. What it accepts, `pushRequestSchema` accepts
 * with an equal result; anything it refuses must go through `pushRequestSchema` for the error.
 */
export const parsedPushRequestSchema = changeSchemas(parsedJsonValueSchema).pushRequest;

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
