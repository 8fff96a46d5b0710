import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ENTRY_CHANNEL_LABELS, entryChannelSchema } from '../../../shared/loop/stages';
import { todayInChina } from '../../../shared/validation/clock';
import { useCurrentUser } from '../../auth/use-session';
import { mergeTargetOf } from '../../db/merged';
import { visitEditability } from '../visit-form/editability';
import { stageOf } from '../visit-form/visit-data';
import { DuplicateFindingBanner } from './duplicate-banner';
import { startFollowUpVisit, startNewVisit } from './household-actions';
import { householdSummary } from './household-display';
import { loadHouseholdPage, type HouseholdPageRecords } from './household-page-data';
import { MergedHouseholdNotice } from './merged-notice';
import { MonitoringNote } from './monitoring-note';
import { householdMonitoring } from '../../db/monitoring';
import {
  ChecklistStatus,
  ConflictList,
  MembersTable,
  ReviewComments,
  VisitHistory,
} from './household-page-parts';
import './households.css';

/** Stages from which the worker may open a new visit and submit it (the closed loop's `submitVisit`). */
const NEW_VISIT_STAGES: readonly string[] = ['entry', 'visit', 'returned', 'managed'];
/** Filed households (在档), visited in every round of dynamic management (`recordFollowUpVisit`). */
const FOLLOW_UP_STAGES: readonly string[] = ['managed', 'phase_out'];

function VisitAction({ records, monitored }: { records: HouseholdPageRecords; monitored: boolean }) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stage = stageOf(records.household.data);
  const draft = records.visits.find((visit) => visit.data.status !== 'final');
  const latest = records.visits[0];
  const reopened =
    latest &&
    visitEditability({
      visitStatus: latest.data.status,
      stage,
      isLatestVisit: true,
      submit: records.latestSubmit,
    }).editable;

  if (draft || reopened) {
    const visit = draft ?? latest;
    return (
      <Link className="button button--primary" to={`/visits/${visit?.id ?? ''}`}>
        继续走访
      </Link>
    );
  }
  const canApply = stage === null || NEW_VISIT_STAGES.includes(stage);
  // A household on the monitoring register is visited every round whatever its stage (an exit being
  // watched, a case under review): where no other visit is offered, a monitoring visit is.
  const monitoringVisit = monitored && !canApply && !(stage !== null && FOLLOW_UP_STAGES.includes(stage));
  const followUp = (stage !== null && FOLLOW_UP_STAGES.includes(stage)) || monitoringVisit;
  if (!followUp && !canApply) {
    return <p className="muted">本户正在审核流程中，当前不需要新的走访。</p>;
  }
  const start = async (kind: 'followUp' | 'apply') => {
    setBusy(true);
    setError(null);
    try {
      const common = {
        householdId: records.household.id,
        unitId: records.household.unitId,
        visitorName: user.displayName,
        today: todayInChina(),
      };
      const visitId =
        kind === 'followUp'
          ? await startFollowUpVisit(common)
          : await startNewVisit({ ...common, household: records.household.data });
      navigate(`/visits/${visitId}`);
    } catch (failure) {
      setError(`未能新建走访：${failure instanceof Error ? failure.message : String(failure)}`);
      setBusy(false);
    }
  };
  return (
    <>
      {followUp ? (
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => void start('followUp')}
        >
          {monitoringVisit ? '监测回访' : '动态管理回访'}
        </button>
      ) : null}
      {canApply ? (
        <button
          type="button"
          className={followUp ? 'button' : 'button button--primary'}
          disabled={busy}
          onClick={() => void start('apply')}
        >
          {followUp ? '在档申请救助' : '新建走访'}
        </button>
      ) : null}
      {error ? <p className="form-error">{error}</p> : null}
    </>
  );
}

/** `/households/:id`: one household's file on this tablet, its visits and what reviewers said. */
export function HouseholdPage() {
  const { id = '' } = useParams();
  const records = useLiveQuery(() => loadHouseholdPage(id), [id]);
  const merged = useLiveQuery(() => mergeTargetOf(id), [id]);
  const monitored = useLiveQuery(async () => (await householdMonitoring(id)) !== null, [id]) ?? false;
  if (records === undefined || merged === undefined) return <p className="muted">正在读取…</p>;
  if (records === null) {
    if (merged) return <MergedHouseholdNotice target={merged} hasLocalCopy={false} />;
    return (
      <section className="card">
        <h1 className="card__title">本机没有这户家庭</h1>
        <p className="muted">可能尚未同步到本机，或已不在您的网格。</p>
        <Link className="button" to="/households">
          返回我的家庭户
        </Link>
      </section>
    );
  }
  const { household } = records;
  const summary = householdSummary(household.data);
  const channel = entryChannelSchema.safeParse(household.data.entryChannel);
  const mobile = typeof household.data.mobile === 'string' ? household.data.mobile : null;
  return (
    <div className="hh-detail">
      {merged ? <MergedHouseholdNotice target={merged} hasLocalCopy /> : null}
      <section className="card hh-detail__head">
        <div className="hh-detail__title">
          <h1 className="card__title">{summary.headName}</h1>
          <span className="hh-badge">{summary.stageLabel}</span>
          <span className="hh-badge hh-badge--category">{summary.categoryLabel}</span>
          {household.pending === 1 ? <span className="hh-badge hh-badge--pending">未同步</span> : null}
        </div>
        <dl className="facts">
          <dt>身份证号</dt>
          <dd>{summary.maskedIdNumber ?? '未填写'}</dd>
          <dt>联系电话</dt>
          <dd>{mobile ?? '未填写'}</dd>
          <dt>家庭住址</dt>
          <dd>{summary.address ?? '未填写'}</dd>
          <dt>申报渠道</dt>
          <dd>{channel.success ? ENTRY_CHANNEL_LABELS[channel.data] : '—'}</dd>
          <dt>家庭人口</dt>
          <dd>{records.members.length + 1} 人</dd>
        </dl>
        <MonitoringNote householdId={household.id} />
        <div className="form__actions hh-detail__actions">
          <Link className="button" to="/households">
            返回列表
          </Link>
          <VisitAction records={records} monitored={monitored} />
        </div>
      </section>
      <DuplicateFindingBanner householdId={household.id} />
      {records.conflicts.length > 0 ? (
        <section className="card">
          <h2 className="card__title">同步冲突（待处理）</h2>
          <ConflictList conflicts={records.conflicts} />
        </section>
      ) : null}
      <section className="card">
        <h2 className="card__title">审核意见</h2>
        <ReviewComments household={household.data} comments={records.comments} />
      </section>
      <section className="card">
        <h2 className="card__title">家庭成员</h2>
        <MembersTable members={records.members} />
      </section>
      <section className="card">
        <h2 className="card__title">走访记录</h2>
        <VisitHistory
          visits={records.visits}
          stage={stageOf(household.data)}
          latestSubmit={records.latestSubmit}
        />
      </section>
      <section className="card">
        <h2 className="card__title">材料清单（最近一次走访）</h2>
        <ChecklistStatus visit={records.visits[0]} />
      </section>
    </div>
  );
}
