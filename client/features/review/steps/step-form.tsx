import type { LoopCommandName } from '../../../../shared/loop/commands';
import {
  CancelPhaseOutForm,
  CompleteExitForm,
  ExitForm,
  FollowUpVisitForm,
  RefileForm,
} from './aftercare-forms';
import { ClassifyForm } from './classify-form';
import { CompleteComparisonForm, RecordComparisonForm } from './comparison-forms';
import type { StepContext } from './form-kit';
import { AcceptReviewForm, ForwardToCountyForm, ReturnForm } from './intake-forms';
import {
  CompleteNoticeForm,
  RecordObjectionForm,
  SettleObjectionForm,
  StartNoticeForm,
} from './notice-forms';
import { DisburseForm, FileRecordForm } from './payout-forms';
import { ApprovePlanForm, ProposePlanForm } from './plan-forms';

/** The form built for each step; the visit steps are the grid worker's and are taken on the tablet. */
export function StepFormFor({ command, ctx }: { command: LoopCommandName; ctx: StepContext }) {
  switch (command) {
    case 'acceptReview':
      return <AcceptReviewForm ctx={ctx} />;
    case 'returnForCorrection':
    case 'returnToGrid':
      return <ReturnForm ctx={ctx} command={command} />;
    case 'forwardToCounty':
      return <ForwardToCountyForm ctx={ctx} />;
    case 'recordComparison':
      return <RecordComparisonForm ctx={ctx} />;
    case 'completeComparison':
      return <CompleteComparisonForm ctx={ctx} />;
    case 'classify':
      return <ClassifyForm ctx={ctx} />;
    case 'proposePlan':
      return <ProposePlanForm ctx={ctx} />;
    case 'approvePlan':
      return <ApprovePlanForm ctx={ctx} />;
    case 'startNotice':
      return <StartNoticeForm ctx={ctx} />;
    case 'recordObjection':
      return <RecordObjectionForm ctx={ctx} />;
    case 'settleObjection':
      return <SettleObjectionForm ctx={ctx} />;
    case 'completeNotice':
      return <CompleteNoticeForm ctx={ctx} />;
    case 'fileRecord':
      return <FileRecordForm ctx={ctx} />;
    case 'disburse':
      return <DisburseForm ctx={ctx} />;
    case 'recordFollowUpVisit':
      return <FollowUpVisitForm ctx={ctx} />;
    case 'exit':
      return <ExitForm ctx={ctx} />;
    case 'cancelPhaseOut':
      return <CancelPhaseOutForm ctx={ctx} />;
    case 'completeExit':
      return <CompleteExitForm ctx={ctx} />;
    case 'refile':
      return <RefileForm ctx={ctx} />;
    case 'register':
    case 'startVisit':
    case 'submitVisit':
      return (
        <div className="notice" role="status">
          此步骤由网格员在平板上办理（入户走访、收集资料、初审），同步后在此显示。
          <button type="button" className="button" onClick={ctx.onCancel}>
            关闭
          </button>
        </div>
      );
  }
}
