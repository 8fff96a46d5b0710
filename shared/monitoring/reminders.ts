import { z } from 'zod';

/**
 * 督办提醒: the city reminds a county, or a county a township, that it falls behind (the plan's
 * "定期通报… 对工作滞后的单位进行督促"). The sender writes why; the receiving unit sees it on its home page
 * until someone there acknowledges it. Both steps are in the audit log (docs/dynamic-management.md).
 */

export const REMINDER_MESSAGE_MAX = 500;

export const sendReminderSchema = z.strictObject({
  unitId: z.string({ error: '请选择要提醒的单位' }).trim().min(1, '请选择要提醒的单位').max(64),
  message: z
    .string({ error: '请填写提醒内容' })
    .trim()
    .min(4, '提醒内容至少 4 个字')
    .max(REMINDER_MESSAGE_MAX, `提醒内容不超过 ${REMINDER_MESSAGE_MAX} 字`),
});
export type SendReminder = z.infer<typeof sendReminderSchema>;

export const reminderSchema = z.object({
  id: z.string(),
  toUnitId: z.string(),
  toUnitName: z.string(),
  fromUnitName: z.string(),
  fromUserName: z.string(),
  message: z.string(),
  sentAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
});
export type Reminder = z.infer<typeof reminderSchema>;

export const reminderListReplySchema = z.object({
  /** Sent to the signed-in user's unit, newest first. */
  received: z.array(reminderSchema),
  /** Sent by the signed-in user's unit, newest first. */
  sent: z.array(reminderSchema),
});
export type ReminderListReply = z.infer<typeof reminderListReplySchema>;

export const reminderReplySchema = z.object({ reminder: reminderSchema });
