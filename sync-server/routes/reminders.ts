import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { acknowledgeReminder, listReminders, sendReminder } from '../monitoring/reminders';
import { reminderListReplySchema, reminderReplySchema, sendReminderSchema } from '../../shared/monitoring';
import { ROLES } from '../../shared/roles';

/** /api/reminders — 督办提醒 between the city, counties and townships (docs/dynamic-management.md). */
export function remindersRouter({ db }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(db), requireRole(ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff));

  router.get('/', (_req, res) => {
    res.json(reminderListReplySchema.parse(listReminders(db, authOf(res).user)));
  });
  router.post('/', (req, res) => {
    const input = sendReminderSchema.parse(req.body);
    res.status(201).json(reminderReplySchema.parse({ reminder: sendReminder(db, authOf(res).user, input) }));
  });
  router.post('/:id/acknowledge', (req, res) => {
    const reminder = acknowledgeReminder(db, authOf(res).user, String(req.params.id));
    res.json(reminderReplySchema.parse({ reminder }));
  });
  return router;
}
