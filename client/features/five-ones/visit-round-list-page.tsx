import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { ROLES } from '../../../shared/roles';
import { useCurrentUser } from '../../auth/use-session';
import { listVisitRounds } from './five-ones-data';
import './five-ones.css';

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

/** The home-visit rounds this tablet knows (set by the county or the township), newest first. */
export function VisitRoundListPage() {
  const user = useCurrentUser();
  const rounds = useLiveQuery(listVisitRounds, []);
  return (
    <div className="five-ones-page">
      <div className="five-ones-page__head">
        <Link to="/five-ones" className="inline-link">
          ← 五个一
        </Link>
        <h1 className="five-ones-page__title">入户走访轮次</h1>
        {user.role === ROLES.townshipStaff ? (
          <Link to="/five-ones/visit-rounds/new" className="button button--primary">
            新建走访轮次
          </Link>
        ) : null}
      </div>
      {rounds === undefined ? <p className="muted">正在读取…</p> : null}
      {rounds?.length === 0 ? (
        <p className="notice">本机还没有走访轮次。县总或乡镇（街道）工会布置的轮次会在同步后出现在这里。</p>
      ) : null}
      {rounds && rounds.length > 0 ? (
        <ul className="record-list" aria-label="走访轮次列表">
          {rounds.map(({ row, facts, visited, onTablet }) => (
            <li key={row.id}>
              <Link to={`/five-ones/visit-rounds/${row.id}`} className="record-list__item">
                <span className="record-list__main">
                  <strong>{text(row.data.name, '（未命名轮次）')}</strong>
                  <span className="muted">
                    {facts ? `${facts.startDate} 至 ${facts.endDate}` : '日期未定'} · 本机 {onTablet} 户
                  </span>
                </span>
                <span className="record-list__tags">
                  <span className={onTablet > 0 && visited === onTablet ? 'tag tag--ok' : 'tag tag--missing'}>
                    已走访 {visited} / {onTablet}
                  </span>
                  {row.pending === 1 ? <span className="tag tag--pending">未同步</span> : null}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
