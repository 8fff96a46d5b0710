interface PinInputProps {
  label: string;
  name: string;
  value: string;
  onChange(value: string): void;
  autoFocus?: boolean;
}

/** A masked field that takes only digits and brings up the numeric keypad on tablets. */
export function PinInput(props: PinInputProps) {
  return (
    <label className="field">
      <span className="field__label">{props.label}</span>
      <input
        className="field__input field__input--pin"
        name={props.name}
        type="password"
        inputMode="numeric"
        pattern="[0-9]*"
        autoComplete="off"
        maxLength={6}
        value={props.value}
        autoFocus={props.autoFocus}
        onChange={(event) => props.onChange(event.target.value.replace(/\D/g, '').slice(0, 6))}
      />
    </label>
  );
}
