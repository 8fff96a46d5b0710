import { Link, useSearchParams } from 'react-router';
import { INDICATOR_KEYS, INDICATOR_TEXT, rateText, type IndicatorsReply } from '../../../shared/indicators';
import { ResourceProgress } from '../review/resource-parts';
import { useResource } from '../review/api/use-resource';
import { getIndicators } from './oversight-api';
import { periodChoices } from './oversight-model';
import './circular.css';

/**
 * 通报: a one-page A4 circular of a period ranking the units below the signed-in one on the six
 * indicators (fewest indicators below target first, then the mean rate), naming those that lag. The
 * print style (circular.css) drops the app's header, navigation and buttons.
 */
export function CircularPage() {
  const [params] = useSearchParams();
  const period = params.get('period') ?? periodChoices()[0]?.id ?? String(new Date().getFullYear());
  const unit = params.get('unit');
  const [data] = useResource(`oversight:${period}:${unit ?? ''}`, () => getIndicators(period, unit));
  return (
    <div className="circular">
      <div className="circular__actions">
        <Link to={`/oversight?${new URLSearchParams({ period, ...(unit ? { unit } : {}) }).toString()}`}>
          ← 返回督导首页
        </Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          打印
        </button>
      </div>
      <ResourceProgress resource={data} />
      {data.status === 'ready' ? <Circular data={data.data} /> : null}
    </div>
  );
}

function Circular({ data }: { data: IndicatorsReply }) {
  const ranked = [...data.units].sort((a, b) => a.rank - b.rank || a.unitId.localeCompare(b.unitId));
  const lagging = ranked.filter((u) => u.lagging.length > 0);
  const childLabel = data.unit.level === 'city' ? '县（市、区）' : '乡镇（街道）';
  return (
    <article className="circular__page" data-testid="circular">
      <header className="circular__head">
        <p className="circular__issuer">{data.unit.name}总工会</p>
        <h1 className="circular__title">困难职工精准帮扶工作情况通报</h1>
        <p className="circular__period">
          （{data.period.label}，统计至 {data.asOf}）
        </p>
      </header>
      <p className="circular__text">
        现将{data.period.label}各{childLabel}困难职工精准帮扶六项督导指标通报如下。全
        {data.unit.level === 'city' ? '市' : '县'}
        {INDICATOR_KEYS.map((key, i) => (
          <span key={key}>
            {i > 0 ? '，' : ''}
            {INDICATOR_TEXT[key].label}
            {rateText(data.totals[key].rate)}（{data.totals[key].numerator}/{data.totals[key].denominator}）
          </span>
        ))}
        。目标值为{Math.round(data.target * 100)}%。
      </p>
      <table className="circular__table" aria-label="排名">
        <thead>
          <tr>
            <th scope="col">排名</th>
            <th scope="col">单位</th>
            {INDICATOR_KEYS.map((key) => (
              <th key={key} scope="col">
                {INDICATOR_TEXT[key].label.replace('困难职工', '').replace('建档', '')}
              </th>
            ))}
            <th scope="col">未达标项</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((u) => (
            <tr key={u.unitId}>
              <td>{u.rank}</td>
              <th scope="row">{u.unitName}</th>
              {INDICATOR_KEYS.map((key) => (
                <td key={key} className={u.lagging.includes(key) ? 'circular__lag' : undefined}>
                  {rateText(u.figures[key].rate)}
                </td>
              ))}
              <td>{u.lagging.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="circular__subtitle">督导意见</h2>
      {lagging.length === 0 ? (
        <p className="circular__text">各单位六项指标均达到目标值，请继续保持。</p>
      ) : (
        <ol className="circular__list">
          {lagging.map((u) => (
            <li key={u.unitId}>
              {u.unitName}：{u.lagging.map((k) => INDICATOR_TEXT[k].label).join('、')}
              低于目标值，请对照问题清单及时整改，并于下期通报前报送整改情况。
            </li>
          ))}
        </ol>
      )}
      <footer className="circular__foot">
        <p>{data.unit.name}总工会职工帮扶中心</p>
        <p>{data.today}</p>
      </footer>
    </article>
  );
}
