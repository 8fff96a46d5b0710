import { useEffect, useRef } from 'react';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel?: string;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal question with a destructive "confirm"; focus starts on the safe choice. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="dialog-title">
        <h2 id="dialog-title" className="dialog__title">
          {props.title}
        </h2>
        <p className="dialog__message">{props.message}</p>
        <div className="dialog__actions">
          <button
            ref={cancel}
            type="button"
            className="button"
            onClick={props.onCancel}
            disabled={props.busy}
          >
            {props.cancelLabel ?? '取消'}
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={props.onConfirm}
            disabled={props.busy}
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
