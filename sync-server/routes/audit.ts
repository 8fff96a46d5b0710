import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import type { AppContext } from '../app';
import { authOf, requireAuth, requireRole } from '../auth/middleware';
import { AUDIT_VIEW_ROLES, auditOptions, exportAudit, listAudit } from '../audit/audit-view';
import {
  auditFilterSchema,
  auditListQuerySchema,
  auditListReplySchema,
  auditOptionsReplySchema,
} from '../../shared/audit/api';

/** /api/audit: the audit log in words for the administrator and the city, within their unit scope. */
export function auditRouter({ db }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(db), requireRole(...AUDIT_VIEW_ROLES));

  router.get('/', (req, res) => {
    const { user } = authOf(res);
    const query = auditListQuerySchema.parse(req.query);
    const { limit, before, ...filter } = query;
    res.json(auditListReplySchema.parse(listAudit(db, user, filter, before ?? null, limit)));
  });

  router.get('/options', (_req, res) => {
    res.json(auditOptionsReplySchema.parse(auditOptions(db, authOf(res).user)));
  });

  // The file is written a chunk of rows at a time, yielding between chunks, so a long export never holds
  // the server; the export is itself audited once sent (or cut off), with the rows that went out.
  router.get('/export.csv', async (req, res) => {
    const { user } = authOf(res);
    const filter = auditFilterSchema.parse(req.query);
    const file = exportAudit(db, user, filter);
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    res.status(200);
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`审计日志-${day}.csv`)}`,
      'Cache-Control': 'no-store',
    });
    let sent = 0;
    async function* pieces(): AsyncGenerator<string> {
      for (const chunk of file.chunks) {
        sent += chunk.rows;
        yield chunk.text;
        // Other requests are served between two chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    try {
      await pipeline(Readable.from(pieces()), res);
      file.finish(sent, true);
    } catch {
      // The reader went away: the rows that went out are still recorded.
      file.finish(sent, false);
    }
  });

  return router;
}
