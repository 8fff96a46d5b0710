import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { loadCaseInScope } from '../cases/case-queries';
import { HttpError } from '../http/errors';
import { detectDuplicatesInBatch } from '../identity/findings';
import { countFindings, findingsPage, holdingFinding } from '../identity/identity-store';
import { lookupIdentity } from '../identity/lookup';
import { dismissFinding, mergeFinding } from '../identity/merge';
import { scanForDuplicates } from '../identity/scan';
import { findingView, findingViews, loadFinding } from '../identity/views';
import { registerBatchObserver } from '../sync/hooks';
import {
  dismissRequestSchema,
  findingListQuerySchema,
  identityLookupQuerySchema,
  mergeRequestSchema,
  type FindingListReply,
  type IdentityHoldReply,
} from '../../shared/identity/api';
import { ROLES } from '../../shared/roles';

/**
 * /api/identity — one person, one file (docs/identity.md): the ID-number lookup for tablets and office
 * screens, the duplicate queue with merge and "not a duplicate", and the scan of existing data. Creating
 * the router installs the evidence indexer and the duplicate detector that runs after every pushed
 * household or member.
 */

const LOOKUP_ROLES = [ROLES.gridWorker, ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff];
const QUEUE_ROLES = [ROLES.countyStaff, ROLES.cityStaff];
const SCAN_ROLES = [ROLES.cityStaff, ROLES.admin];
/** Whoever may open the case (GET /api/cases/:id) may ask whether it is held. */
const HOLD_ROLES = [ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff];

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // refused below
  }
  throw new HttpError(400, 'invalid_request', '翻页游标不正确，请从第一页重新查询');
}

export function installIdentityHooks(): void {
  registerBatchObserver('identity.duplicates', detectDuplicatesInBatch);
}

export function identityRouter({ db }: AppContext): Router {
  installIdentityHooks();
  const router = Router();

  router.get('/lookup', requireAuth(db), requireRole(...LOOKUP_ROLES), (req, res) => {
    const query = identityLookupQuerySchema.parse(req.query);
    res.json(lookupIdentity(db, authOf(res).user, query));
  });

  router.get('/findings', requireAuth(db), requireRole(...QUEUE_ROLES), (req, res) => {
    const { user } = authOf(res);
    const query = findingListQuerySchema.parse(req.query);
    const rows = findingsPage(
      db,
      user.unitPath,
      query.status,
      query.cursor ? decodeCursor(query.cursor) : null,
      query.limit + 1,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const reply: FindingListReply = {
      findings: findingViews(db, user, page),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null,
      total: countFindings(db, user.unitPath, query.status),
    };
    res.json(reply);
  });

  router.get('/findings/:id', requireAuth(db), requireRole(...QUEUE_ROLES), (req, res) => {
    const { user } = authOf(res);
    res.json({ finding: findingView(db, user, loadFinding(db, user, String(req.params.id))) });
  });

  router.get('/holds/:caseId', requireAuth(db), requireRole(...HOLD_ROLES), (req, res) => {
    const record = loadCaseInScope(db, authOf(res).user, String(req.params.caseId));
    const finding = holdingFinding(db, record.id);
    const reply: IdentityHoldReply = { held: finding !== null, findingId: finding?.id ?? null };
    res.json(reply);
  });

  router.post('/findings/:id/merge', requireAuth(db), requireRole(...QUEUE_ROLES), (req, res) => {
    const { survivorId } = mergeRequestSchema.parse(req.body);
    res.json(mergeFinding(db, authOf(res).user, String(req.params.id), survivorId));
  });

  router.post('/findings/:id/dismiss', requireAuth(db), requireRole(...QUEUE_ROLES), (req, res) => {
    const { reason } = dismissRequestSchema.parse(req.body);
    res.json({ finding: dismissFinding(db, authOf(res).user, String(req.params.id), reason) });
  });

  router.post('/scan', requireAuth(db), requireRole(...SCAN_ROLES), async (_req, res) => {
    res.json(await scanForDuplicates(db, authOf(res).user));
  });

  return router;
}
