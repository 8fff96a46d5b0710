import { z } from 'zod';
import { deviceRevocationSchema } from './device-revocation';
import { SCHEMA_VERSION } from '../domain/records';
import { unitIdSchema } from '../org';
import { isJsonObject, isParsedJsonValue, jsonValueSchema, type JsonObject } from './canonical-json';

/**
 * Versions, limits and record shapes of the sync protocol. docs/sync-protocol.md is the prose version of
 * this folder; keep the two in step.
 */

/** The protocol described in docs/sync-protocol.md. */
export const PROTOCOL_VERSION = 1;
/** The oldest protocol version the server still accepts. */
export const MIN_PROTOCOL_VERSION = 1;
/** The oldest record-schema version (`SCHEMA_VERSION` of shared/domain/records.ts) the server accepts. */
export const MIN_CLIENT_SCHEMA_VERSION = 1;
export { SCHEMA_VERSION };

export const SYNC_LIMITS = {
  /** Changes per push request. */
  maxPushChanges: 500,
  /** JSON bytes per push request. */
  maxPushBytes: 1024 * 1024,
  /** Records per pull page. */
  maxPullLimit: 2000,
  defaultPullLimit: 1000,
  /** Bytes per attachment upload chunk. */
  maxChunkBytes: 1024 * 1024,
  /** Bytes per attachment. */
  maxAttachmentBytes: 10 * 1024 * 1024,
  /** Bytes per bundle file. */
  maxBundleBytes: 50 * 1024 * 1024,
  /** Fields per record change. */
  maxFieldsPerChange: 300,
} as const;

/** Record types only the server writes; tablets pull them like any other record. */
export const SERVER_RECORD_TYPES = [
  'conflict',
  'comment',
  'caseEvent',
  'duplicateFinding',
  /** A unit's visit rounds of one year (docs/dynamic-management.md); pulled below the unit too. */
  'roundCalendar',
  /** A household on the monitoring register (docs/dynamic-management.md): due in every visit round. */
  'monitoringEntry',
  /** A county's settings with their history (docs/administration.md); pulled below the county too. */
  'countySettings',
] as const;
export type ServerRecordType = (typeof SERVER_RECORD_TYPES)[number];

/** Record types that belong to a household through `data.householdId` and share its unit. */
export const HOUSEHOLD_CHILD_TYPES = ['member', 'visit', 'attachment'] as const;

/** The pseudo-field of an edit-against-delete conflict; `$` keeps it apart from every real field name. */
export const DELETED_FIELD = '$deleted';

export const FIELD_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const fieldNameSchema = z.string().regex(FIELD_NAME_PATTERN, '字段名格式不正确');

export const recordIdSchema = z.uuid('记录编号必须是 UUID');
export const changeIdSchema = z.uuid('变更编号必须是 UUID');
export const deviceIdSchema = z.uuid('设备编号必须是 UUID');
export const revSchema = z.number().int().min(0);
/** Pull cursors are opaque strings to the client; today they are a rev in decimal. */
export const cursorSchema = z.string().regex(/^\d{1,15}$/, '同步游标格式不正确');

/** A record as the server hands it out (pull pages and push results). */
export const syncedRecordSchema = z.object({
  type: z.string().min(1).max(40),
  id: z.string().min(1).max(64),
  unitId: unitIdSchema,
  rev: revSchema,
  deleted: z.boolean(),
  data: z.record(z.string(), jsonValueSchema),
  updatedAt: z.iso.datetime(),
});
export type SyncedRecord = z.infer<typeof syncedRecordSchema>;

export const CONFLICT_STATUSES = ['open', 'resolved'] as const;

/** `data` of a record of type `conflict`. */
export const conflictDataSchema = z.object({
  recordType: z.string(),
  recordId: z.string(),
  householdId: z.string().nullable(),
  field: z.string(),
  baseValue: jsonValueSchema,
  serverValue: jsonValueSchema,
  clientValue: jsonValueSchema,
  clientUserId: z.string(),
  clientUserName: z.string(),
  deviceId: z.string().nullable(),
  changeId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  status: z.enum(CONFLICT_STATUSES),
  resolution: jsonValueSchema.optional(),
  resolvedBy: z.string().optional(),
  resolvedByName: z.string().optional(),
  resolvedAt: z.iso.datetime().optional(),
});
export type ConflictData = z.infer<typeof conflictDataSchema>;

export const pullQuerySchema = z.object({
  since: cursorSchema.default('0'),
  limit: z.coerce.number().int().min(1).max(SYNC_LIMITS.maxPullLimit).default(SYNC_LIMITS.defaultPullLimit),
  deviceId: deviceIdSchema.optional(),
  /** '1': leave out versions `deviceId` received in the answers to its own pushes (docs, section 5). */
  omitOwnPushes: z.enum(['0', '1']).optional(),
  protocolVersion: z.coerce.number().int().optional(),
  schemaVersion: z.coerce.number().int().optional(),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const pullReplySchema = z.object({
  records: z.array(syncedRecordSchema),
  cursor: cursorSchema,
  hasMore: z.boolean(),
});
export type PullReply = z.infer<typeof pullReplySchema>;

/**
 * `pullReplySchema` for a body that `JSON.parse` produced: the same shape and checks, but each record's
 * `data` is accepted by a plain walk (`isParsedJsonValue`) instead of zod's union per value, most of the
 * cost of checking a page on the tablet. What it accepts, `pullReplySchema` accepts with an equal result;
 * a reply it refuses goes through `pullReplySchema` for the error.
 */
export const parsedPullReplySchema = pullReplySchema.extend({
  records: z.array(
    syncedRecordSchema.extend({
      data: z.custom<JsonObject>((value) => isJsonObject(value) && isParsedJsonValue(value)),
    }),
  ),
});

export const resolveConflictRequestSchema = z.object({
  value: jsonValueSchema,
  deviceId: deviceIdSchema.optional(),
});
export const resolveConflictReplySchema = z.object({
  conflict: syncedRecordSchema,
  record: syncedRecordSchema,
});

export const conflictListQuerySchema = z.object({
  status: z.enum(['open', 'resolved', 'all']).default('open'),
  householdId: z.string().min(1).max(64).optional(),
});
export const conflictListReplySchema = z.object({ conflicts: z.array(syncedRecordSchema) });

export const deviceKeyRequestSchema = z.object({ deviceId: deviceIdSchema });
export const deviceKeyReplySchema = z.object({ deviceId: deviceIdSchema, secret: z.string().min(32) });

export const deviceStatusSchema = z.object({
  deviceId: z.string(),
  lastPushAt: z.iso.datetime().nullable(),
  lastPullAt: z.iso.datetime().nullable(),
  lastBundleAt: z.iso.datetime().nullable(),
  /** Changes the tablet said were still in its outbox after its last push. */
  pendingCount: z.number().int().min(0).nullable(),
  pendingReportedAt: z.iso.datetime().nullable(),
  /** The name the worker gave the tablet, and a summary of its browser (e.g. "Android 13 · Chrome 131"). */
  label: z.string().nullable().optional(),
  userAgent: z.string().nullable().optional(),
  /** Set once the device is revoked (docs/administration.md). */
  revocation: deviceRevocationSchema.nullable().optional(),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

export const deviceWorkerSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  devices: z.array(deviceStatusSchema),
});
export const devicesReplySchema = z.object({ workers: z.array(deviceWorkerSchema) });
export type DevicesReply = z.infer<typeof devicesReplySchema>;
export const myDevicesReplySchema = z.object({ devices: z.array(deviceStatusSchema) });

/** The server's bounds, sent with a 426 so the client can say what to update. */
export const versionBoundsSchema = z.object({
  minProtocolVersion: z.number().int(),
  protocolVersion: z.number().int(),
  minSchemaVersion: z.number().int(),
  schemaVersion: z.number().int(),
});

export type VersionVerdict = 'ok' | 'client_too_old' | 'server_too_old';

/** Whether a client speaking these versions may sync with this build. */
export function checkVersions(protocolVersion: number, schemaVersion: number | undefined): VersionVerdict {
  if (protocolVersion < MIN_PROTOCOL_VERSION) return 'client_too_old';
  if (schemaVersion !== undefined && schemaVersion < MIN_CLIENT_SCHEMA_VERSION) return 'client_too_old';
  if (protocolVersion > PROTOCOL_VERSION) return 'server_too_old';
  if (schemaVersion !== undefined && schemaVersion > SCHEMA_VERSION) return 'server_too_old';
  return 'ok';
}
