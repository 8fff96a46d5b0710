import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { CaseDetailReply } from '../../../../shared/cases/api';
import type { SessionUserInfo } from '../../../../shared/auth';
import { LOOP_COMMAND_LABELS, type LoopCommandName } from '../../../../shared/loop/commands';
import { todayInChina } from '../../../../shared/validation/clock';
import type { LoopConfig } from '../../../../shared/loop/config';
import { loopConfigOn, settingsDayOf } from '../../../../shared/monitoring/loop-settings';
import { failureMessage, runCaseCommand } from '../api/review-api';
import { guardRefusal, parsePayload, type PayloadIssue } from './payload-check';

/** What every step form gets: the case as last loaded, who is acting, and what to do after success. */
export interface StepContext {
  detail: CaseDetailReply;
  user: SessionUserInfo;
  /** Called after the server accepted the step, with the sentence to show. */
  onDone(message: string): void;
  onCancel(): void;
}

/** Today in China by the server's clock (the clock the rules use). */
export function serverToday(detail: Pick<CaseDetailReply, 'serverNow'>): string {
  const now = new Date(detail.serverNow);
  return todayInChina(Number.isNaN(now.getTime()) ? new Date() : now);
}

/** The county's loop configuration (notice days, holidays, phase-out) in force on `day` for this case. */
export function caseLoopConfig(detail: Pick<CaseDetailReply, 'countySettings'>, day: string): LoopConfig {
  return loopConfigOn(detail.countySettings, day);
}

export interface StepRunner {
  busy: boolean;
  issues: PayloadIssue[];
  formError: string | null;
  /** Validates with the shared schema and rules, then sends the step. */
  submit(payload: unknown, options?: SubmitOptions): Promise<void>;
}

export interface SubmitOptions {
  /** Issues the form found itself (e.g. an amount in yuan that is not a number). */
  extra?: PayloadIssue[];
  /** Moves a schema issue to where the form shows it (a list item's index to its row's key). */
  renamePath?(path: string): string;
}

export function useStepRunner(ctx: StepContext, command: LoopCommandName): StepRunner {
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<PayloadIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(payload: unknown, options: SubmitOptions = {}): Promise<void> {
    const check = parsePayload(command, payload);
    const rename = options.renamePath ?? ((path: string) => path);
    const found = [
      ...(options.extra ?? []),
      ...(check.ok ? [] : check.issues.map((issue) => ({ ...issue, path: rename(issue.path) }))),
    ];
    if (!check.ok || found.length > 0) {
      setIssues(found);
      setFormError('请更正标出的内容后再提交');
      return;
    }
    setIssues([]);
    const actor = { role: ctx.user.role, unitPath: ctx.user.unitPath };
    const day = settingsDayOf(command, check.payload, serverToday(ctx.detail));
    const refusal = guardRefusal(
      ctx.detail.state,
      command,
      check.payload,
      actor,
      ctx.detail.serverNow,
      caseLoopConfig(ctx.detail, day),
    );
    if (refusal) {
      setFormError(refusal);
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await runCaseCommand(ctx.detail.household.id, command, check.payload);
      ctx.onDone(`已办理「${LOOP_COMMAND_LABELS[command]}」`);
    } catch (error) {
      setFormError(failureMessage(error));
      setBusy(false);
    }
  }

  return { busy, issues, formError, submit };
}

export function FieldErrors({ messages, id }: { messages: readonly string[]; id?: string }) {
  if (messages.length === 0) return null;
  return (
    <ul className="review-errors" id={id}>
      {messages.map((message, index) => (
        <li key={`${index}-${message}`}>{message}</li>
      ))}
    </ul>
  );
}

interface FieldProps {
  label: string;
  errors?: readonly string[];
  hint?: string;
  children(props: { id: string; invalid: boolean; describedBy: string | undefined }): ReactNode;
}

/** A labelled control with its hint and its messages right under it. */
export function Field({ label, errors = [], hint, children }: FieldProps) {
  const id = useId();
  const invalid = errors.length > 0;
  const described = [hint ? `${id}-hint` : null, invalid ? `${id}-errors` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <span className="review-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children({ id, invalid, describedBy: described || undefined })}
      <FieldErrors messages={errors} id={`${id}-errors`} />
    </div>
  );
}

function inputClass(invalid: boolean): string {
  return invalid ? 'field__input review-input--invalid' : 'field__input';
}

interface TextProps {
  label: string;
  value: string;
  onChange(value: string): void;
  errors?: readonly string[];
  hint?: string;
  type?: 'text' | 'date' | 'number';
  inputMode?: 'text' | 'decimal' | 'numeric';
  placeholder?: string;
  maxLength?: number;
  readOnly?: boolean;
}

export function TextInput(props: TextProps) {
  return (
    <Field label={props.label} errors={props.errors} hint={props.hint}>
      {({ id, invalid, describedBy }) => (
        <input
          id={id}
          className={inputClass(invalid)}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          value={props.value}
          placeholder={props.placeholder}
          maxLength={props.maxLength}
          readOnly={props.readOnly}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export function TextArea(props: Omit<TextProps, 'type' | 'inputMode'> & { rows?: number }) {
  return (
    <Field label={props.label} errors={props.errors} hint={props.hint}>
      {({ id, invalid, describedBy }) => (
        <textarea
          id={id}
          className={`${inputClass(invalid)} review-textarea`}
          rows={props.rows ?? 3}
          value={props.value}
          placeholder={props.placeholder}
          maxLength={props.maxLength}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export interface Choice<V extends string> {
  value: V;
  label: string;
}

export function SelectInput<V extends string>(props: {
  label: string;
  value: NoInfer<V> | '';
  choices: readonly Choice<V>[];
  onChange(value: NoInfer<V> | ''): void;
  errors?: readonly string[];
  hint?: string;
  /** Text of the empty choice; without it there is none. */
  emptyLabel?: string;
}) {
  return (
    <Field label={props.label} errors={props.errors} hint={props.hint}>
      {({ id, invalid, describedBy }) => (
        <select
          id={id}
          className={inputClass(invalid)}
          value={props.value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => {
            const value = event.target.value;
            const choice = props.choices.find((c) => c.value === value);
            props.onChange(choice ? choice.value : '');
          }}
        >
          {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
          {props.choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Radio buttons in a fieldset: for two to four choices a tap is quicker than a list. */
export function RadioGroup<V extends string>(props: {
  label: string;
  value: NoInfer<V> | '';
  choices: readonly Choice<V>[];
  onChange(value: NoInfer<V>): void;
  errors?: readonly string[];
  name?: string;
}) {
  const id = useId();
  const errors = props.errors ?? [];
  return (
    <fieldset className="review-radios" aria-describedby={errors.length > 0 ? `${id}-errors` : undefined}>
      <legend className="field__label">{props.label}</legend>
      <div className="review-radios__options">
        {props.choices.map((choice) => (
          <label key={choice.value} className="review-radio">
            <input
              type="radio"
              name={props.name ?? id}
              value={choice.value}
              checked={props.value === choice.value}
              onChange={() => props.onChange(choice.value)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
      <FieldErrors messages={errors} id={`${id}-errors`} />
    </fieldset>
  );
}

/** A growing list of one-line texts (items to fix, attendees), with at least one row. */
export function TextListInput(props: {
  label: string;
  itemLabel: string;
  values: readonly string[];
  onChange(values: string[]): void;
  errors?: readonly string[];
  hint?: string;
  addLabel: string;
}) {
  const id = useId();
  const errors = props.errors ?? [];
  const set = (index: number, value: string) =>
    props.onChange(props.values.map((item, i) => (i === index ? value : item)));
  return (
    <fieldset className="review-list" aria-describedby={errors.length > 0 ? `${id}-errors` : undefined}>
      <legend className="field__label">{props.label}</legend>
      {props.hint ? <span className="review-hint">{props.hint}</span> : null}
      {props.values.map((value, index) => (
        <div key={index} className="review-list__row">
          <input
            className="field__input"
            aria-label={`${props.itemLabel}${index + 1}`}
            value={value}
            onChange={(event) => set(index, event.target.value)}
          />
          {props.values.length > 1 ? (
            <button
              type="button"
              className="button"
              aria-label={`删除${props.itemLabel}${index + 1}`}
              onClick={() => props.onChange(props.values.filter((_, i) => i !== index))}
            >
              删除
            </button>
          ) : null}
        </div>
      ))}
      <button
        type="button"
        className="button review-list__add"
        onClick={() => props.onChange([...props.values, ''])}
      >
        {props.addLabel}
      </button>
      <FieldErrors messages={errors} id={`${id}-errors`} />
    </fieldset>
  );
}

/** Drops the rows left empty, so an unused spare row is not reported as an error. */
export function filledRows(values: readonly string[]): string[] {
  return values.filter((value) => value.trim() !== '');
}

/** The frame of a step's form: title, the form-level message, and the submit/cancel buttons. */
export function StepForm(props: {
  command: LoopCommandName;
  runner: StepRunner;
  onSubmit(): void;
  onCancel(): void;
  submitLabel?: string;
  children: ReactNode;
}) {
  const label = LOOP_COMMAND_LABELS[props.command];
  const handle = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="form review-step-form" noValidate aria-label={label} onSubmit={handle}>
      <h3 className="review-step-form__title">{label}</h3>
      {props.children}
      {props.runner.formError ? (
        <p className="form-error" role="alert">
          {props.runner.formError}
        </p>
      ) : null}
      <div className="review-step-form__actions">
        <button type="button" className="button" onClick={props.onCancel} disabled={props.runner.busy}>
          取消
        </button>
        <button type="submit" className="button button--primary" disabled={props.runner.busy}>
          {props.runner.busy ? '正在提交…' : (props.submitLabel ?? `确认${label}`)}
        </button>
      </div>
    </form>
  );
}
