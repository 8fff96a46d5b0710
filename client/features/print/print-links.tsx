import { Link } from 'react-router';
import type { CaseDetailReply } from '../../../shared/cases/api';

/**
 * 打印: the paper forms of this case, each opening its print view (without the app shell). Only the forms
 * the case already has something to put on are offered.
 */
export function PrintLinks({ detail }: { detail: CaseDetailReply }) {
  const caseId = encodeURIComponent(detail.household.id);
  const { state } = detail;
  const visit = detail.visits
    .filter((record) => !record.deleted)
    .sort((a, b) => String(b.data.visitDate ?? '').localeCompare(String(a.data.visitDate ?? '')))
    .at(0);
  const county = detail.units.find((unit) => unit.level === 'county');
  const links: { to: string; label: string }[] = [
    { to: `/cases/${caseId}/print/file`, label: '困难职工档案表' },
  ];
  if (visit) {
    const visitId = encodeURIComponent(visit.id);
    links.push(
      { to: `/cases/${caseId}/print/visit/${visitId}`, label: '走访调查表' },
      { to: `/cases/${caseId}/print/authorization/${visitId}`, label: '核对承诺授权书' },
    );
  }
  if (detail.comparison.some((row) => row.result !== null))
    links.push({ to: `/cases/${caseId}/print/comparison`, label: '信息比对报告' });
  if (state.stage === 'public_notice') {
    const query = county ? `?unitId=${encodeURIComponent(county.id)}` : '';
    links.push({ to: `/notice-list/print${query}`, label: '公示名单' });
  }
  if (state.exitReason !== null) links.push({ to: `/cases/${caseId}/print/exit`, label: '脱困登记表' });
  return (
    <section className="card" aria-labelledby="review-print-title">
      <h2 className="card__title" id="review-print-title">
        打印
      </h2>
      <ul className="review-plain-list">
        {links.map((link) => (
          <li key={link.to}>
            <Link to={link.to}>打印{link.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
