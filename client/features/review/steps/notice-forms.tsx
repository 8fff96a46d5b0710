import { useState } from 'react';
import type { CaseDetailReply } from '../../../../shared/cases/api';
import { defaultNoticeEndDate, noticeWorkingDaysFor } from '../../../../shared/loop/commands-notice';
import { LOOP_STAGE_LABELS } from '../../../../shared/loop/stages';
import {
  OBJECTION_OUTCOMES,
  OBJECTION_OUTCOME_LABELS,
  REOPEN_STAGES,
  type ObjectionOutcome,
  type ReopenStage,
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

/** 开始公示: the end date follows the start (working days) until the reviewer sets it by hand. */
export function StartNoticeForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'startNotice');
  const { state } = ctx.detail;
  const [startDate, setStartDate] = useState(() => serverToday(ctx.detail));
  const [endDate, setEndDate] = useState<string | null>(null);
  const [place, setPlace] = useState('');
  // The county's notice days, holidays and 调休 in force on the start date (县级参数).
  const loop = {
    config: caseLoopConfig(ctx.detail, isRealDate(startDate) ? startDate : serverToday(ctx.detail)),
  };
  const days = noticeWorkingDaysFor(state, loop);
  const defaultEnd = isRealDate(startDate) ? defaultNoticeEndDate(state, startDate, loop) : '';
  const shownEnd = endDate ?? defaultEnd;
  return (
    <StepForm
      command="startNotice"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ startDate, endDate: endDate ?? undefined, place })}
    >
      <TextInput
        label="公示开始日期"
        type="date"
        value={startDate}
        onChange={setStartDate}
        errors={issuesAt(runner.issues, 'startDate')}
      />
      <TextInput
        label="公示结束日期"
        type="date"
        hint={`公示期不少于 ${days} 个工作日，默认 ${defaultEnd || '—'}`}
        value={shownEnd}
        onChange={(value) => setEndDate(value === defaultEnd ? null : value)}
        errors={issuesAt(runner.issues, 'endDate')}
      />
      <TextInput
        label="公示地点/方式"
        placeholder="例如：社区公示栏、单位公告栏"
        value={place}
        onChange={setPlace}
        errors={issuesAt(runner.issues, 'place')}
      />
    </StepForm>
  );
}

/** 登记异议: an objection received during the notice (the objector may stay anonymous). */
export function RecordObjectionForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'recordObjection');
  const [objectionId] = useState(() => crypto.randomUUID());
  const [receivedOn, setReceivedOn] = useState(() => serverToday(ctx.detail));
  const [objector, setObjector] = useState('');
  const [content, setContent] = useState('');
  return (
    <StepForm
      command="recordObjection"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ objectionId, receivedOn, objector, content })}
    >
      <TextInput
        label="收到日期"
        type="date"
        value={receivedOn}
        onChange={setReceivedOn}
        errors={issuesAt(runner.issues, 'receivedOn')}
      />
      <TextInput
        label="异议人"
        hint="匿名异议可不填"
        value={objector}
        onChange={setObjector}
        errors={issuesAt(runner.issues, 'objector')}
      />
      <TextArea
        label="异议内容"
        value={content}
        onChange={setContent}
        errors={issuesAt(runner.issues, 'content')}
      />
    </StepForm>
  );
}

export interface OpenObjection {
  objectionId: string;
  receivedOn: string;
  objector: string;
  content: string;
}

/** The open objections with what was recorded for each (from the timeline's 登记异议 steps). */
export function openObjections(detail: Pick<CaseDetailReply, 'state' | 'timeline'>): OpenObjection[] {
  return detail.state.openObjectionIds.map((objectionId) => {
    const event = detail.timeline.find((e) => {
      const payload = e.data.payload;
      return (
        e.data.command === 'recordObjection' &&
        typeof payload === 'object' &&
        payload !== null &&
        !Array.isArray(payload) &&
        payload.objectionId === objectionId
      );
    });
    const payload = event?.data.payload;
    const text = (key: string) =>
      typeof payload === 'object' &&
      payload !== null &&
      !Array.isArray(payload) &&
      typeof payload[key] === 'string'
        ? payload[key]
        : '';
    return {
      objectionId,
      receivedOn: text('receivedOn'),
      objector: text('objector'),
      content: text('content'),
    };
  });
}

function objectionTitle(objection: OpenObjection): string {
  const who = objection.objector || '匿名';
  const content = objection.content.length > 30 ? `${objection.content.slice(0, 30)}…` : objection.content;
  return `${objection.receivedOn} ${who}：${content}`;
}

/** 处理异议: dismissed, or upheld and the case goes back to a named step. */
export function SettleObjectionForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'settleObjection');
  const open = openObjections(ctx.detail);
  const [objectionId, setObjectionId] = useState(open[0]?.objectionId ?? '');
  const [outcome, setOutcome] = useState<ObjectionOutcome | ''>('');
  const [explanation, setExplanation] = useState('');
  const [reopenAt, setReopenAt] = useState<ReopenStage | ''>('');
  return (
    <StepForm
      command="settleObjection"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() =>
        void runner.submit({
          objectionId,
          outcome: outcome || undefined,
          explanation,
          reopenAt: outcome === 'upheld' ? reopenAt || undefined : undefined,
        })
      }
    >
      <SelectInput
        label="待处理的异议"
        value={objectionId}
        choices={open.map((o) => ({ value: o.objectionId, label: objectionTitle(o) }))}
        onChange={setObjectionId}
        errors={issuesAt(runner.issues, 'objectionId')}
      />
      <RadioGroup
        label="核实结果"
        value={outcome}
        choices={OBJECTION_OUTCOMES.map((value) => ({ value, label: OBJECTION_OUTCOME_LABELS[value] }))}
        onChange={setOutcome}
        errors={issuesAt(runner.issues, 'outcome')}
      />
      {outcome === 'upheld' ? (
        <SelectInput
          label="退回环节"
          value={reopenAt}
          emptyLabel="请选择"
          choices={REOPEN_STAGES.map((value) => ({ value, label: LOOP_STAGE_LABELS[value] }))}
          onChange={setReopenAt}
          errors={issuesAt(runner.issues, 'reopenAt')}
        />
      ) : null}
      <TextArea
        label="核实处理意见"
        value={explanation}
        onChange={setExplanation}
        errors={issuesAt(runner.issues, 'explanation')}
      />
    </StepForm>
  );
}

/** 公示期满: after the end date, with every objection settled. */
export function CompleteNoticeForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'completeNotice');
  const { state } = ctx.detail;
  const [note, setNote] = useState('');
  return (
    <StepForm
      command="completeNotice"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ note })}
    >
      <p className="review-hint">
        公示期 {state.noticeStartDate ?? '—'} 至 {state.noticeEndDate ?? '—'}，共收到异议{' '}
        {state.objectionCount} 件，均已处理。期满后报市总备案。
      </p>
      <TextArea label="备注" value={note} onChange={setNote} errors={issuesAt(runner.issues, 'note')} />
    </StepForm>
  );
}
