import { useState } from 'react';
import type { CaseDetailReply } from '../../../../shared/cases/api';
import type { SessionUserInfo } from '../../../../shared/auth';
import type { LoopCommandName } from '../../../../shared/loop/commands';
import { StepFormFor } from './step-form';
import { offeredSteps } from './step-model';

/**
 * 办理: the steps of the case's current stage. Allowed steps open their form; the others are shown disabled
 * with the server's reason (another role's step, or a rule not met yet).
 */
export function StepPanel(props: {
  detail: CaseDetailReply;
  user: SessionUserInfo;
  /** The case is being read again: what is on screen may be out of date, so no step can start. */
  refreshing: boolean;
  /** After a step succeeded: reload the case and say what was done. */
  onDone(message: string): void;
}) {
  const [open, setOpen] = useState<LoopCommandName | null>(null);
  const steps = offeredSteps(props.detail.availability, props.detail.state.stage);
  const allowedOpen =
    open !== null && steps.some((step) => step.command === open && step.allowed) ? open : null;

  return (
    <section className="card review-steps" aria-labelledby="review-steps-title">
      <h2 className="card__title" id="review-steps-title">
        办理
      </h2>
      {steps.length === 0 ? <p className="muted">当前环节没有需要办理的步骤。</p> : null}
      <ul className="review-steps__list">
        {steps.map((step) => (
          <li key={step.command} className="review-steps__item">
            <button
              type="button"
              className={step.allowed ? 'button button--primary' : 'button'}
              disabled={!step.allowed || props.refreshing}
              aria-expanded={step.allowed ? allowedOpen === step.command : undefined}
              aria-describedby={step.reason ? `step-reason-${step.command}` : undefined}
              onClick={() => setOpen(allowedOpen === step.command ? null : step.command)}
            >
              {step.label}
            </button>
            {step.reason ? (
              <span className="review-steps__reason" id={`step-reason-${step.command}`}>
                {step.reason}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {allowedOpen ? (
        <StepFormFor
          key={`${allowedOpen}-${props.detail.household.rev}`}
          command={allowedOpen}
          ctx={{
            detail: props.detail,
            user: props.user,
            onCancel: () => setOpen(null),
            onDone: (message) => {
              setOpen(null);
              props.onDone(message);
            },
          }}
        />
      ) : null}
    </section>
  );
}
