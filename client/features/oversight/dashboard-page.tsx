import { Link, useSearchParams } from 'react-router';
import { INDICATOR_KEYS, INDICATOR_TEXT, rateText, type IndicatorsReply } from '../../../shared/indicators';
import { MONITORING_KINDS, MONITORING_KIND_LABELS } from '../../../shared/monitoring';
import { ResourceProgress } from '../review/resource-parts';
import { useResource } from '../review/api/use-resource';
import { FigureCell } from './figure-parts';
import { FundsCard } from './funds-card';
import { TrendChart, UnitsChart } from './indicator-charts';
import { getIndicators } from './oversight-api';
import { casesLink, periodChoices } from './oversight-model';
import '../review/review.css';
import './oversight.css';

/**
 * 督导首页 (county and city): the six indicators of the plan for a period, each with its numerator and
 * denominator linking to the cases behind them; per township (a county) or per county (the city) with the
 * units below target highlighted; charts per unit and by month; the period's data-monitoring counts and
 * the current visit round's coverage. Loaded only when opened, with its charts.
 */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const choices = periodChoices();
  const period = params.get('period') ?? choices[0]?.id ?? String(new Date().getFullYear());
  const unit = params.get('unit');
  const [data, reload] = useResource(`oversight:${period}:${unit ?? ''}`, () => getIndicators(period, unit));
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next);
  };

  return (
    <div className="review-page oversight">
      <nav className="review-breadcrumb" aria-label="位置">
        <Link to="/oversight">督导首页</Link>
        {unit && data.status === 'ready' ? (
          <>
            {' '}
            / <span>{data.data.unit.name}</span>
          </>
        ) : null}
      </nav>
      <div className="review-page__head">
        <h1 className="review-page__title">
          督导首页{data.status === 'ready' ? ` · ${data.data.unit.name}` : ''}
        </h1>
        <div className="review-page__actions">
          <label className="field__label" htmlFor="oversight-period">
            统计期间
          </label>
          <select
            id="oversight-period"
            className="field__input"
            value={period}
            onChange={(event) => set('period', event.target.value)}
          >
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          <Link
            className="button"
            to={`/oversight/circular?${new URLSearchParams({ period, ...(unit ? { unit } : {}) }).toString()}`}
          >
            打印通报
          </Link>
          <button type="button" className="button" onClick={reload}>
            刷新
          </button>
        </div>
      </div>
      <ResourceProgress resource={data} loading="正在计算督导指标…" />
      {data.status === 'ready' ? <Dashboard data={data.data} period={period} unit={unit} /> : null}
    </div>
  );
}

function Dashboard({ data, period, unit }: { data: IndicatorsReply; period: string; unit: string | null }) {
  const target = data.target;
  const below = (rate: number | null) => rate !== null && rate < target;
  const childLabel = data.unit.level === 'city' ? '县（市、区）' : '乡镇（街道）';
  return (
    <>
      <p className="review-hint">
        {data.period.label}（{data.period.start} 至 {data.period.end}），覆盖率按 {data.asOf}{' '}
        在档情况计算；目标值 {Math.round(target * 100)}
        %，低于目标的单位和指标以红色标出。点击任一数字查看对应案件。
      </p>
      <section className="oversight-cards" aria-label="六项指标">
        {INDICATOR_KEYS.map((key) => {
          const f = data.totals[key];
          return (
            <article
              key={key}
              className={below(f.rate) ? 'oversight-card oversight-card--lag' : 'oversight-card'}
              data-indicator={key}
            >
              <h2 className="oversight-card__title">{INDICATOR_TEXT[key].label}</h2>
              <p className="oversight-card__rate">{rateText(f.rate)}</p>
              <p className="oversight-card__parts">
                <Link to={casesLink(period, unit, key, 'numerator')}>
                  {INDICATOR_TEXT[key].numerator} {f.numerator}
                </Link>
                {' / '}
                <Link to={casesLink(period, unit, key, 'denominator')}>
                  {INDICATOR_TEXT[key].denominator} {f.denominator}
                </Link>
              </p>
              <p className="oversight-card__rule muted">{INDICATOR_TEXT[key].rule}</p>
            </article>
          );
        })}
      </section>

      <h2 className="oversight-section">各{childLabel}指标</h2>
      <div className="review-table-wrap">
        <table className="review-table" aria-label="各单位督导指标" data-testid="oversight-units">
          <thead>
            <tr>
              <th scope="col">排名</th>
              <th scope="col">单位</th>
              {INDICATOR_KEYS.map((key) => (
                <th key={key} scope="col">
                  {INDICATOR_TEXT[key].label}
                </th>
              ))}
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {data.units.map((row) => (
              <tr key={row.unitId} data-unit-id={row.unitId} data-lagging={row.lagging.length > 0}>
                <td>{row.rank}</td>
                <th scope="row">
                  {data.unit.level === 'city' ? (
                    <Link to={`/oversight?${new URLSearchParams({ period, unit: row.unitId }).toString()}`}>
                      {row.unitName}
                    </Link>
                  ) : (
                    row.unitName
                  )}
                </th>
                {INDICATOR_KEYS.map((key) => (
                  <FigureCell
                    key={key}
                    figures={row.figures}
                    indicator={key}
                    period={period}
                    unit={row.unitId}
                    lagging={row.lagging.includes(key)}
                  />
                ))}
                <td>
                  {row.lagging.length > 0 ? (
                    <span className="review-badge review-badge--warn">滞后 {row.lagging.length} 项</span>
                  ) : (
                    '达标'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="oversight-charts">
        <section aria-label="各单位对比">
          <h2 className="oversight-section">各{childLabel}对比</h2>
          <UnitsChart data={data} />
        </section>
        <section aria-label="月度趋势">
          <h2 className="oversight-section">{data.unit.name}月度趋势</h2>
          <TrendChart data={data} />
        </section>
      </div>

      <div className="oversight-side">
        <section className="card" aria-label="数据监测">
          <h2 className="card__title">数据监测（{data.period.label}）</h2>
          <dl className="oversight-counts">
            {MONITORING_KINDS.map((kind) => (
              <div key={kind}>
                <dt>{MONITORING_KIND_LABELS[kind]}</dt>
                <dd>{data.monitoring[kind] ?? 0}</dd>
              </div>
            ))}
          </dl>
          <Link to="/monitoring/data">查看数据监测 →</Link>
        </section>
        <section className="card" aria-label="本轮走访覆盖">
          <h2 className="card__title">本轮走访覆盖</h2>
          {data.currentRound ? (
            <>
              <p>
                {data.currentRound.name}（{data.currentRound.startDate} 至 {data.currentRound.endDate}）
              </p>
              <p className="oversight-card__rate">
                {rateText(
                  data.currentRound.due === 0 ? null : data.currentRound.visited / data.currentRound.due,
                )}
              </p>
              <p>
                已走访 {data.currentRound.visited} / 应走访 {data.currentRound.due}
              </p>
              <Link
                to={`/rounds?${new URLSearchParams({ round: data.currentRound.id, ...(unit ? { unit } : {}) }).toString()}`}
              >
                查看走访覆盖 →
              </Link>
            </>
          ) : (
            <p className="muted">本年度尚无走访轮次。</p>
          )}
        </section>
        <FundsCard
          unitId={data.unit.id}
          level={data.unit.level}
          year={Number(data.period.start.slice(0, 4))}
        />
      </div>
    </>
  );
}
