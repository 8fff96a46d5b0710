import { z } from 'zod';
import { unitIdSchema, unitLevelSchema, unitSchema } from '../org';
import { creditCodeSchema } from '../validation/credit-code';

/** The organisation tree API (/api/units, docs/administration.md "Organisation tree"). */

/** A unit as the administrator's tree shows it. */
export const orgUnitSchema = unitSchema.extend({
  /** GB/T 2260 / GB/T 10114 code; null for enterprise unions (and units created before codes were kept). */
  code: z.string().nullable(),
  /** 统一社会信用代码 of an enterprise union (GB 32100), if known. */
  creditCode: z.string().nullable(),
  active: z.boolean(),
  /** Live households (cases) filed directly at this unit. */
  households: z.number().int().min(0),
  /** Active user accounts of this unit. */
  users: z.number().int().min(0),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export const orgTreeReplySchema = z.object({ units: z.array(orgUnitSchema) });
export type OrgTreeReply = z.infer<typeof orgTreeReplySchema>;

export const orgUnitReplySchema = z.object({ unit: orgUnitSchema });

const nameSchema = z
  .string({ error: '请输入单位名称' })
  .trim()
  .min(1, '请输入单位名称')
  .max(60, '单位名称不能超过 60 个字');
const codeSchema = z
  .string({ error: '编码必须是文字' })
  .trim()
  .regex(/^\d{6,15}$/, '编码应为6到15位数字');

/** The levels the administrator creates (the city is the root, created at installation). */
export const CREATABLE_LEVELS = ['county', 'township', 'grid', 'enterprise'] as const;

export const createUnitRequestSchema = z.object({
  parentId: unitIdSchema,
  level: z.enum(CREATABLE_LEVELS, { error: '请选择单位级别' }),
  name: nameSchema,
  /** Required for county, township and grid; enterprise unions have none. */
  code: codeSchema.optional(),
  creditCode: creditCodeSchema.optional(),
});
export type CreateUnitRequest = z.infer<typeof createUnitRequestSchema>;

/** PATCH /api/units/:id — rename (and, for an enterprise union, set its credit code). */
export const updateUnitRequestSchema = z
  .object({ name: nameSchema.optional(), creditCode: creditCodeSchema.nullable().optional() })
  .refine((v) => v.name !== undefined || v.creditCode !== undefined, '没有要修改的内容');
export type UpdateUnitRequest = z.infer<typeof updateUnitRequestSchema>;

/**
 * POST /api/units/:id/move — hang the unit under another parent. `code`: its new code, required when the
 * old one does not lie under the new parent's (its descendants are renumbered with it).
 */
export const moveUnitRequestSchema = z.object({ parentId: unitIdSchema, code: codeSchema.optional() });
export type MoveUnitRequest = z.infer<typeof moveUnitRequestSchema>;

/**
 * POST /api/units/:id/deactivate — a unit with cases or users names where they go (an active unit of the
 * same level); the moves are recorded transfers.
 */
export const deactivateUnitRequestSchema = z.object({
  targetUnitId: unitIdSchema.nullable().optional(),
  reason: z.string().trim().min(1, '请填写停用原因').max(200, '原因不能超过 200 个字'),
});
export type DeactivateUnitRequest = z.infer<typeof deactivateUnitRequestSchema>;

export const deactivateUnitReplySchema = z.object({
  unit: orgUnitSchema,
  movedHouseholds: z.number().int(),
  movedUsers: z.number().int(),
});
export type DeactivateUnitReply = z.infer<typeof deactivateUnitReplySchema>;

/** POST /api/cases/:id/transfer — a household moves to another unit (e.g. it moved to another grid). */
export const transferCaseRequestSchema = z.object({
  targetUnitId: unitIdSchema,
  reason: z.string().trim().min(1, '请填写转移原因').max(200, '原因不能超过 200 个字'),
});
export type TransferCaseRequest = z.infer<typeof transferCaseRequestSchema>;

export const transferCaseReplySchema = z.object({
  householdId: z.string(),
  fromUnitId: z.string(),
  toUnitId: z.string(),
  toUnitName: z.string(),
  /** Records that moved with the household (members, visits, photos, timeline, comments). */
  movedRecords: z.number().int(),
});
export type TransferCaseReply = z.infer<typeof transferCaseReplySchema>;

/** One row of a unit list import, as previewed (and then applied). */
export const UNIT_IMPORT_ACTIONS = ['create', 'rename', 'unchanged', 'error'] as const;
export const unitImportRowSchema = z.object({
  line: z.number().int(),
  code: z.string(),
  name: z.string(),
  level: unitLevelSchema.nullable(),
  parentCode: z.string(),
  action: z.enum(UNIT_IMPORT_ACTIONS),
  /** zh-CN: why the row cannot be imported, or what a rename changes. */
  message: z.string().nullable(),
});
export type UnitImportRow = z.infer<typeof unitImportRowSchema>;

export const unitImportReplySchema = z.object({
  applied: z.boolean(),
  rows: z.array(unitImportRowSchema),
  /** Problems of the whole file (line 1: the header). */
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  counts: z.object({
    create: z.number().int(),
    rename: z.number().int(),
    unchanged: z.number().int(),
    error: z.number().int(),
  }),
});
export type UnitImportReply = z.infer<typeof unitImportReplySchema>;
