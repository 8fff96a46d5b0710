import { useState } from 'react';
import { bankCardLast4, maskBankCard } from '../../../../shared/loop/bank-card';
import { FUND_KINDS, FUND_KIND_LABELS, defaultFundKind, type FundKind } from '../../../../shared/funds/kinds';
import { fenToYuanInput, formatFen, parseYuan } from '../../../../shared/validation/money';
import {
  SelectInput,
  StepForm,
  TextArea,
  TextInput,
  serverToday,
  useStepRunner,
  type StepContext,
} from './form-kit';
import { issuesAt, type PayloadIssue } from './payload-check';

/** 市总备案: the city's file number and date. */
export function FileRecordForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'fileRecord');
  const [fileNumber, setFileNumber] = useState('');
  const [filedOn, setFiledOn] = useState(() => serverToday(ctx.detail));
  return (
    <StepForm
      command="fileRecord"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ fileNumber, filedOn })}
    >
      <TextInput
        label="备案编号"
        value={fileNumber}
        onChange={setFileNumber}
        errors={issuesAt(runner.issues, 'fileNumber')}
      />
      <TextInput
        label="备案日期"
        type="date"
        value={filedOn}
        onChange={setFiledOn}
        errors={issuesAt(runner.issues, 'filedOn')}
      />
    </StepForm>
  );
}

/**
 * 打卡发放: to the real-name bank card on the household file, shown masked. Only the last four digits travel
 * with the step; the amount defaults to what remains of the approved plan.
 */
export function DisburseForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'disburse');
  const { state, household } = ctx.detail;
  const cardOnFile = typeof household.data.bankCardNumber === 'string' ? household.data.bankCardNumber : '';
  const last4OnFile = bankCardLast4(cardOnFile);
  const remaining = Math.max(0, state.planTotalFen - state.disbursedTotalFen);
  const [amount, setAmount] = useState(() => (remaining > 0 ? fenToYuanInput(remaining) : ''));
  const [paidOn, setPaidOn] = useState(() => serverToday(ctx.detail));
  const [typedLast4, setTypedLast4] = useState('');
  const [note, setNote] = useState('');
  // Booked to the kind the plan's measures suggest unless the county chooses another (送温暖 by hand).
  const [fundKind, setFundKind] = useState<FundKind | ''>(() => defaultFundKind(state.planMeasures));

  const submit = () => {
    const parsed = parseYuan(amount);
    const extra: PayloadIssue[] = parsed.ok ? [] : [{ path: 'amountFen', message: parsed.message }];
    void runner.submit(
      {
        amountFen: parsed.ok ? parsed.fen : undefined,
        paidOn,
        bankCardLast4: last4OnFile ?? typedLast4.trim(),
        note,
        fundKind: fundKind || undefined,
      },
      { extra },
    );
  };

  return (
    <StepForm command="disburse" runner={runner} onCancel={ctx.onCancel} onSubmit={submit}>
      <p className="review-hint">
        批准方案金额 {formatFen(state.planTotalFen)}，已发放 {formatFen(state.disbursedTotalFen)}，尚可发放{' '}
        {formatFen(remaining)}。
      </p>
      <TextInput
        label="发放金额（元）"
        inputMode="decimal"
        value={amount}
        onChange={setAmount}
        errors={issuesAt(runner.issues, 'amountFen')}
      />
      <TextInput
        label="发放日期"
        type="date"
        value={paidOn}
        onChange={setPaidOn}
        errors={issuesAt(runner.issues, 'paidOn')}
      />
      {last4OnFile ? (
        <div className="field">
          <span className="field__label">收款银行卡（实名）</span>
          <span className="review-card" data-testid="disburse-card">
            {maskBankCard(cardOnFile)}
            {typeof household.data.bankName === 'string' ? ` · ${household.data.bankName}` : ''}
          </span>
        </div>
      ) : (
        <TextInput
          label="银行卡号后四位"
          hint="家庭档案中没有银行卡号，请核对实名银行卡后填写后四位"
          inputMode="numeric"
          maxLength={4}
          value={typedLast4}
          onChange={setTypedLast4}
          errors={issuesAt(runner.issues, 'bankCardLast4')}
        />
      )}
      <SelectInput
        label="资金项目类别"
        hint="按帮扶措施默认；送温暖、提升生活品质项目请手动选择"
        value={fundKind}
        choices={FUND_KINDS.map((kind) => ({ value: kind, label: FUND_KIND_LABELS[kind] }))}
        onChange={setFundKind}
        errors={issuesAt(runner.issues, 'fundKind')}
      />
      <TextArea label="备注" value={note} onChange={setNote} errors={issuesAt(runner.issues, 'note')} />
    </StepForm>
  );
}
