import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './password-policy';
import { deviceStatusSchema } from './sync/protocol';
import { userAccountSchema } from './users';

/**
 * Contracts of account administration beyond create and change (shared/users.ts): the list with devices,
 * one account in detail, password resets, the CSV import, and changing one's own password.
 */

/** GET /api/users: each account with a summary of the tablets it synced from. */
export const accountListItemSchema = userAccountSchema.extend({
  deviceCount: z.number().int().nonnegative(),
  /** The latest push, pull or imported file of any of its devices. */
  lastSyncAt: z.iso.datetime().nullable(),
});
export type AccountListItem = z.infer<typeof accountListItemSchema>;
export const accountListReplySchema = z.object({ users: z.array(accountListItemSchema) });

/** GET /api/users/:id: the account and each of its devices. */
export const accountDetailReplySchema = z.object({
  user: userAccountSchema,
  devices: z.array(deviceStatusSchema),
});
export type AccountDetailReply = z.infer<typeof accountDetailReplySchema>;

/**
 * POST /api/users (201) and POST /api/users/:id/reset-password: the account and, when the server chose the
 * password, the one-time password. It is shown to the administrator this once and never stored in clear.
 */
export const oneTimePasswordReplySchema = z.object({
  user: userAccountSchema,
  oneTimePassword: z.string().nullable(),
});
export type OneTimePasswordReply = z.infer<typeof oneTimePasswordReplySchema>;

/** POST /api/auth/password: anyone signed in, with the current password. */
export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(PASSWORD_MAX_LENGTH),
  newPassword: z
    .string()
    .min(1, '请输入新密码')
    .max(PASSWORD_MAX_LENGTH, `密码不能超过 ${PASSWORD_MAX_LENGTH} 位`),
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

// ------------------------------------------------------------------------------------------- CSV import

/** One row of an account CSV as the server judged it; `problems` empty means it can be created. */
export const accountImportRowSchema = z.object({
  line: z.number().int().positive(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  unitId: z.string(),
  unitName: z.string().nullable(),
  problems: z.array(z.string()),
});
export type AccountImportRow = z.infer<typeof accountImportRowSchema>;

/** POST /api/users/import/preview: every row with its problems; nothing is written. */
export const accountImportPreviewSchema = z.object({
  rows: z.array(accountImportRowSchema),
  /** Problems of the file as a whole (header, size), zh-CN. */
  fileErrors: z.array(z.string()),
  /** True when the file can be applied as it is: no file error, no row problem, at least one row. */
  ready: z.boolean(),
});
export type AccountImportPreview = z.infer<typeof accountImportPreviewSchema>;

/** POST /api/users/import: all rows created in one transaction, each with its one-time password. */
export const accountImportReplySchema = z.object({
  created: z.array(
    z.object({ line: z.number().int().positive(), user: userAccountSchema, oneTimePassword: z.string() }),
  ),
});
export type AccountImportReply = z.infer<typeof accountImportReplySchema>;
