import { Link } from 'react-router';
import type { FundsReply } from '../../../shared/funds/api';
import { formatFen } from '../../../shared/validation/money';
import { useResource } from '../review/api/use-resource';
import { getFunds } from '../review/funds/funds-api';

/**
 * Budget against spending by project kind (事前预防 / 事后救助 / 送温暖) on the dashboard: a county's own
 * three kinds, or for the city every county's totals beside the city's sum per kind. Read from the same
 * /api/funds the 资金管理 screen uses (one request per county for the city: a city has a handful).
 */
export function FundsCard({ unitId, level, year }: { unitId: string; level: string; year: number }) {
  const [funds] = useResource(`oversight-funds:${unitId}:${year}`, async (): Promise<FundsReply[]> => {
    if (level === 'county') return [await getFunds(unitId, year)];
    const first = await getFunds(null, year);
    const rest = await Promise.all(
      first.counties.filter((c) => c.id !== first.countyId).map((c) => getFunds(c.id, year)),
    );
    return [first, ...rest];
  });
  return (
    <section className="card" aria-label="帮扶资金">
      <h2 className="card__title">帮扶资金（{year}年）</h2>
      {funds.status === 'loading' ? <p className="muted">正在读取…</p> : null}
      {funds.status === 'failed' ? <p className="muted">{funds.message}</p> : null}
      {funds.status === 'ready' ? <FundsTable replies={funds.data} /> : null}
      <Link to="/funds">资金管理 →</Link>
    </section>
  );
}

function FundsTable({ replies }: { replies: FundsReply[] }) {
  const kinds = replies[0]?.kinds ?? [];
  const sum = (pick: (r: FundsReply) => number) => replies.reduce((total, r) => total + pick(r), 0);
  return (
    <table className="review-table" aria-label="预算与发放">
      <thead>
        <tr>
          <th scope="col">项目类别</th>
          <th scope="col">预算</th>
          <th scope="col">已发放</th>
          <th scope="col">结余</th>
        </tr>
      </thead>
      <tbody>
        {kinds.map((k) => {
          const budget = sum((r) => r.kinds.find((x) => x.kind === k.kind)?.budgetFen ?? 0);
          const spent = sum((r) => r.kinds.find((x) => x.kind === k.kind)?.spentFen ?? 0);
          return (
            <tr key={k.kind} data-over={spent > budget}>
              <th scope="row">{k.label}</th>
              <td>{formatFen(budget)}</td>
              <td>{formatFen(spent)}</td>
              <td className={spent > budget ? 'review-badge review-badge--warn' : undefined}>
                {spent > budget ? `超支 ${formatFen(spent - budget)}` : formatFen(budget - spent)}
              </td>
            </tr>
          );
        })}
        {replies.length > 1
          ? replies.map((r) => (
              <tr key={r.countyId}>
                <th scope="row">{r.countyName}（合计）</th>
                <td>{formatFen(r.total.budgetFen)}</td>
                <td>{formatFen(r.total.spentFen)}</td>
                <td>{formatFen(r.total.remainingFen)}</td>
              </tr>
            ))
          : null}
      </tbody>
    </table>
  );
}
