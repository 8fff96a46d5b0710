import { Link, useSearchParams } from 'react-router';
import { currentRound, type RoundCoverageRow } from '../../../../shared/domain/round-calendar';
import '../review.css';
import { STAGE_LABELS_FOR_COVERAGE } from './coverage-labels';
import { todayInChina } from '../../../../shared/validation/clock';
import { useResource } from '../api/use-resource';
import { getRoundCalendar, getRoundCoverage } from './rounds-api';
import { useCurrentUser } from '../../../auth/use-session';
import { ROUND_CALENDAR_ROLES } from '../review-roles';
import { LedgerExportButton } from '../ledgers/ledger-button';

function percent(row: RoundCoverageRow): string {
  return row.due === 0 ? '—' : `${Math.floor((row.visited * 100) / row.due)}%`;
}

/**
 * `/rounds`: coverage of the year's visit rounds (走访覆盖情况), live from the server: due / visited /
 * overdue per unit below the chosen one (counties for the city, townships for a county, grids for a
 * township), and the households still to visit. A unit's row opens the same view one level down.
 */
export function CoveragePage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year') ?? todayInChina().slice(0, 4));
  const unitId = params.get('unit');
  const [calendar] = useResource(`calendar:${year}`, () => getRoundCalendar(year));
  const rounds = calendar.status === 'ready' ? calendar.data.rounds : [];
  // The current round by the server's day (the office PC's clock may be wrong).
  const today = calendar.status === 'ready' ? calendar.data.today : todayInChina();
  const roundId = params.get('round') ?? currentRound(rounds, today)?.id ?? rounds[0]?.id ?? null;
  const [coverage, reload] = useResource(`coverage:${roundId ?? ''}:${unitId ?? ''}`, () =>
    roundId ? getRoundCoverage(roundId, unitId) : Promise.resolve(null),
  );
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };

  return (
    <div className="page">
      <section className="card">
        <h1 className="card__title">走访覆盖情况</h1>
        <p className="muted">在档家庭（动态管理、渐退期）每轮均应走访；本页数据实时统计。</p>
        {calendar.status === 'failed' ? <p className="form-error">{calendar.message}</p> : null}
        <div className="form__actions">
          <label>
            走访轮次{' '}
            <select
              aria-label="走访轮次"
              value={roundId ?? ''}
              onChange={(event) => set({ round: event.target.value })}
            >
              {rounds.map((round) => (
                <option key={round.id} value={round.id}>
                  {round.name}（{round.startDate} 至 {round.endDate}）
                </option>
              ))}
            </select>
          </label>
          {unitId ? (
            <button type="button" className="button" onClick={() => set({ unit: null })}>
              返回本单位
            </button>
          ) : null}
          <button type="button" className="button" onClick={reload}>
            刷新
          </button>
          {ROUND_CALENDAR_ROLES.includes(user.role) ? (
            <Link className="button" to={`/rounds/calendar?year=${year}`}>
              走访轮次安排
            </Link>
          ) : null}
          <LedgerExportButton kind="five-ones" filters={{ unitId, year }} />
        </div>
      </section>
      {coverage.status === 'loading' ? <p className="muted">正在统计…</p> : null}
      {coverage.status === 'failed' ? <p className="form-error">{coverage.message}</p> : null}
      {coverage.status === 'ready' && coverage.data ? (
        <>
          <section className="card">
            <h2 className="card__title">
              {coverage.data.unit.name}：{coverage.data.round.name}
            </h2>
            <p data-testid="coverage-total">
              应走访 {coverage.data.total.due} 户，已走访 {coverage.data.total.visited} 户
              {`（${coverage.data.total.visited}/${coverage.data.total.due}）`}，逾期未走访{' '}
              {coverage.data.total.overdue} 户
            </p>
            {coverage.data.units.length > 0 ? (
              <table className="review-table" aria-label="各单位走访覆盖">
                <thead>
                  <tr>
                    <th>单位</th>
                    <th>应走访</th>
                    <th>已走访</th>
                    <th>覆盖率</th>
                    <th>逾期</th>
                  </tr>
                </thead>
                <tbody>
                  {coverage.data.units.map((row) => (
                    <tr key={row.unitId} data-testid="coverage-row">
                      <td>
                        <button type="button" className="button" onClick={() => set({ unit: row.unitId })}>
                          {row.unitName}
                        </button>
                      </td>
                      <td>{row.due}</td>
                      <td>{row.visited}</td>
                      <td>{percent(row)}</td>
                      <td>{row.overdue}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
          <section className="card">
            <h2 className="card__title">尚未走访的家庭（{coverage.data.notVisitedTotal} 户）</h2>
            {coverage.data.notVisited.length === 0 ? (
              <p className="muted">本轮应走访的家庭均已走访。</p>
            ) : (
              <ul aria-label="尚未走访的家庭">
                {coverage.data.notVisited.map((row) => (
                  <li key={row.id}>
                    <Link to={`/review/cases/${row.id}`}>{row.headName ?? '（未填写户主姓名）'}</Link>{' '}
                    <span className="muted">{STAGE_LABELS_FOR_COVERAGE(row.stage)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}
