import { useState } from 'react';
import { dismissRequestSchema, type Finding } from '../../../../shared/identity/api';
import { ConfirmDialog } from '../../../shell/confirm-dialog';
import { dismissFinding, mergeFinding } from '../api/identity-api';
import { failureMessage } from '../api/review-api';
import { RadioGroup, TextArea } from '../steps/form-kit';
import { mergeExplanation, sideName, survivorAndOther } from './finding-model';

/**
 * 合并 (choose the household that survives, confirm) and 不是重复 (with a reason), each only when the
 * server says the caller may. Refusals come back as Chinese messages and are shown as they are.
 */
export function FindingActions(props: { finding: Finding; onSettled(message: string): void }) {
  const { finding } = props;
  const [survivorId, setSurvivorId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!finding.canMerge && !finding.canDismiss) {
    return <p className="review-hint">两户不都在您的管辖范围内，由市总帮扶中心或相关县总核实处理。</p>;
  }
  const pair = survivorId ? survivorAndOther(finding, survivorId) : null;

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      const message = await action();
      setConfirming(false);
      props.onSettled(message);
    } catch (failure) {
      setConfirming(false);
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const merge = () =>
    void run(async () => {
      const reply = await mergeFinding(finding.id, survivorId);
      return `已合并：保留${pair ? sideName(pair[0]) : '所选的一户'}，移入 ${reply.moved} 条记录。`;
    });

  const dismiss = () => {
    const parsed = dismissRequestSchema.safeParse({ reason });
    if (!parsed.success) {
      setReasonError(parsed.error.issues[0]?.message ?? '请说明理由');
      return;
    }
    setReasonError(null);
    void run(async () => {
      await dismissFinding(finding.id, parsed.data.reason);
      return '已标记为不是重复，这两户不会再被提示。';
    });
  };

  return (
    <div className="dup-actions">
      {finding.canMerge ? (
        <div className="dup-actions__merge">
          <RadioGroup
            label="合并时保留哪一户"
            name={`survivor-${finding.id}`}
            value={survivorId}
            choices={[
              { value: finding.held.householdId, label: `后建档：${sideName(finding.held)}` },
              { value: finding.other.householdId, label: `已建档：${sideName(finding.other)}` },
            ]}
            onChange={setSurvivorId}
          />
          <button
            type="button"
            className="button button--primary"
            disabled={busy || !pair}
            onClick={() => setConfirming(true)}
          >
            合并
          </button>
        </div>
      ) : null}
      {finding.canDismiss ? (
        dismissing ? (
          <div className="dup-actions__dismiss">
            <TextArea
              label="不是重复的理由"
              hint="例如：同名同生日的两个人，已核对户口簿"
              value={reason}
              maxLength={500}
              onChange={setReason}
              errors={reasonError ? [reasonError] : []}
            />
            <div className="review-step-form__actions">
              <button type="button" className="button" disabled={busy} onClick={() => setDismissing(false)}>
                取消
              </button>
              <button type="button" className="button button--primary" disabled={busy} onClick={dismiss}>
                确认不是重复
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => setDismissing(true)}>
            不是重复
          </button>
        )
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {confirming && pair ? (
        <ConfirmDialog
          title="合并两户档案"
          message={mergeExplanation(pair[0], pair[1])}
          confirmLabel="确认合并"
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={merge}
        />
      ) : null}
    </div>
  );
}
