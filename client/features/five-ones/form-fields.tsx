import { useId, type InputHTMLAttributes, type Ref } from 'react';
import type { ValidationIssue } from '../../../shared/domain/records';
import { formatDateTime } from '../../shell/format';
import type { SaveState } from './use-record-draft';

/** Messages of the issues at `field` or inside it (e.g. attendees.2.idNumber under attendees). */
export function issuesAt(issues: readonly ValidationIssue[], field: string): string[] {
  return issues.filter((i) => i.path === field || i.path.startsWith(`${field}.`)).map((i) => i.message);
}

export function FieldErrors({ messages, id }: { messages: readonly string[]; id?: string }) {
  if (messages.length === 0) return null;
  return (
    <ul className="field-errors" id={id}>
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  label: string;
  value: unknown;
  errors?: readonly string[];
  ref?: Ref<HTMLInputElement>;
  onValue(value: string): void;
}

/** A labelled input whose validation messages sit right under it. */
export function TextField({ label, value, errors = [], ref, onValue, ...rest }: TextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        {...rest}
        ref={ref}
        id={id}
        className={errors.length > 0 ? 'field__input field__input--invalid' : 'field__input'}
        value={typeof value === 'string' ? value : ''}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length > 0 ? `${id}-errors` : undefined}
        onChange={(event) => onValue(event.target.value)}
      />
      <FieldErrors messages={errors} id={`${id}-errors`} />
    </div>
  );
}

/** "已自动保存到本机 14:05:09" and the like, so the worker knows nothing is lost. */
export function SaveStatus({ save }: { save: SaveState }) {
  switch (save.status) {
    case 'idle':
      return <span className="save-status">修改会自动保存到本机</span>;
    case 'saving':
      return <span className="save-status">正在保存…</span>;
    case 'saved':
      return <span className="save-status save-status--ok">已自动保存到本机 {formatDateTime(save.at)}</span>;
    case 'failed':
      return (
        <span className="save-status save-status--failed" role="alert">
          {save.message}
        </span>
      );
  }
}
