import type { CaseDetailReply } from '../../../../shared/cases/api';
import { maskIdNumber } from '../../../../shared/cases/masks';
import { CATEGORY_LABELS } from '../../../../shared/domain/household-codes';
import { ENTRY_CHANNEL_LABELS } from '../../../../shared/loop/stages';
import { formatFen } from '../../../../shared/validation/money';
import { formatDateTime } from '../../../shell/format';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Who the case is about and where it stands: head of household, masked ID, unit, category, stage. */
export function CaseHeader({ detail }: { detail: CaseDetailReply }) {
  const { household, state } = detail;
  const idNumber = text(household.data.headIdNumber);
  const units = detail.units.filter((unit) => unit.level !== 'city');
  return (
    <header className="card review-case-header">
      <div className="review-case-header__main">
        <h1 className="review-case-header__name">{text(household.data.headName) ?? '（未填写户主姓名）'}</h1>
        <span className="review-case-header__id" data-testid="case-id-number">
          {idNumber ? maskIdNumber(idNumber) : '身份证号未填写'}
        </span>
        <span className="review-stage" data-testid="case-stage">
          {detail.stageLabel}
        </span>
        <span className="review-badge">{CATEGORY_LABELS[state.category]}</span>
      </div>
      <dl className="review-case-header__facts">
        <div>
          <dt>所属单位</dt>
          <dd>{units.map((unit) => unit.name).join(' / ') || household.unitId}</dd>
        </div>
        <div>
          <dt>申报渠道</dt>
          <dd>{ENTRY_CHANNEL_LABELS[state.entryChannel]}</dd>
        </div>
        <div>
          <dt>登记日期</dt>
          <dd>{state.enteredOn}</dd>
        </div>
        <div>
          <dt>进入本环节</dt>
          <dd>{formatDateTime(state.stageEnteredAt)}</dd>
        </div>
        {state.cycle > 1 ? (
          <div>
            <dt>建档轮次</dt>
            <dd>第 {state.cycle} 轮（返困重新建档）</dd>
          </div>
        ) : null}
        {state.planTotalFen > 0 ? (
          <div>
            <dt>帮扶方案</dt>
            <dd>
              {formatFen(state.planTotalFen)}
              {state.planApproved ? '（已审批）' : '（待审批）'}
            </dd>
          </div>
        ) : null}
        {state.noticeStartDate ? (
          <div>
            <dt>公示期</dt>
            <dd>
              {state.noticeStartDate} 至 {state.noticeEndDate ?? '—'}
              {state.openObjections > 0 ? `，待处理异议 ${state.openObjections} 件` : ''}
            </dd>
          </div>
        ) : null}
        {state.disbursedTotalFen > 0 ? (
          <div>
            <dt>已发放</dt>
            <dd>
              {formatFen(state.disbursedTotalFen)}（{state.lastDisbursedOn ?? '—'}）
            </dd>
          </div>
        ) : null}
        {state.phaseOutUntil ? (
          <div>
            <dt>渐退期至</dt>
            <dd>{state.phaseOutUntil}</dd>
          </div>
        ) : null}
      </dl>
      {state.returnComments ? (
        <div className="notice notice--warning">
          <strong>已退回补正：</strong>
          <span className="review-pre">{state.returnComments}</span>
          {state.returnItems.length > 0 ? (
            <ol className="review-comment__items">
              {state.returnItems.map((item, index) => (
                <li key={index}>{item}</li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
    </header>
  );
}
