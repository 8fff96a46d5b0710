import { z } from 'zod';
import { roleSchema } from './role-schema';
import { unitIdSchema, unitLevelSchema } from './org';

/** The signed-in user as the server describes it (login and whoami replies). */
export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  unitId: unitIdSchema,
  unitName: z.string(),
  unitLevel: unitLevelSchema,
  unitPath: z.string(),
  /**
   * Signed in with a one-time or demo password: until a new one is chosen (POST /api/auth/password) every
   * other API answers 403 `password_change_required`. Absent (sessions stored by older app versions): false.
   */
  mustChangePassword: z.boolean().optional(),
});
export type SessionUserInfo = z.infer<typeof sessionUserSchema>;

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
  /** The tablet's stable device id (UUID), so the server can tell devices apart in sync status. */
  deviceId: z.uuid().optional(),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginReplySchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime(),
  user: sessionUserSchema,
});
export type LoginReply = z.infer<typeof loginReplySchema>;

export const whoamiReplySchema = z.object({ user: sessionUserSchema });

/** The error body every API failure carries. */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
