import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useParams } from 'react-router';
import { fiveOnesRecord, visitRoundDetails, type RoundHousehold } from './five-ones-data';
import { MissingRecord } from './missing-record';
import './five-ones.css';

function HouseholdRows({ households, label }: { households: readonly RoundHousehold[]; label: string }) {
  if (households.length === 0) return <p className="muted">无</p>;
  return (
    <ul className="record-list" aria-label={label}>
      {households.map((h) => (
        <li key={h.id}>
          <Link to={`/households/${h.id}`} className="record-list__item">
            <span className="record-list__main">
              <strong>{h.headName || '（未填写户主姓名）'}</strong>
              <span className="muted">{h.address || '地址未填'}</span>
            </span>
            {h.visitDate ? (
              <span className="tag tag--ok">{h.visitDate} 已走访</span>
            ) : (
              <span className="tag tag--missing">未走访</span>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** One round: which of its households on this tablet are visited and which are still to visit. */
export function VisitRoundPage() {
  const { id = '' } = useParams();
  const details = useLiveQuery(async () => {
    const found = await visitRoundDetails(id);
    if (found) return found;
    // A round whose dates or households are not set yet is not shown as if it were complete.
    return (await fiveOnesRecord('visitRounds', id)) ? 'incomplete' : null;
  }, [id]);
  if (details === undefined) return <p className="muted">正在读取…</p>;
  if (details === null) return <MissingRecord what="走访轮次" back="/five-ones/visit-rounds" />;
  if (details === 'incomplete') {
    return (
      <section className="card">
        <h1 className="card__title">走访轮次信息不完整</h1>
        <p>这个轮次缺少日期或走访家庭，请等待同步或联系布置轮次的单位。</p>
      </section>
    );
  }
  const { row, facts, visited, pending, elsewhere } = details;
  const total = visited.length + pending.length;
  const name = typeof row.data.name === 'string' && row.data.name ? row.data.name : '（未命名轮次）';
  return (
    <div className="five-ones-page">
      <div className="five-ones-page__head">
        <Link to="/five-ones/visit-rounds" className="inline-link">
          ← 走访轮次
        </Link>
        <h1 className="five-ones-page__title">{name}</h1>
      </div>
      <section className="card" aria-label="走访进度">
        <dl className="facts">
          <dt>走访期间</dt>
          <dd>
            {facts.startDate} 至 {facts.endDate}
          </dd>
          <dt>本机家庭</dt>
          <dd>{total} 户</dd>
          <dt>已走访</dt>
          <dd data-testid="round-visited">{visited.length} 户</dd>
          <dt>未走访</dt>
          <dd data-testid="round-pending">{pending.length} 户</dd>
        </dl>
        <progress
          className="round-progress"
          max={Math.max(total, 1)}
          value={visited.length}
          aria-label="走访进度"
        />
        {elsewhere > 0 ? (
          <p className="muted">另有 {elsewhere} 户不在本机（属于其他网格，或尚未同步）。</p>
        ) : null}
        <p className="muted">已定稿、且属于本轮次或走访日期在本轮期间内的走访计为已走访。</p>
      </section>
      <section className="card">
        <h2 className="card__title">未走访（{pending.length} 户）</h2>
        <HouseholdRows households={pending} label="未走访家庭" />
      </section>
      <section className="card">
        <h2 className="card__title">已走访（{visited.length} 户）</h2>
        <HouseholdRows households={visited} label="已走访家庭" />
      </section>
    </div>
  );
}
