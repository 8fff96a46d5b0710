import { Router } from 'express';
import type { AppContext } from '../app';
import { auditActor } from '../audit/audit';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { createUser, listUsers, updateUser } from '../auth/users';
import { ROLES } from '../../shared/roles';
import {
  createUserRequestSchema,
  updateUserRequestSchema,
  userListReplySchema,
  userReplySchema,
} from '../../shared/users';

/** /api/users: account administration, administrators only, within their own unit's scope. */
export function usersRouter({ db }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(db), requireRole(ROLES.admin));

  router.get('/', (_req, res) => {
    const { user } = authOf(res);
    res.json(userListReplySchema.parse({ users: listUsers(db, user.unitPath) }));
  });

  router.post('/', async (req, res) => {
    const auth = authOf(res);
    const input = createUserRequestSchema.parse(req.body);
    const user = await createUser(db, input, auditActor(auth), auth.user.unitPath);
    res.status(201).json(userReplySchema.parse({ user }));
  });

  router.patch('/:id', async (req, res) => {
    const auth = authOf(res);
    const patch = updateUserRequestSchema.parse(req.body);
    const user = await updateUser(db, req.params.id, patch, auditActor(auth), auth.user.unitPath);
    res.json(userReplySchema.parse({ user }));
  });

  return router;
}
