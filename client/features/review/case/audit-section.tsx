import { useState } from 'react';
import { AuditEntries } from '../../admin/audit/audit-entries';
import { getCaseAudit } from '../api/review-api';
import { useResource } from '../api/use-resource';

/**
 * A case's audit log in words, oldest first: the server describes each entry (shared/audit/describe.ts)
 * as the audit view does — field labels, values as on the form, names instead of ids, ID and card numbers
 * masked — and this renders the same rows.
 */
function AuditList({ caseId }: { caseId: string }) {
  const [audit] = useResource(`audit:${caseId}`, () => getCaseAudit(caseId));
  if (audit.status === 'loading') return <p className="muted">正在读取审计日志…</p>;
  if (audit.status === 'failed') {
    return (
      <p className="form-error" role="alert">
        {audit.message}
      </p>
    );
  }
  const entries = audit.data.entries;
  if (entries.length === 0) return <p className="muted">没有审计记录。</p>;
  return (
    <AuditEntries
      entries={entries.map((entry) => ({
        seq: entry.seq,
        at: entry.at,
        actorName: entry.userName ?? '系统',
        actorRole: entry.role,
        unitName: entry.unitName,
        actionLabel: entry.actionLabel,
        subject: entry.subject,
        facts: entry.facts,
      }))}
    />
  );
}

/** 审计日志 (county and city): collapsed, and read from the server only when opened. */
export function AuditSection({ caseId, version }: { caseId: string; version: number }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby="review-audit-title">
      <details className="review-details" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <h2 className="card__title review-details__title" id="review-audit-title">
            审计日志
          </h2>
        </summary>
        {open ? <AuditList key={version} caseId={caseId} /> : null}
      </details>
    </section>
  );
}
