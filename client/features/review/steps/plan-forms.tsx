import { useState } from 'react';
import {
  ASSISTANCE_MEASURES,
  ASSISTANCE_MEASURE_LABELS,
  PLAN_DECISIONS,
  PLAN_DECISION_LABELS,
  type AssistanceMeasure,
  type PlanDecision,
} from '../../../../shared/loop/vocabulary';
import { formatFen, parseYuan } from '../../../../shared/validation/money';
import { payloadFacts } from '../format/payload-facts';
import {
  FieldErrors,
  RadioGroup,
  StepForm,
  TextArea,
  TextInput,
  TextListInput,
  filledRows,
  serverToday,
  useStepRunner,
  type StepContext,
} from './form-kit';
import { issuesAt, type PayloadIssue } from './payload-check';

interface MeasureRow {
  measure: AssistanceMeasure | '';
  /** Yuan as typed; empty means help in kind (0). */
  amount: string;
  note: string;
}

/** Rows typed in yuan → the payload's measures in fen, with a message for every amount that is not money. */
export function measuresFromRows(rows: readonly MeasureRow[]): {
  measures: { measure: AssistanceMeasure | undefined; amountFen: number; note: string }[];
  issues: PayloadIssue[];
} {
  const issues: PayloadIssue[] = [];
  const measures = rows.map((row, index) => {
    let amountFen = 0;
    if (row.amount.trim() !== '') {
      const parsed = parseYuan(row.amount);
      if (parsed.ok) amountFen = parsed.fen;
      else issues.push({ path: `measures.${index}.amountFen`, message: `金额${parsed.message}` });
    }
    return { measure: row.measure || undefined, amountFen, note: row.note };
  });
  return { measures, issues };
}

/** 提出帮扶方案: measures with amounts typed in yuan and stored in fen. */
export function ProposePlanForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'proposePlan');
  const [rows, setRows] = useState<MeasureRow[]>([{ measure: 'living_relief', amount: '', note: '' }]);
  const [note, setNote] = useState('');
  const { measures } = measuresFromRows(rows);
  const total = measures.reduce((sum, m) => sum + m.amountFen, 0);
  const setRow = (index: number, patch: Partial<MeasureRow>) =>
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const submit = () => {
    const built = measuresFromRows(rows);
    void runner.submit({ measures: built.measures, note }, { extra: built.issues });
  };

  return (
    <StepForm command="proposePlan" runner={runner} onCancel={ctx.onCancel} onSubmit={submit}>
      <p className="review-hint">金额以元为单位；就业帮扶、技能培训等非资金帮扶可不填金额。</p>
      <div className="review-measures">
        {rows.map((row, index) => {
          const errors = issuesAt(runner.issues, `measures.${index}`);
          return (
            <fieldset key={index} className="review-measure">
              <legend className="field__label">帮扶措施{index + 1}</legend>
              <select
                className="field__input"
                aria-label={`帮扶措施${index + 1}`}
                value={row.measure}
                onChange={(event) => {
                  const value = ASSISTANCE_MEASURES.find((m) => m === event.target.value);
                  setRow(index, { measure: value ?? '' });
                }}
              >
                <option value="">请选择</option>
                {ASSISTANCE_MEASURES.map((measure) => (
                  <option key={measure} value={measure}>
                    {ASSISTANCE_MEASURE_LABELS[measure]}
                  </option>
                ))}
              </select>
              <input
                className="field__input"
                inputMode="decimal"
                aria-label={`帮扶措施${index + 1}金额（元）`}
                placeholder="金额（元）"
                value={row.amount}
                onChange={(event) => setRow(index, { amount: event.target.value })}
              />
              {rows.length > 1 ? (
                <button
                  type="button"
                  className="button"
                  aria-label={`删除帮扶措施${index + 1}`}
                  onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
                >
                  删除
                </button>
              ) : null}
              <input
                className="field__input review-measure__note"
                aria-label={`帮扶措施${index + 1}说明`}
                placeholder="说明"
                value={row.note}
                onChange={(event) => setRow(index, { note: event.target.value })}
              />
              <FieldErrors messages={errors} />
            </fieldset>
          );
        })}
        <button
          type="button"
          className="button"
          onClick={() => setRows((current) => [...current, { measure: '', amount: '', note: '' }])}
        >
          增加一项措施
        </button>
      </div>
      <p className="review-total" aria-live="polite">
        方案合计：<strong>{formatFen(total)}</strong>
      </p>
      <FieldErrors
        messages={runner.issues.filter((i) => i.path === 'measures').map((i) => `帮扶措施${i.message}`)}
      />
      <TextArea label="方案说明" value={note} onChange={setNote} errors={issuesAt(runner.issues, 'note')} />
    </StepForm>
  );
}

/** The plan awaiting approval: the latest proposal of this cycle on the timeline. */
function ProposedPlan({ ctx }: { ctx: StepContext }) {
  const { timeline, state } = ctx.detail;
  const proposal = [...timeline]
    .reverse()
    .find((event) => event.data.command === 'proposePlan' && event.data.cycle === state.cycle);
  if (!proposal) return null;
  return (
    <div className="notice">
      <strong>待审批的帮扶方案（合计 {formatFen(state.planTotalFen)}）</strong>
      <ul className="review-plain-list">
        {payloadFacts('proposePlan', proposal.data.payload).flatMap((fact) =>
          fact.lines.map((line) => <li key={`${fact.label}-${line}`}>{`${fact.label}：${line}`}</li>),
        )}
      </ul>
    </div>
  );
}

/** 集体审批: meeting date, at least three attendees, the decision and the minutes. */
export function ApprovePlanForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'approvePlan');
  const [meetingDate, setMeetingDate] = useState(() => serverToday(ctx.detail));
  const [attendees, setAttendees] = useState<string[]>(['', '', '']);
  const [decision, setDecision] = useState<PlanDecision | ''>('');
  const [minutes, setMinutes] = useState('');
  return (
    <StepForm
      command="approvePlan"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() =>
        void runner.submit({
          meetingDate,
          attendees: filledRows(attendees).map((name) => name.trim()),
          decision: decision || undefined,
          minutes,
        })
      }
    >
      <ProposedPlan ctx={ctx} />
      <TextInput
        label="会议日期"
        type="date"
        value={meetingDate}
        onChange={setMeetingDate}
        errors={issuesAt(runner.issues, 'meetingDate')}
      />
      <TextListInput
        label="参会人员"
        itemLabel="参会人员"
        hint="至少 3 名不同的参会人员"
        values={attendees}
        onChange={setAttendees}
        addLabel="增加参会人员"
        errors={issuesAt(runner.issues, 'attendees')}
      />
      <RadioGroup
        label="审批结果"
        value={decision}
        choices={PLAN_DECISIONS.map((value) => ({ value, label: PLAN_DECISION_LABELS[value] }))}
        onChange={setDecision}
        errors={issuesAt(runner.issues, 'decision')}
      />
      <TextArea
        label="会议纪要"
        rows={4}
        value={minutes}
        onChange={setMinutes}
        errors={issuesAt(runner.issues, 'minutes')}
      />
    </StepForm>
  );
}
