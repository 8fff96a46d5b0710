import { useId, type ChangeEvent } from 'react';

interface PhotoPickerProps {
  /** Accessible name of the file input, e.g. "为「劳动合同」拍照". */
  label: string;
  /** Visible button text. */
  text?: string;
  busy?: boolean;
  disabled?: boolean;
  onFiles(files: File[]): void;
}

/**
 * A button that opens the tablet's rear camera (or the gallery), several pictures at a time. The input
 * is reset after each choice so the same picture can be chosen again after a removal.
 */
export function PhotoPicker({
  label,
  text = '拍照',
  busy = false,
  disabled = false,
  onFiles,
}: PhotoPickerProps) {
  const id = useId();
  const handleChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  const inactive = busy || disabled;
  return (
    <span className={inactive ? 'photo-picker photo-picker--inactive' : 'photo-picker'}>
      <input
        id={id}
        className="photo-picker__input"
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        aria-label={label}
        disabled={inactive}
        onChange={handleChange}
      />
      <label htmlFor={id} className="button photo-picker__button">
        {busy ? '正在保存照片…' : text}
      </label>
    </span>
  );
}
