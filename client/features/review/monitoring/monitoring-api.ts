import { z } from 'zod';
import {
  dataMonitoringReplySchema,
  registerEntrySchema,
  registerListReplySchema,
  reminderListReplySchema,
  reminderReplySchema,
  warningListReplySchema,
  warningSchema,
  type DataMonitoringReply,
  type RegisterListReply,
  type ReminderListReply,
  type WarningAction,
  type WarningListReply,
  type WarningStatus,
} from '../../../../shared/monitoring';
import { get, post } from '../api/review-api';

/** /api/monitoring for the office screens (docs/dynamic-management.md). */

export function listWarnings(status: WarningStatus): Promise<WarningListReply> {
  return get(`/api/monitoring/warnings?status=${status}`, warningListReplySchema);
}

const warningReply = z.object({ warning: warningSchema });

export function acknowledgeWarning(id: string, note: string) {
  return post(`/api/monitoring/warnings/${encodeURIComponent(id)}/acknowledge`, warningReply, { note });
}

export function actOnWarning(id: string, action: WarningAction, note: string) {
  return post(`/api/monitoring/warnings/${encodeURIComponent(id)}/act`, warningReply, { action, note });
}

export function listRegister(active: boolean): Promise<RegisterListReply> {
  return get(`/api/monitoring/register?active=${String(active)}`, registerListReplySchema);
}

const entryReply = z.object({ entry: registerEntrySchema });

export function addToRegister(householdId: string, reason: string) {
  return post('/api/monitoring/register', entryReply, { householdId, reason });
}

export function removeFromRegister(id: string, reason: string) {
  return post(`/api/monitoring/register/${encodeURIComponent(id)}/remove`, entryReply, { reason });
}

export function getDataMonitoring(year: number): Promise<DataMonitoringReply> {
  return get(`/api/monitoring/data?year=${year}`, dataMonitoringReplySchema);
}

export function listReminders(): Promise<ReminderListReply> {
  return get('/api/reminders', reminderListReplySchema);
}

export function sendReminder(unitId: string, message: string) {
  return post('/api/reminders', reminderReplySchema, { unitId, message });
}

export function acknowledgeReminder(id: string) {
  return post(`/api/reminders/${encodeURIComponent(id)}/acknowledge`, reminderReplySchema, {});
}
