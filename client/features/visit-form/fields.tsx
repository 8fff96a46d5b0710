import { useState, type ReactNode } from 'react';
import { fieldAnchor } from './form-model';
import { useVisitForm, type FormRecord } from './form-context';

/**
 * Inputs of the visit form. Each writes through the form's autosave and shows its own message under it:
 * while a field is first being typed into the message waits for the worker to leave it, after that it
 * follows every keystroke.
 */
export interface FieldProps {
  record: FormRecord;
  field: string;
  label: string;
  hint?: string;
  /** Spans the whole row of the grid (long text, addresses). */
  wide?: boolean;
}

function useShowIssue(): { show: boolean; onFocus(): void; onBlur(): void } {
  const [focused, setFocused] = useState(false);
  const [left, setLeft] = useState(false);
  return {
    show: !focused || left,
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false);
      setLeft(true);
    },
  };
}

function FieldShell(props: {
  id: string;
  label: string;
  hint?: string;
  wide?: boolean;
  issue: string | null;
  /** A warning that does not block (e.g. the ID number is filed in another household). */
  notice?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={props.wide ? 'vf-field vf-field--wide' : 'vf-field'}>
      <label htmlFor={props.id} className="field__label">
        {props.label}
      </label>
      {props.children}
      {props.hint ? <p className="vf-field__hint">{props.hint}</p> : null}
      {props.issue ? (
        <p className="vf-field__issue" id={`${props.id}-issue`}>
          {props.issue}
        </p>
      ) : null}
      {props.notice}
    </div>
  );
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

export function TextField(
  props: FieldProps & {
    inputMode?: 'text' | 'numeric' | 'tel';
    maxLength?: number;
    upperCase?: boolean;
    onValue?: (value: string | null) => void;
    notice?: ReactNode;
  },
) {
  const form = useVisitForm();
  const focus = useShowIssue();
  const id = fieldAnchor(props.record.target, props.field);
  const issue = focus.show ? (props.record.issues.get(props.field) ?? null) : null;
  return (
    <FieldShell
      id={id}
      label={props.label}
      hint={props.hint}
      wide={props.wide}
      issue={issue}
      notice={props.notice}
    >
      <input
        id={id}
        className="field__input"
        value={textOf(props.record.data[props.field])}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        readOnly={form.readOnly}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue ? `${id}-issue` : undefined}
        autoComplete="off"
        onFocus={focus.onFocus}
        onBlur={() => {
          focus.onBlur();
          form.flush();
        }}
        onChange={(event) => {
          const raw = props.upperCase ? event.target.value.toUpperCase() : event.target.value;
          const value = raw === '' ? null : raw;
          form.set(props.record.target, props.field, value);
          props.onValue?.(value);
        }}
      />
    </FieldShell>
  );
}

export function TextAreaField(props: FieldProps & { rows?: number }) {
  const form = useVisitForm();
  const focus = useShowIssue();
  const id = fieldAnchor(props.record.target, props.field);
  const issue = focus.show ? (props.record.issues.get(props.field) ?? null) : null;
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} wide issue={issue}>
      <textarea
        id={id}
        className="field__input vf-textarea"
        rows={props.rows ?? 4}
        value={textOf(props.record.data[props.field])}
        readOnly={form.readOnly}
        aria-invalid={issue ? true : undefined}
        onFocus={focus.onFocus}
        onBlur={() => {
          focus.onBlur();
          form.flush();
        }}
        onChange={(event) =>
          form.set(props.record.target, props.field, event.target.value === '' ? null : event.target.value)
        }
      />
    </FieldShell>
  );
}

export function DateField(props: FieldProps) {
  const form = useVisitForm();
  const id = fieldAnchor(props.record.target, props.field);
  const issue = props.record.issues.get(props.field) ?? null;
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} wide={props.wide} issue={issue}>
      <input
        id={id}
        type="date"
        className="field__input"
        value={textOf(props.record.data[props.field])}
        readOnly={form.readOnly}
        aria-invalid={issue ? true : undefined}
        onBlur={() => form.flush()}
        onChange={(event) =>
          form.set(props.record.target, props.field, event.target.value === '' ? null : event.target.value)
        }
      />
    </FieldShell>
  );
}

export interface Choice<T extends string | number> {
  value: T;
  label: string;
}

/** Choices from a zh-CN label map ({ code: label }), in the map's order. */
export function choicesOf<T extends string>(labels: Record<T, string>): Choice<T>[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}

/** Choices from a label map keyed by numeric codes (致困原因, 残疾等级). */
export function numericChoices<T extends number>(
  values: readonly T[],
  labels: Record<T, string>,
): Choice<T>[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

export function SelectField<T extends string | number>(
  props: FieldProps & { choices: readonly Choice<T>[] },
) {
  const form = useVisitForm();
  const id = fieldAnchor(props.record.target, props.field);
  const issue = props.record.issues.get(props.field) ?? null;
  const current = props.record.data[props.field];
  const selected = props.choices.find((choice) => choice.value === current);
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} wide={props.wide} issue={issue}>
      <select
        id={id}
        className="field__input"
        value={selected ? String(selected.value) : ''}
        disabled={form.readOnly}
        aria-invalid={issue ? true : undefined}
        onBlur={() => form.flush()}
        onChange={(event) => {
          const choice = props.choices.find((c) => String(c.value) === event.target.value);
          form.set(props.record.target, props.field, choice ? choice.value : null);
        }}
      >
        <option value="">请选择</option>
        {props.choices.map((choice) => (
          <option key={String(choice.value)} value={String(choice.value)}>
            {choice.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

const YES_NO: readonly Choice<'yes' | 'no'>[] = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
];

export function FlagField(props: FieldProps) {
  const form = useVisitForm();
  const id = fieldAnchor(props.record.target, props.field);
  const issue = props.record.issues.get(props.field) ?? null;
  const current = props.record.data[props.field];
  const value = current === true ? 'yes' : current === false ? 'no' : '';
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} wide={props.wide} issue={issue}>
      <select
        id={id}
        className="field__input"
        value={value}
        disabled={form.readOnly}
        aria-invalid={issue ? true : undefined}
        onBlur={() => form.flush()}
        onChange={(event) => {
          const next = event.target.value === 'yes' ? true : event.target.value === 'no' ? false : null;
          form.set(props.record.target, props.field, next);
        }}
      >
        <option value="">请选择</option>
        {YES_NO.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
