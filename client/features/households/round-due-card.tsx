import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { ROUND_STATUS_LABELS } from '../../../shared/domain/round-calendar';
import { todayInChina } from '../../../shared/validation/clock';
import { householdSummary } from './household-display';
import { loadRoundDueList, type DueListEntry } from './round-due';
import './households.css';

const SHOWN = 30;

function DueRows({ entries, label }: { entries: readonly DueListEntry[]; label: string }) {
  if (entries.length === 0) return null;
  return (
    <ul className="round-due__list" aria-label={label}>
      {entries.slice(0, SHOWN).map(({ household, status, monitored }) => {
        const summary = householdSummary(household.data);
        return (
          <li key={household.id} data-testid="round-due-item" data-status={status}>
            <Link className="round-due__row" to={`/households/${household.id}`}>
              <span className="hh-row__name">{summary.headName}</span>
              <span className="hh-badge">{summary.stageLabel}</span>
              {monitored ? <span className="hh-badge hh-badge--monitored">监测户</span> : null}
              <span className={`hh-badge round-due__status round-due__status--${status}`}>
                {ROUND_STATUS_LABELS[status]}
              </span>
            </Link>
          </li>
        );
      })}
      {entries.length > SHOWN ? (
        <li className="muted">另有 {entries.length - SHOWN} 户，请在家庭户列表中查看</li>
      ) : null}
    </ul>
  );
}

/**
 * The grid worker's due list on the home page (动态管理走访): the current round, and the grid's filed and
 * monitored households still to visit in it (due, or overdue once it has ended) and those already visited.
 */
export function RoundDueCard() {
  const today = todayInChina();
  const list = useLiveQuery(() => loadRoundDueList(today), [today]);
  if (list === undefined) return <p className="muted">正在读取本轮走访…</p>;
  const { round } = list;
  if (round === null) return <p className="muted">本年度走访轮次尚未开始。</p>;
  const overdue = list.open.filter((e) => e.status === 'overdue').length;
  const due = list.open.length - overdue;
  return (
    <div className="round-due" data-testid="round-due">
      <p>
        <strong>{round.name}</strong>（{round.startDate} 至 {round.endDate}）
        {today > round.endDate ? '，本轮已结束' : ''}
      </p>
      <dl className="facts">
        <dt>待走访</dt>
        <dd data-testid="round-due-count">{due} 户</dd>
        <dt>逾期未走访</dt>
        <dd data-testid="round-overdue-count">{overdue} 户</dd>
        <dt>本轮已走访</dt>
        <dd data-testid="round-done-count">{list.done.length} 户</dd>
      </dl>
      <DueRows entries={list.open} label="本轮待走访的家庭" />
      <DueRows entries={list.done} label="本轮已走访的家庭" />
      {list.open.length > 0 ? (
        <Link className="button" to="/households?filter=due">
          查看全部本期待走访
        </Link>
      ) : null}
    </div>
  );
}
