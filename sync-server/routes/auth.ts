import { Router } from 'express';
import type { AppContext } from '../app';
import { appendAudit, auditActor } from '../audit/audit';
import { login } from '../auth/login';
import { authOf, requireAuth } from '../auth/middleware';
import { deleteSession } from '../auth/sessions';
import { deviceRevokedError } from '../sync/device-revocation';
import { changeOwnPassword } from '../auth/user-passwords';
import { changePasswordRequestSchema } from '../../shared/accounts';
import { loginReplySchema, loginRequestSchema, whoamiReplySchema } from '../../shared/auth';

/** /api/auth: login, logout, whoami, and changing one's own password. */
export function authRouter({ db, config }: AppContext): Router {
  const router = Router();
  // The only routes a session whose password must be changed may use (auth/middleware.ts).
  const signedIn = requireAuth(db, { allowPendingPasswordChange: true });

  router.post('/login', async (req, res) => {
    const body = loginRequestSchema.parse(req.body);
    // A revoked tablet learns it here too (before any password check: whoever holds it should see it wipe).
    const revoked = body.deviceId ? deviceRevokedError(db, body.deviceId) : null;
    if (revoked) throw revoked;
    const result = await login(db, { ...body, address: req.ip ?? 'unknown' }, config.sessionTtlHours);
    res.json(loginReplySchema.parse(result));
  });

  router.post('/logout', signedIn, (_req, res) => {
    const auth = authOf(res);
    db.transaction(() => {
      deleteSession(db, auth.tokenHash);
      appendAudit(db, {
        ...auditActor(auth),
        action: 'auth.logout',
        entityType: 'user',
        entityId: auth.user.id,
        detail: { deviceId: auth.deviceId },
      });
    })();
    res.status(204).end();
  });

  router.get('/whoami', signedIn, (_req, res) => {
    res.json(whoamiReplySchema.parse({ user: authOf(res).user }));
  });

  router.post('/password', signedIn, async (req, res) => {
    const auth = authOf(res);
    await changeOwnPassword(db, auth, changePasswordRequestSchema.parse(req.body), req.ip ?? 'unknown');
    const user = { ...auth.user, mustChangePassword: false };
    res.json(whoamiReplySchema.parse({ user }));
  });

  return router;
}
