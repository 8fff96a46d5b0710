import type { ComparisonSourceResult } from '../../../../shared/cases/api';
import { COMPARISON_RESULT_LABELS } from '../../../../shared/loop/vocabulary';
import { formatDateTime } from '../../../shell/format';
import { ENTRY_MODE_LABELS } from '../format/payload-facts';

/** 信息比对结果: one row per data source of the current round. */
export function ComparisonSection({ comparison }: { comparison: readonly ComparisonSourceResult[] }) {
  const done = comparison.filter((row) => row.result !== null).length;
  return (
    <section className="card" aria-labelledby="review-comparison-title">
      <h2 className="card__title" id="review-comparison-title">
        信息比对（已比对 {done}/{comparison.length} 项）
      </h2>
      <div className="review-table-wrap">
        <table className="review-table" data-testid="comparison-table">
          <thead>
            <tr>
              <th scope="col">数据来源</th>
              <th scope="col">结果</th>
              <th scope="col">说明</th>
              <th scope="col">录入方式</th>
              <th scope="col">录入时间</th>
            </tr>
          </thead>
          <tbody>
            {comparison.map((row) => (
              <tr key={row.source} data-source={row.source}>
                <th scope="row">{row.label}</th>
                <td className={row.result === 'inconsistent' ? 'review-warn' : undefined}>
                  {row.result ? COMPARISON_RESULT_LABELS[row.result] : '未比对'}
                </td>
                <td>{row.note || '—'}</td>
                <td>{row.via ? (ENTRY_MODE_LABELS[row.via] ?? row.via) : '—'}</td>
                <td>
                  {row.recordedAt ? formatDateTime(row.recordedAt) : '—'}
                  {row.recordedBy ? ` ${row.recordedBy}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
