import { Link, useSearchParams } from 'react-router';
import {
  INDICATOR_PART_LABELS,
  INDICATOR_TEXT,
  indicatorKeySchema,
  indicatorPartSchema,
  parsePeriod,
} from '../../../shared/indicators';
import { LOOP_STAGE_LABELS, loopStageSchema } from '../../../shared/loop/stages';
import { ResourceProgress } from '../review/resource-parts';
import { useResource } from '../review/api/use-resource';
import { getIndicatorCases } from './oversight-api';
import '../review/review.css';
import './oversight.css';

/** The cases behind one number of the dashboard (first 200), each opening the case page. */
export function IndicatorCasesPage() {
  const [params] = useSearchParams();
  const indicator = indicatorKeySchema.catch('identification').parse(params.get('indicator'));
  const part = indicatorPartSchema.catch('denominator').parse(params.get('part'));
  const period = params.get('period') ?? String(new Date().getFullYear());
  const unit = params.get('unit');
  const [data] = useResource(`oversight-cases:${params.toString()}`, () =>
    getIndicatorCases({ period, unit, indicator, part }),
  );
  const text = INDICATOR_TEXT[indicator];
  const partLabel =
    part === 'numerator'
      ? text.numerator
      : part === 'denominator'
        ? text.denominator
        : INDICATOR_PART_LABELS.gap;
  const stageLabel = (stage: string | null) => {
    const parsed = loopStageSchema.safeParse(stage);
    return parsed.success ? LOOP_STAGE_LABELS[parsed.data] : '—';
  };
  return (
    <div className="review-page">
      <nav className="review-breadcrumb" aria-label="位置">
        <Link to={`/oversight?period=${encodeURIComponent(period)}`}>督导首页</Link> /{' '}
        <span>{text.label}</span>
      </nav>
      <h1 className="review-page__title">
        {text.label} · {partLabel}
      </h1>
      <p className="review-hint">
        {parsePeriod(period)?.label ?? period}。{text.rule}。
        <Link
          to={`/oversight/cases?${new URLSearchParams({ period, indicator, part: 'gap', ...(unit ? { unit } : {}) }).toString()}`}
        >
          只看未达标
        </Link>
      </p>
      <ResourceProgress resource={data} />
      {data.status === 'ready' ? (
        <>
          {indicator === 'fileUpdate' ? (
            <ul>
              {data.data.rounds.map((r) => (
                <li key={r.id}>
                  <Link
                    to={`/rounds?${new URLSearchParams({ round: r.id, ...(unit ? { unit } : {}) }).toString()}`}
                  >
                    {r.name}：查看应走访和未走访的家庭
                  </Link>
                </li>
              ))}
              {data.data.rounds.length === 0 ? <li className="muted">本期没有结束的走访轮次。</li> : null}
            </ul>
          ) : (
            <>
              <p className="review-count" aria-live="polite">
                共 {data.data.total} 户
                {data.data.total > data.data.cases.length ? `，显示前 ${data.data.cases.length} 户` : ''}
              </p>
              <div className="review-table-wrap">
                <table className="review-table" aria-label="指标对应案件" data-testid="indicator-cases">
                  <thead>
                    <tr>
                      <th scope="col">户主</th>
                      <th scope="col">所属单位</th>
                      <th scope="col">当前环节</th>
                      <th scope="col">日期</th>
                      <th scope="col">是否达标</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.data.cases.map((c) => (
                      <tr key={`${c.id}:${c.day}`}>
                        <th scope="row">
                          <Link to={`/review/cases/${c.id}`}>{c.headName ?? '（未填写姓名）'}</Link>
                        </th>
                        <td>{c.unitName}</td>
                        <td>{stageLabel(c.stage)}</td>
                        <td>{c.day}</td>
                        <td>
                          {c.ok ? '达标' : <span className="review-badge review-badge--warn">未达标</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
