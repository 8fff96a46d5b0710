import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { HttpError } from '../http/errors';
import { versionProbeSchema, type PushReply } from '../../shared/sync/changes';
import { SYNC_ERROR_MESSAGES } from '../../shared/sync/errors';
import {
  SYNC_LIMITS,
  conflictListQuerySchema,
  pullQuerySchema,
  resolveConflictRequestSchema,
  type PullReply,
} from '../../shared/sync/protocol';
import { PULL_ROLES, WRITE_ROLES } from '../sync/actor';
import { listConflicts, resolveConflict } from '../sync/conflicts';
import { recordPull, recordPush } from '../sync/devices';
import { userAgentSummary } from '../sync/user-agent';
import { SMALL_BODY_BYTES, assertVersions, jsonBody, rejectionToHttp } from '../sync/http';
import { pullPage } from '../sync/pull-service';
import { applyChanges } from '../sync/push-service';
import { parsePushRequest } from '../sync/push-request';
import { ChangeRejection } from '../sync/rejection';
import { redactRecord } from '../sync/redaction';
import { toSyncedRecord } from '../sync/store';

/**
 * /api/sync: push, pull and conflict resolution (docs/sync-protocol.md). Mounted before the API's
 * general 100 kB JSON parser so that push can take up to 1 MB.
 */
export function syncRouter({ db }: AppContext): Router {
  const router = Router();

  router.post(
    '/push',
    requireAuth(db, { finalPush: true }),
    jsonBody(SYNC_LIMITS.maxPushBytes, 'push_too_large'),
    (req, res) => {
      const auth = authOf(res);
      // Versions first: an old client may send a body shape this server no longer parses.
      const probe = versionProbeSchema.safeParse(req.body);
      if (probe.success) assertVersions(probe.data.protocolVersion, probe.data.schemaVersion);
      const changes: unknown = (req.body as { changes?: unknown } | undefined)?.changes;
      if (Array.isArray(changes) && changes.length > SYNC_LIMITS.maxPushChanges) {
        throw new HttpError(413, 'too_many_changes', SYNC_ERROR_MESSAGES.too_many_changes, {
          max: SYNC_LIMITS.maxPushChanges,
          received: changes.length,
        });
      }
      const body = parsePushRequest(req.body);
      const outcome = db.transaction(() => {
        const result = applyChanges(db, body.changes, {
          actor: auth.user,
          deviceId: body.deviceId,
          answered: true,
        });
        recordPush(db, auth.user.id, body.deviceId, body.pendingCount);
        return result;
      })();
      const reply: PushReply = {
        ...outcome,
        results: outcome.results.map((r) =>
          r.record ? { ...r, record: redactRecord(auth.user.role, r.record) } : r,
        ),
      };
      res.json(reply);
    },
  );

  router.get('/pull', requireAuth(db), requireRole(...PULL_ROLES), (req, res) => {
    const { user } = authOf(res);
    const query = pullQuerySchema.parse(req.query);
    if (query.protocolVersion !== undefined) assertVersions(query.protocolVersion, query.schemaVersion);
    const reply: PullReply = pullPage(db, user.unitPath, Number(query.since), query.limit, {
      omitAnsweredTo: query.omitOwnPushes === '1' ? (query.deviceId ?? null) : null,
      viewerRole: user.role,
    });
    if (query.deviceId) recordPull(db, user.id, query.deviceId, userAgentSummary(req.get('user-agent')));
    res.json(reply);
  });

  router.get('/conflicts', requireAuth(db), requireRole(...PULL_ROLES), (req, res) => {
    const { user } = authOf(res);
    const query = conflictListQuerySchema.parse(req.query);
    const conflicts = listConflicts(db, { scopePath: user.unitPath, ...query });
    res.json({ conflicts: conflicts.map(toSyncedRecord) });
  });

  router.post(
    '/conflicts/:id/resolve',
    requireAuth(db),
    requireRole(...WRITE_ROLES),
    jsonBody(SMALL_BODY_BYTES, 'push_too_large'),
    (req, res) => {
      const { user } = authOf(res);
      const body = resolveConflictRequestSchema.parse(req.body);
      try {
        const outcome = db.transaction(() =>
          resolveConflict(db, {
            conflictId: String(req.params.id),
            value: body.value,
            actor: user,
            deviceId: body.deviceId ?? null,
            changeId: null,
          }),
        )();
        res.json({
          conflict: toSyncedRecord(outcome.conflict),
          record: redactRecord(user.role, toSyncedRecord(outcome.record)),
        });
      } catch (err) {
        if (err instanceof ChangeRejection) throw rejectionToHttp(err);
        throw err;
      }
    },
  );

  return router;
}
