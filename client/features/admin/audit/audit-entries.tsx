import type { ReactNode } from 'react';
import type { AuditFactView } from '../../../../shared/audit/api';
import { ROLE_LABELS, type Role } from '../../../../shared/roles';
import { formatDateTime } from '../../../shell/format';
import './audit.css';

/**
 * Audit entries as a person reads them (审计日志): when, who (name · role · unit), what was done, on what,
 * and the labelled facts — every value already in words from the server (shared/audit/describe.ts). Long
 * values and long lists are folded. Laid out as stacked rows, not a wide table, so nothing runs off the
 * right edge of an 800 px tablet.
 */

export interface AuditEntryLike {
  seq: number;
  at: string;
  userId?: string | null;
  caseId?: string | null;
  actorName: string;
  actorRole: Role | null;
  unitName: string | null;
  actionLabel: string;
  subject: string | null;
  facts: readonly AuditFactView[];
}

/** Values longer than this (or of several lines) open on demand. */
const FOLD_AT = 60;
/** Facts shown before "更多". */
const FACTS_SHOWN = 8;

/** One value, folded when long: the start stays visible, the rest opens on a tap. */
export function FoldedValue({ value }: { value: string }) {
  const long = value.length > FOLD_AT || value.includes('\n');
  if (!long) return <>{value}</>;
  const head = value.split('\n')[0] ?? '';
  return (
    <details className="audit-fold">
      <summary>{head.length > FOLD_AT ? `${head.slice(0, FOLD_AT)}…` : `${head}…`}</summary>
      <div className="audit-fold__full">{value}</div>
    </details>
  );
}

export function AuditFacts({ facts }: { facts: readonly AuditFactView[] }) {
  if (facts.length === 0) return null;
  const shown = facts.slice(0, FACTS_SHOWN);
  const rest = facts.slice(FACTS_SHOWN);
  const rows = (list: readonly AuditFactView[]) =>
    list.map((fact, index) => (
      <div key={`${fact.label}-${index}`} className="audit-facts__row">
        <dt>{fact.label}</dt>
        <dd>
          <FoldedValue value={fact.value} />
        </dd>
      </div>
    ));
  return (
    <dl className="audit-facts">
      {rows(shown)}
      {rest.length > 0 ? (
        <details className="audit-fold audit-facts__more">
          <summary>另有 {rest.length} 项</summary>
          {rows(rest)}
        </details>
      ) : null}
    </dl>
  );
}

export function AuditEntries({
  entries,
  actorLink,
  subjectLink,
}: {
  entries: readonly AuditEntryLike[];
  /** Renders the actor's name as a link (e.g. to that account's own audit), when given. */
  actorLink?: (entry: AuditEntryLike) => ReactNode;
  subjectLink?: (entry: AuditEntryLike) => ReactNode;
}) {
  return (
    <ol className="audit-list" aria-label="审计记录">
      {entries.map((entry) => (
        <li key={entry.seq} className="audit-entry" data-seq={entry.seq}>
          <div className="audit-entry__when">
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          </div>
          <div className="audit-entry__who">
            <strong>{actorLink ? actorLink(entry) : entry.actorName}</strong>
            {entry.actorRole ? <span> · {ROLE_LABELS[entry.actorRole]}</span> : null}
            {entry.unitName ? <span> · {entry.unitName}</span> : null}
          </div>
          <div className="audit-entry__what">
            <strong className="audit-entry__action">{entry.actionLabel}</strong>
            {entry.subject ? (
              <span className="audit-entry__subject">{subjectLink ? subjectLink(entry) : entry.subject}</span>
            ) : null}
            <AuditFacts facts={entry.facts} />
          </div>
        </li>
      ))}
    </ol>
  );
}
