import { useState } from 'react';
import { addMonths } from '../../../../shared/loop/calendar';
import {
  ENTRY_CHANNELS,
  ENTRY_CHANNEL_LABELS,
  LOOP_STAGE_LABELS,
  type EntryChannel,
} from '../../../../shared/loop/stages';
import {
  EXIT_REASONS,
  EXIT_REASON_LABELS,
  FOLLOW_UP_TRENDS,
  FOLLOW_UP_TREND_LABELS,
  REFILE_STAGES,
  type ExitReason,
  type FollowUpTrend,
  type RefileStage,
} from '../../../../shared/loop/vocabulary';
import { isRealDate } from '../../../../shared/validation/dates';
import {
  RadioGroup,
  SelectInput,
  StepForm,
  TextArea,
  TextInput,
  caseLoopConfig,
  serverToday,
  useStepRunner,
  type StepContext,
} from './form-kit';
import { issuesAt } from './payload-check';

/** 动态管理回访: date, how the household fares, what was found; optionally the visit form it rests on. */
export function FollowUpVisitForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'recordFollowUpVisit');
  const visits = ctx.detail.visits.filter((visit) => !visit.deleted);
  const [visitId, setVisitId] = useState('');
  const [visitDate, setVisitDate] = useState(() => serverToday(ctx.detail));
  const [trend, setTrend] = useState<FollowUpTrend | ''>('');
  const [findings, setFindings] = useState('');
  return (
    <StepForm
      command="recordFollowUpVisit"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() =>
        void runner.submit({ visitId: visitId || undefined, visitDate, trend: trend || undefined, findings })
      }
    >
      {visits.length > 0 ? (
        <SelectInput
          label="对应走访记录"
          value={visitId}
          emptyLabel="不关联走访记录"
          choices={visits.map((visit) => ({
            value: visit.id,
            label: `${typeof visit.data.visitDate === 'string' ? visit.data.visitDate : '未填日期'} ${typeof visit.data.visitorName === 'string' ? visit.data.visitorName : ''}`,
          }))}
          onChange={setVisitId}
          errors={issuesAt(runner.issues, 'visitId')}
        />
      ) : null}
      <TextInput
        label="回访日期"
        type="date"
        value={visitDate}
        onChange={setVisitDate}
        errors={issuesAt(runner.issues, 'visitDate')}
      />
      <RadioGroup
        label="家庭状况变化"
        value={trend}
        choices={FOLLOW_UP_TRENDS.map((value) => ({ value, label: FOLLOW_UP_TREND_LABELS[value] }))}
        onChange={setTrend}
        errors={issuesAt(runner.issues, 'trend')}
      />
      <TextArea
        label="回访情况"
        value={findings}
        onChange={setFindings}
        errors={issuesAt(runner.issues, 'findings')}
      />
    </StepForm>
  );
}

/** 脱困退出: a deep-difficulty household lifted out enters the six-month phase-out first. */
export function ExitForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'exit');
  const [reason, setReason] = useState<ExitReason | ''>('');
  const [explanation, setExplanation] = useState('');
  const [noticeDate, setNoticeDate] = useState(() => serverToday(ctx.detail));
  const months = caseLoopConfig(
    ctx.detail,
    isRealDate(noticeDate) ? noticeDate : serverToday(ctx.detail),
  ).phaseOutMonths;
  const phaseOut = ctx.detail.state.category === 'deep' && reason === 'lifted_out' && months > 0;
  return (
    <StepForm
      command="exit"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ reason: reason || undefined, explanation, noticeDate })}
    >
      <SelectInput
        label="退出原因"
        value={reason}
        emptyLabel="请选择"
        choices={EXIT_REASONS.map((value) => ({ value, label: EXIT_REASON_LABELS[value] }))}
        onChange={setReason}
        errors={issuesAt(runner.issues, 'reason')}
      />
      {phaseOut && isRealDate(noticeDate) ? (
        <p className="notice notice--warning">
          深度困难职工符合脱困条件，将进入渐退期至 {addMonths(noticeDate, months)}，渐退期内继续正常帮扶。
        </p>
      ) : null}
      <TextArea
        label="退出说明"
        value={explanation}
        onChange={setExplanation}
        errors={issuesAt(runner.issues, 'explanation')}
      />
      <TextInput
        label="告知职工日期"
        type="date"
        value={noticeDate}
        onChange={setNoticeDate}
        errors={issuesAt(runner.issues, 'noticeDate')}
      />
    </StepForm>
  );
}

/** 取消渐退: the household is back in dynamic management. */
export function CancelPhaseOutForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'cancelPhaseOut');
  const [reason, setReason] = useState('');
  return (
    <StepForm
      command="cancelPhaseOut"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ reason })}
    >
      <TextArea
        label="取消渐退理由"
        value={reason}
        onChange={setReason}
        errors={issuesAt(runner.issues, 'reason')}
      />
    </StepForm>
  );
}

/** 渐退期满退出: the exit registration (脱困登记表) once the phase-out is over. */
export function CompleteExitForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'completeExit');
  const [note, setNote] = useState('');
  const [notifiedOn, setNotifiedOn] = useState(() => serverToday(ctx.detail));
  const { state } = ctx.detail;
  return (
    <StepForm
      command="completeExit"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ note, notifiedOn })}
    >
      <p className="review-hint">
        渐退期 {state.phaseOutStartDate ?? '—'} 至 {state.phaseOutUntil ?? '—'}。
      </p>
      <TextArea
        label="脱困登记说明"
        value={note}
        onChange={setNote}
        errors={issuesAt(runner.issues, 'note')}
      />
      <TextInput
        label="告知职工日期"
        type="date"
        value={notifiedOn}
        onChange={setNotifiedOn}
        errors={issuesAt(runner.issues, 'notifiedOn')}
      />
    </StepForm>
  );
}

/** 返困重新建档: a new cycle, from a new home visit or (county only) straight at county review. */
export function RefileForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'refile');
  const [reason, setReason] = useState('');
  const [restartAt, setRestartAt] = useState<RefileStage>('entry');
  const [entryChannel, setEntryChannel] = useState<EntryChannel | ''>('');
  const stages = REFILE_STAGES.filter((stage) => stage === 'entry' || ctx.user.role === 'county_staff');
  return (
    <StepForm
      command="refile"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ reason, restartAt, entryChannel: entryChannel || undefined })}
    >
      <TextArea
        label="返困原因"
        value={reason}
        onChange={setReason}
        errors={issuesAt(runner.issues, 'reason')}
      />
      <RadioGroup
        label="重新办理起点"
        value={restartAt}
        choices={stages.map((value) => ({ value, label: LOOP_STAGE_LABELS[value] }))}
        onChange={setRestartAt}
        errors={issuesAt(runner.issues, 'restartAt')}
      />
      <SelectInput
        label="申报渠道"
        value={entryChannel}
        emptyLabel="沿用原渠道"
        choices={ENTRY_CHANNELS.map((value) => ({ value, label: ENTRY_CHANNEL_LABELS[value] }))}
        onChange={setEntryChannel}
        errors={issuesAt(runner.issues, 'entryChannel')}
      />
    </StepForm>
  );
}
