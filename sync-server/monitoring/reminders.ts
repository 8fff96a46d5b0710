import type { Db } from '../db/database';
import { appendAudit } from '../audit/audit';
import type { SessionUser } from '../auth/sessions';
import { HttpError } from '../http/errors';
import { getUnit } from '../org/units';
import { stmt } from '../sync/statements';
import { isWithinScope } from '../../shared/org';
import { ROLES } from '../../shared/roles';
import { newId } from '../../shared/sync/ids';
import type { Reminder, ReminderListReply, SendReminder } from '../../shared/monitoring';

/**
 * 督办提醒 (shared/monitoring/reminders.ts): the city reminds a county, a county one of its townships. The
 * sender may only remind a unit below its own, of the next level down; the receiving unit's staff
 * acknowledge. Every send and acknowledgement is audited.
 */

/** Which level a role's unit may remind: the next one down the ladder the data monitoring screen shows. */
const REMINDS: Partial<Record<SessionUser['role'], string>> = {
  [ROLES.cityStaff]: 'county',
  [ROLES.countyStaff]: 'township',
};

interface ReminderRow {
  id: string;
  toUnitId: string;
  toUnitName: string;
  fromUnitName: string;
  fromUserName: string;
  message: string;
  sentAt: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
}

const SELECT = `SELECT r.id, r.to_unit_id AS toUnitId, tu.name AS toUnitName, fu.name AS fromUnitName,
       su.display_name AS fromUserName, r.message, r.sent_at AS sentAt, r.acknowledged_at AS acknowledgedAt,
       au.display_name AS acknowledgedByName
  FROM work_reminders r
  JOIN units tu ON tu.id = r.to_unit_id
  JOIN units fu ON fu.id = r.from_unit_id
  JOIN users su ON su.id = r.from_user_id
  LEFT JOIN users au ON au.id = r.acknowledged_by`;

/** The newest reminders a list shows; older ones stay in the table and the audit log. */
const LIST_LIMIT = 100;

function reminderById(db: Db, id: string): Reminder | null {
  return (stmt(db, `${SELECT} WHERE r.id = ?`).get(id) as ReminderRow | undefined) ?? null;
}

export function sendReminder(db: Db, user: SessionUser, input: SendReminder): Reminder {
  const level = REMINDS[user.role];
  if (!level) throw new HttpError(403, 'forbidden', '只有市总和县总可以发送督办提醒');
  const unit = getUnit(db, input.unitId);
  if (!unit || !isWithinScope(unit.path, user.unitPath) || unit.id === user.unitId) {
    throw new HttpError(404, 'unit_not_found', '没有这个单位，或不在您的管辖范围内');
  }
  if (unit.level !== level) {
    throw new HttpError(
      400,
      'invalid_reminder_unit',
      user.role === ROLES.cityStaff
        ? '市总只能向县（区）总工会发送督办提醒'
        : '县总只能向乡镇（街道）发送督办提醒',
    );
  }
  const id = newId();
  const sentAt = new Date().toISOString();
  db.transaction(() => {
    stmt(
      db,
      `INSERT INTO work_reminders (id, from_unit_id, from_user_id, to_unit_id, message, sent_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(id, user.unitId, user.id, unit.id, input.message, sentAt);
    appendAudit(db, {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      action: 'reminder.send',
      entityType: 'reminder',
      entityId: id,
      detail: { toUnitId: unit.id, toUnitName: unit.name, message: input.message },
    });
  })();
  const reminder = reminderById(db, id);
  if (!reminder) throw new Error('reminder vanished after insert');
  return reminder;
}

export function listReminders(db: Db, user: SessionUser): ReminderListReply {
  const received = stmt(db, `${SELECT} WHERE r.to_unit_id = ? ORDER BY r.sent_at DESC LIMIT ?`).all(
    user.unitId,
    LIST_LIMIT,
  ) as ReminderRow[];
  const sent = stmt(db, `${SELECT} WHERE r.from_unit_id = ? ORDER BY r.sent_at DESC LIMIT ?`).all(
    user.unitId,
    LIST_LIMIT,
  ) as ReminderRow[];
  return { received, sent };
}

/** The receiving unit's staff mark a reminder as read (知悉); a second acknowledgement changes nothing. */
export function acknowledgeReminder(db: Db, user: SessionUser, id: string): Reminder {
  const reminder = reminderById(db, id);
  if (!reminder || reminder.toUnitId !== user.unitId) {
    throw new HttpError(404, 'reminder_not_found', '没有这条督办提醒');
  }
  if (reminder.acknowledgedAt) return reminder;
  db.transaction(() => {
    stmt(db, 'UPDATE work_reminders SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?').run(
      new Date().toISOString(),
      user.id,
      id,
    );
    appendAudit(db, {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      action: 'reminder.acknowledge',
      entityType: 'reminder',
      entityId: id,
      detail: { fromUnitName: reminder.fromUnitName },
    });
  })();
  return reminderById(db, id) ?? reminder;
}
