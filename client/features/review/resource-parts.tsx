import type { Resource } from './api/use-resource';

/** What an office list shows while its data loads or after loading failed; nothing once it is ready. */
export function ResourceProgress({
  resource,
  loading = '正在读取…',
}: {
  resource: Resource<unknown>;
  loading?: string;
}) {
  if (resource.status === 'loading') return <p className="muted">{loading}</p>;
  if (resource.status === 'failed') {
    return (
      <p className="form-error" role="alert">
        {resource.message}
      </p>
    );
  }
  return null;
}

/** The segmented buttons an office list switches its status with (待核实 / 已合并 …). */
export function StatusTabs<T extends string | boolean>({
  label,
  values,
  current,
  labelOf,
  onPick,
}: {
  label: string;
  values: readonly T[];
  current: T;
  labelOf: (value: T) => string;
  onPick: (value: T) => void;
}) {
  return (
    <div className="review-segmented" role="group" aria-label={label}>
      {values.map((value) => (
        <button
          key={String(value)}
          type="button"
          className={value === current ? 'button button--primary' : 'button'}
          aria-pressed={value === current}
          onClick={() => onPick(value)}
        >
          {labelOf(value)}
        </button>
      ))}
    </div>
  );
}

/** A one-line confirmation after an action (合并完成, 已移出名单 …). */
export function ActionNotice({ text }: { text: string | null }) {
  return text ? (
    <p className="card review-success" role="status">
      {text}
    </p>
  ) : null;
}
