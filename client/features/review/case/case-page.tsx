import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useCurrentUser } from '../../../auth/use-session';
import { getCase } from '../api/review-api';
import { useResource } from '../api/use-resource';
import { AUDIT_ROLES, CONFLICT_ROLES } from '../review-roles';
import { StepPanel } from '../steps/step-panel';
import { PrintLinks } from '../../print/print-links';
import { AttachmentsSection } from './attachments-section';
import { AuditSection } from './audit-section';
import { CaseHeader } from './case-header';
import { ComparisonSection } from './comparison-section';
import { ConflictsSection } from './conflicts-section';
import { HouseholdSection, MembersSection } from './household-section';
import { IdentityHoldNotice } from './identity-hold-notice';
import { CommentsSection, TimelineSection } from './timeline-section';
import { CASE_TRANSFER_ROLES, TransferSection } from './transfer-section';
import { VisitsSection } from './visits-section';
import '../review.css';

/** 案件详情: everything about one case, and the steps the caller may take on it now. */
export function CasePage() {
  const { caseId = '' } = useParams();
  const user = useCurrentUser();
  const [detail, reload] = useResource(`case:${caseId}`, () => getCase(caseId));
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const done = (text: string) => {
    setMessage(text);
    setVersion((v) => v + 1);
    reload();
  };

  if (detail.status === 'loading') return <p className="muted review-loading">正在读取案件…</p>;
  if (detail.status === 'failed') {
    return (
      <div className="review-page">
        <p className="form-error" role="alert">
          {detail.message}
        </p>
        <Link className="button" to="/review">
          返回工作台
        </Link>
      </div>
    );
  }
  const data = detail.data;
  return (
    <div className="review-page review-case" aria-busy={detail.refreshing}>
      <nav className="review-breadcrumb" aria-label="位置">
        <Link to="/review">工作台</Link> / <span>案件详情</span>
      </nav>
      <CaseHeader detail={data} />
      <IdentityHoldNotice caseId={data.household.id} version={version} />
      {message ? (
        <p className="notice review-success" role="status">
          {message}
        </p>
      ) : null}
      <div className="review-case__columns">
        <div className="review-case__column">
          <StepPanel detail={data} user={user} refreshing={detail.refreshing} onDone={done} />
          <ConflictsSection
            conflicts={data.conflicts}
            canResolve={CONFLICT_ROLES.includes(user.role)}
            onResolved={done}
          />
          <TimelineSection timeline={data.timeline} />
          <CommentsSection comments={data.comments} />
          {CASE_TRANSFER_ROLES.includes(user.role) ? (
            <TransferSection caseId={data.household.id} unitId={data.household.unitId} onDone={done} />
          ) : null}
        </div>
        <div className="review-case__column">
          <PrintLinks detail={data} />
          <HouseholdSection household={data.household} />
          <MembersSection members={data.members} />
          <ComparisonSection comparison={data.comparison} />
          <VisitsSection visits={data.visits} />
          <AttachmentsSection attachments={data.attachments} />
        </div>
      </div>
      {AUDIT_ROLES.includes(user.role) ? <AuditSection caseId={data.household.id} version={version} /> : null}
    </div>
  );
}
