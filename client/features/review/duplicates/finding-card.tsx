import { Link } from 'react-router';
import type { Finding, FindingSide } from '../../../../shared/identity/api';
import { FINDING_STATUS_LABELS } from '../../../../shared/identity/api';
import { formatDateTime } from '../../../shell/format';
import { FindingActions } from './finding-actions';
import { evidenceSummary, FINDING_SOURCE_LABELS, personLabel, resolutionText } from './finding-model';

function Fact({ label, value }: { label: string; value: string | number | null }) {
  return (
    <div className="review-facts__row">
      <dt>{label}</dt>
      <dd>{value === null || value === '' ? '—' : value}</dd>
    </div>
  );
}

/** One household of the pair; outside the caller's scope only its unit and stage are known. */
function SideView({ side, title }: { side: FindingSide; title: string }) {
  return (
    <section className="dup-side" aria-label={title}>
      <h3 className="dup-side__title">
        {title}
        {side.held ? <span className="review-badge review-badge--warn">暂停办理</span> : null}
      </h3>
      <dl className="review-facts">
        <Fact label="所在单位" value={side.unitName} />
        <Fact label="办理阶段" value={side.stageLabel} />
        {side.inScope ? (
          <>
            <Fact label="涉及人员" value={personLabel(side)} />
            <Fact label="户主" value={side.headName} />
            <Fact label="户主身份证号" value={side.headIdNumberMasked} />
            <Fact label="家庭住址" value={side.address} />
            <Fact label="联系电话" value={side.mobile} />
            <Fact label="家庭成员" value={side.memberCount === null ? null : `${side.memberCount} 人`} />
            <Fact label="走访记录" value={side.visitCount === null ? null : `${side.visitCount} 次`} />
            <Fact label="建档时间" value={side.createdAt ? formatDateTime(side.createdAt) : null} />
          </>
        ) : null}
      </dl>
      {side.inScope ? (
        <Link className="review-link" to={`/review/cases/${encodeURIComponent(side.householdId)}`}>
          查看案件
        </Link>
      ) : (
        <p className="review-hint">不在您的管辖范围内：只显示所在单位和办理阶段。</p>
      )}
    </section>
  );
}

/** A finding with both households side by side, its evidence and, while open, what the caller may do. */
export function FindingCard(props: { finding: Finding; onSettled(message: string): void }) {
  const { finding } = props;
  const settled = resolutionText(finding);
  return (
    <article className="card dup-finding" aria-label={`重复建档 ${evidenceSummary(finding)}`}>
      <header className="dup-finding__head">
        <h2 className="dup-finding__title">{evidenceSummary(finding)}</h2>
        <span className="review-badge">{FINDING_STATUS_LABELS[finding.status]}</span>
        <span className="review-hint">
          {FINDING_SOURCE_LABELS[finding.source]} · {formatDateTime(finding.createdAt)}
        </span>
      </header>
      <p className="dup-finding__evidence">{finding.evidenceText}</p>
      <div className="dup-sides">
        <SideView side={finding.held} title="后建档的一户" />
        <SideView side={finding.other} title="已建档的一户" />
      </div>
      {settled ? (
        <p className="review-hint">
          {settled}
          {finding.resolution ? ` · ${formatDateTime(finding.resolution.at)}` : ''}
        </p>
      ) : null}
      {finding.status === 'open' ? <FindingActions finding={finding} onSettled={props.onSettled} /> : null}
    </article>
  );
}
