import express, { Router, type Request } from 'express';
import type { AppContext } from '../app';
import { auditActor } from '../audit/audit';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { applyAccountImport, previewAccountImport } from '../auth/user-import';
import { resetPassword } from '../auth/user-passwords';
import { createUser, getUser, listAccounts, updateUser } from '../auth/users';
import { decodeCsv } from '../http/csv-body';
import { HttpError } from '../http/errors';
import { devicesOf } from '../sync/devices';
import {
  accountDetailReplySchema,
  accountImportPreviewSchema,
  accountImportReplySchema,
  accountListReplySchema,
  oneTimePasswordReplySchema,
} from '../../shared/accounts';
import { ACCOUNT_CSV_TEMPLATE_HEADER } from '../../shared/account-csv';
import { isWithinScope } from '../../shared/org';
import { ROLES } from '../../shared/roles';
import { createUserRequestSchema, updateUserRequestSchema, userReplySchema } from '../../shared/users';

const CSV_LIMIT_BYTES = 1024 * 1024;

function csvText(req: Request): string {
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new HttpError(
      400,
      'invalid_request',
      `请上传账号 CSV 文件（表头：${ACCOUNT_CSV_TEMPLATE_HEADER}）`,
    );
  }
  return decodeCsv(body, req.get('content-type'));
}

/**
 * /api/users: account administration, administrators only, within their own unit's scope
 * (docs/administration.md, "Accounts").
 */
export function usersRouter({ db }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(db), requireRole(ROLES.admin));
  const csvBody = express.raw({ type: () => true, limit: CSV_LIMIT_BYTES });

  router.get('/', (_req, res) => {
    const { user } = authOf(res);
    res.json(accountListReplySchema.parse({ users: listAccounts(db, user.unitPath) }));
  });

  router.post('/', async (req, res) => {
    const auth = authOf(res);
    const input = createUserRequestSchema.parse(req.body);
    const created = await createUser(db, input, auditActor(auth), auth.user.unitPath);
    res.status(201).json(oneTimePasswordReplySchema.parse(created));
  });

  router.post('/import/preview', csvBody, (req, res) => {
    const { user } = authOf(res);
    res.json(accountImportPreviewSchema.parse(previewAccountImport(db, csvText(req), user.unitPath)));
  });

  router.post('/import', csvBody, async (req, res) => {
    const auth = authOf(res);
    const reply = await applyAccountImport(db, csvText(req), auditActor(auth), auth.user.unitPath);
    res.status(201).json(accountImportReplySchema.parse(reply));
  });

  router.get('/:id', (req, res) => {
    const { user: admin } = authOf(res);
    const user = getUser(db, req.params.id);
    if (!user) throw new HttpError(404, 'user_not_found', '没有这个账号');
    if (!isWithinScope(user.unitPath, admin.unitPath)) {
      throw new HttpError(403, 'out_of_scope', '无权管理其他单位的账号');
    }
    res.json(accountDetailReplySchema.parse({ user, devices: devicesOf(db, user.id) }));
  });

  router.patch('/:id', async (req, res) => {
    const auth = authOf(res);
    const patch = updateUserRequestSchema.parse(req.body);
    const user = await updateUser(db, req.params.id, patch, auditActor(auth), auth.user.unitPath);
    res.json(userReplySchema.parse({ user }));
  });

  router.post('/:id/reset-password', async (req, res) => {
    const auth = authOf(res);
    const reply = await resetPassword(db, req.params.id, auditActor(auth), auth.user.unitPath);
    res.json(oneTimePasswordReplySchema.parse(reply));
  });

  return router;
}
