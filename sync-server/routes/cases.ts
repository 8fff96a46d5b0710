import { newId } from '../../shared/sync/ids';
import express, { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { HttpError } from '../http/errors';
import { CSV_LIMIT_BYTES, decodeCsv } from '../http/csv-body';
import { caseAudit } from '../cases/audit-view';
import { executeCaseCommand, type CaseCommandOutcome } from '../cases/command-service';
import { importComparisonCsv } from '../cases/comparison-import';
import { clockFromEnv, initCaseSettings } from '../cases/context';
import { caseDetail } from '../cases/detail';
import { fillQueueRoles } from '../cases/case-index';
import { recordCasePrint, recordNoticeListPrint } from '../cases/print-log';
import { listCases } from '../cases/queue';
import { installCaseSyncHooks } from '../cases/sync-hooks';
import { redactRecord } from '../sync/redaction';
import { toSyncedRecord } from '../sync/store';
import {
  CASE_ERROR_STATUS,
  caseCommandRequestSchema,
  caseCommentSchema,
  caseEventSchema,
  caseListQuerySchema,
  casePrintRequestSchema,
  noticeListPrintRequestSchema,
  registerCaseRequestSchema,
  type CaseCommandReply,
} from '../../shared/cases/api';
import { DEFAULT_LOOP_CONFIG } from '../../shared/loop';
import { ROLES, type Role } from '../../shared/roles';

/**
 * /api/cases — the review API of the closed loop (docs/review-api.md). Creating the router also installs
 * the loop's sync hooks and this server's case clock, so every app built by createApp enforces the loop
 * on pushes too.
 */

const REVIEW_ROLES = [ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff];
const AUDIT_ROLES = [ROLES.countyStaff, ROLES.cityStaff];

function answer(outcome: CaseCommandOutcome, viewer: Role): CaseCommandReply {
  if (!outcome.ok) {
    const status = CASE_ERROR_STATUS[outcome.code];
    throw new HttpError(status, outcome.code, outcome.reason, outcome.details);
  }
  return {
    ok: true,
    household: redactRecord(viewer, toSyncedRecord(outcome.household)),
    event: caseEventSchema.parse(toSyncedRecord(outcome.event)),
    comment: outcome.comment ? caseCommentSchema.parse(toSyncedRecord(outcome.comment)) : null,
  };
}

export function casesRouter({ db }: AppContext): Router {
  initCaseSettings(db, { clock: clockFromEnv(process.env), loopConfig: DEFAULT_LOOP_CONFIG });
  installCaseSyncHooks();
  // Summaries the migration could not compute in SQL (a no-op once done).
  fillQueueRoles(db);
  const router = Router();
  router.use(requireAuth(db));

  router.get('/', requireRole(...REVIEW_ROLES), (req, res) => {
    const { user } = authOf(res);
    res.json(listCases(db, user, caseListQuerySchema.parse(req.query)));
  });

  router.post(
    '/comparison-import',
    requireRole(ROLES.countyStaff),
    express.raw({ type: () => true, limit: CSV_LIMIT_BYTES }),
    async (req, res) => {
      const { user } = authOf(res);
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new HttpError(
          400,
          'invalid_request',
          '请上传比对结果 CSV 文件（表头：身份证号,数据来源,结果,备注）',
        );
      }
      res.json(await importComparisonCsv(db, user, decodeCsv(body, req.get('content-type'))));
    },
  );

  router.post('/', (req, res) => {
    const { user } = authOf(res);
    const body = registerCaseRequestSchema.parse(req.body);
    const outcome = executeCaseCommand(db, {
      caseId: body.id ?? newId(),
      command: 'register',
      payload: {
        entryChannel: body.entryChannel,
        reportedOn: body.reportedOn,
        description: body.description,
      },
      unitId: body.unitId,
      household: body.household,
      actor: user,
      via: 'rest',
    });
    res.status(201).json(answer(outcome, user.role));
  });

  // Before '/:id/…': "notice-list" is not a case id.
  router.post('/notice-list/printed', requireRole(...REVIEW_ROLES), (req, res) => {
    recordNoticeListPrint(db, authOf(res).user, noticeListPrintRequestSchema.parse(req.body));
    res.status(204).end();
  });

  router.post('/:id/printed', requireRole(...REVIEW_ROLES), (req, res) => {
    const body = casePrintRequestSchema.parse(req.body);
    recordCasePrint(db, authOf(res).user, String(req.params.id), body);
    res.status(204).end();
  });

  router.get('/:id', requireRole(...REVIEW_ROLES), (req, res) => {
    const { user } = authOf(res);
    res.json(caseDetail(db, user, String(req.params.id)));
  });

  router.get('/:id/audit', requireRole(...AUDIT_ROLES), (req, res) => {
    const { user } = authOf(res);
    res.json(caseAudit(db, user, String(req.params.id)));
  });

  router.post('/:id/commands', (req, res) => {
    const { user } = authOf(res);
    const body = caseCommandRequestSchema.parse(req.body);
    const outcome = executeCaseCommand(db, {
      caseId: String(req.params.id),
      command: body.command,
      payload: body.payload,
      actor: user,
      via: 'rest',
    });
    res.json(answer(outcome, user.role));
  });

  return router;
}
