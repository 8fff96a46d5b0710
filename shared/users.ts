import { z } from 'zod';
import { ROLE_LABELS, ROLE_UNIT_LEVEL, type Role } from './roles';
import { roleSchema } from './role-schema';
import { UNIT_LEVEL_LABELS, unitIdSchema, unitLevelSchema, unitSchema, type UnitLevel } from './org';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';

/**
 * Contracts of the administration API (用户与组织管理): user accounts as an administrator sees them, the
 * requests that create and change them, and the organisation replies. The server parses every request
 * with these schemas; the client parses every reply with them.
 */

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{2,32}$/, '用户名为 2–32 位字母、数字、下划线、点或连字符');

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `密码至少 ${PASSWORD_MIN_LENGTH} 位`)
  .max(PASSWORD_MAX_LENGTH, `密码不能超过 ${PASSWORD_MAX_LENGTH} 位`);

export const displayNameSchema = z.string().trim().min(1, '请输入姓名').max(40, '姓名不能超过 40 个字');

/** A user account as the administration API returns it; never carries the password hash. */
export const userAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unitId: unitIdSchema,
  unitName: z.string(),
  unitLevel: unitLevelSchema,
  unitPath: z.string(),
  active: z.boolean(),
  /** Signed in with a one-time or demo password: every API but changing it answers 403 until then. */
  mustChangePassword: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type UserAccount = z.infer<typeof userAccountSchema>;

export const createUserRequestSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  unitId: unitIdSchema,
  /**
   * Optional: without one the server issues a one-time password (shown once). Either way the account must
   * choose its own password at its first login (shared/password-policy.ts).
   */
  password: newPasswordSchema.optional(),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .object({
    displayName: displayNameSchema,
    role: roleSchema,
    unitId: unitIdSchema,
    active: z.boolean(),
    password: newPasswordSchema,
  })
  .partial()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), '没有要修改的内容');
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const userReplySchema = z.object({ user: userAccountSchema });
export const userListReplySchema = z.object({ users: z.array(userAccountSchema) });

/** GET /api/units: every unit within the caller's scope, ordered by path (a tree read top-down). */
export const unitListReplySchema = z.object({ units: z.array(unitSchema) });
/** GET /api/units/:id: one unit and its direct children. */
export const unitDetailReplySchema = z.object({ unit: unitSchema, children: z.array(unitSchema) });

/** An account is attached to a unit of exactly the level its role works at (ROLE_UNIT_LEVEL). */
export function roleFitsUnitLevel(role: Role, level: UnitLevel): boolean {
  return ROLE_UNIT_LEVEL[role] === level;
}

export function roleUnitMismatchMessage(role: Role, level: UnitLevel): string {
  return `${ROLE_LABELS[role]}账号只能设在${UNIT_LEVEL_LABELS[ROLE_UNIT_LEVEL[role]]}级单位，所选单位是${UNIT_LEVEL_LABELS[level]}级`;
}
