import {
  auditListReplySchema,
  auditOptionsReplySchema,
  type AuditFilter,
  type AuditListReply,
  type AuditOptionsReply,
} from '../../../../shared/audit/api';
import { apiBlob } from '../../../api/http';
import { currentToken } from '../../../auth/session-store';
import { get } from '../../review/api/review-api';

/** The audit view's calls (GET /api/audit, /options, /export.csv), replies parsed with the shared schemas. */

/** The query string of a filter, leaving out empty fields. */
export function auditSearch(filter: AuditFilter & { before?: number | undefined; limit?: number }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function getAudit(filter: AuditFilter, before: number | null): Promise<AuditListReply> {
  return get(`/api/audit${auditSearch({ ...filter, ...(before ? { before } : {}) })}`, auditListReplySchema);
}

export function getAuditOptions(): Promise<AuditOptionsReply> {
  return get('/api/audit/options', auditOptionsReplySchema);
}

/** Downloads the export of `filter` as a CSV file (the server audits the export). */
export async function downloadAuditCsv(filter: AuditFilter): Promise<void> {
  const blob = await apiBlob(`/api/audit/export.csv${auditSearch(filter)}`, {
    token: currentToken() ?? '',
    timeoutMs: 120_000,
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `审计日志-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
