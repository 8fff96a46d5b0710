import type { Migration } from './index';

/**
 * The audit view (GET /api/audit) pages newest first by account, by the acting unit or by date: one index
 * each, so a page is a short index walk however long the log grows. The table stays append-only.
 */
export const auditViews: Migration = {
  id: '20261207-0011-audit-views',
  sql: `
CREATE INDEX audit_user ON audit_log(user_id, seq);
CREATE INDEX audit_unit ON audit_log(unit_id, seq);
CREATE INDEX audit_at ON audit_log(at);
`,
};
