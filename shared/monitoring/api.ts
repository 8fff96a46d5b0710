import { z } from 'zod';
import { dateSchema } from '../validation/dates';
import { registerReasonSchema, warningActionSchema, warningRuleSchema } from './rules';
import { countySettingKeySchema } from './settings';

/** Request and reply shapes of /api/monitoring (docs/dynamic-management.md), parsed on both sides. */

const noteSchema = z.string().trim().max(500, '说明不能超过500字');
const reasonSchema = z.string().trim().min(2, '请填写理由（至少2个字）').max(500, '理由不能超过500字');

export const WARNING_STATUSES = ['open', 'acknowledged', 'acted'] as const;
export const warningStatusSchema = z.enum(WARNING_STATUSES);
export type WarningStatus = z.infer<typeof warningStatusSchema>;
export const WARNING_STATUS_LABELS: Record<WarningStatus, string> = {
  open: '待处理',
  acknowledged: '已知悉',
  acted: '已处理',
};

export const warningSchema = z.strictObject({
  id: z.string(),
  householdId: z.string(),
  headName: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  ownerUnitId: z.string(),
  ownerUnitName: z.string(),
  rule: warningRuleSchema,
  reason: z.string(),
  status: warningStatusSchema,
  raisedAt: z.string(),
  handledAt: z.string().nullable(),
  handledByName: z.string().nullable(),
  action: warningActionSchema.nullable(),
  note: z.string().nullable(),
});
export type Warning = z.infer<typeof warningSchema>;

export const warningListQuerySchema = z.strictObject({
  status: warningStatusSchema.default('open'),
  rule: warningRuleSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const warningListReplySchema = z.strictObject({ warnings: z.array(warningSchema), total: z.int() });
export type WarningListReply = z.infer<typeof warningListReplySchema>;

export const acknowledgeWarningSchema = z.strictObject({ note: noteSchema.default('') });
export const actOnWarningSchema = z.strictObject({
  action: warningActionSchema,
  note: noteSchema.default(''),
});

export const registerEntrySchema = z.strictObject({
  id: z.string(),
  householdId: z.string(),
  headName: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  stage: z.string().nullable(),
  reasons: z.array(z.strictObject({ reason: registerReasonSchema, note: z.string(), on: z.string() })),
  addedAt: z.string(),
  addedByName: z.string().nullable(),
  removedAt: z.string().nullable(),
  removedByName: z.string().nullable(),
  removalReason: z.string().nullable(),
});
export type RegisterEntry = z.infer<typeof registerEntrySchema>;

export const registerListQuerySchema = z.strictObject({
  active: z.enum(['true', 'false']).default('true'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const registerListReplySchema = z.strictObject({
  entries: z.array(registerEntrySchema),
  total: z.int(),
});
export type RegisterListReply = z.infer<typeof registerListReplySchema>;

export const addToRegisterSchema = z.strictObject({ householdId: z.string().min(1), reason: reasonSchema });
export const removeFromRegisterSchema = z.strictObject({ reason: reasonSchema });

export const countySettingsQuerySchema = z.strictObject({
  countyId: z
    .string()
    .regex(/^\d{6}$/, '县级单位编码应为6位数字')
    .optional(),
  on: dateSchema.optional(),
});

/** GET/PUT /api/monitoring/settings: one county's settings in force on `on`, and every write. */
export const countySettingsReplySchema = z.strictObject({
  countyId: z.string(),
  countyName: z.string(),
  /** The day resolved (default: the server's today, China time). */
  on: z.string(),
  /** The server's today (China time): values effective after it are upcoming. */
  today: z.string(),
  /** The counties the caller may read and edit (county staff: its own; city staff: all below). */
  counties: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  effective: z.record(z.string(), z.unknown()),
  /** Every write, in the order written (the later of two writes of one key and date is in force). */
  history: z.array(
    z.strictObject({
      key: countySettingKeySchema,
      value: z.unknown(),
      effectiveFrom: z.string(),
      setByName: z.string().nullable(),
      setAt: z.string(),
    }),
  ),
});
export type CountySettingsReply = z.infer<typeof countySettingsReplySchema>;
