import { useState } from 'react';
import { fenToYuanInput, parseYuan } from '../../../shared/validation/money';
import type { FieldProps } from './fields';
import { fieldAnchor } from './form-model';
import { useVisitForm } from './form-context';

type Parsed = { ok: true; value: number | null } | { ok: false; message: string };

/**
 * A number typed as text: the text stays as typed while the field has focus (so "12." can become "12.5"),
 * and only a well-formed number is saved; a malformed one shows why and is not saved.
 */
function NumericInput(
  props: FieldProps & {
    format(value: number): string;
    parse(text: string): Parsed;
    unit: string;
  },
) {
  const form = useVisitForm();
  const id = fieldAnchor(props.record.target, props.field);
  const stored = props.record.data[props.field];
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? (typeof stored === 'number' ? props.format(stored) : '');
  const parsed = draft === null ? null : props.parse(draft);
  const issue =
    parsed && !parsed.ok ? `${props.label}${parsed.message}` : (props.record.issues.get(props.field) ?? null);
  return (
    <div className={props.wide ? 'vf-field vf-field--wide' : 'vf-field'}>
      <label htmlFor={id} className="field__label">
        {props.label}
      </label>
      <span className="vf-unit-input">
        <input
          id={id}
          className="field__input"
          inputMode="decimal"
          value={text}
          readOnly={form.readOnly}
          aria-invalid={issue ? true : undefined}
          aria-describedby={issue ? `${id}-issue` : undefined}
          autoComplete="off"
          onChange={(event) => {
            setDraft(event.target.value);
            const next = props.parse(event.target.value);
            if (next.ok) form.set(props.record.target, props.field, next.value);
          }}
          onBlur={() => {
            if (draft !== null && props.parse(draft).ok) setDraft(null);
            form.flush();
          }}
        />
        <span className="vf-unit-input__unit">{props.unit}</span>
      </span>
      {props.hint ? <p className="vf-field__hint">{props.hint}</p> : null}
      {issue ? (
        <p className="vf-field__issue" id={`${id}-issue`}>
          {issue}
        </p>
      ) : null}
    </div>
  );
}

function parseMoney(text: string): Parsed {
  if (text.trim() === '') return { ok: true, value: null };
  const result = parseYuan(text);
  return result.ok ? { ok: true, value: result.fen } : { ok: false, message: result.message };
}

/** An amount typed in yuan, stored as integer fen. */
export function MoneyField(props: FieldProps & { unit?: string }) {
  return <NumericInput {...props} unit={props.unit ?? '元'} format={fenToYuanInput} parse={parseMoney} />;
}

function parseDecimal(integer: boolean) {
  return (text: string): Parsed => {
    const cleaned = text.trim().normalize('NFKC');
    if (cleaned === '') return { ok: true, value: null };
    if (!/^\d+(\.\d+)?$/.test(cleaned)) return { ok: false, message: '必须是数字' };
    const value = Number(cleaned);
    if (integer && !Number.isInteger(value)) return { ok: false, message: '必须是整数' };
    return { ok: true, value };
  };
}

export function NumberField(props: FieldProps & { unit: string; integer?: boolean }) {
  return <NumericInput {...props} format={String} parse={parseDecimal(props.integer ?? false)} />;
}
