import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../../../shared/domain/household-codes';
import { LOOP_STAGES, LOOP_STAGE_LABELS, type LoopStage } from '../../../shared/loop/stages';
import { todayInChina } from '../../../shared/validation/clock';
import { searchIndexPending } from '../../db/search-index';
import { replayInterruptedEdits } from '../visit-form/use-autosave';
import { AddHouseholdDialog } from './add-household-dialog';
import { completeHouseholdList, planHouseholdList } from './household-list-data';
import { HouseholdList } from './household-list';
import {
  LIST_FILTERS,
  LIST_FILTER_LABELS,
  listQueryKey,
  listQueryParams,
  parseListQuery,
  type HouseholdListQuery,
} from './household-list-query';
import { currentRoundOnTablet } from './round-due';
import './households.css';
import { LostWorkNotice } from '../sync/lost-work-notice';

/** Typing pauses this long before the list searches (each search reads the index once). */
const SEARCH_DELAY_MS = 150;

/** `/households`: the grid worker's households, searchable and filterable, with "add on the spot". */
export function HouseholdsPage() {
  const [params, setParams] = useSearchParams();
  const query = parseListQuery(params);
  const key = listQueryKey(query);
  const today = todayInChina();
  const [searchText, setSearchText] = useState(query.search);
  const [adding, setAdding] = useState(false);

  const update = (patch: Partial<HouseholdListQuery>) =>
    setParams(listQueryParams({ ...query, ...patch }), { replace: true });

  useEffect(() => {
    if (searchText === query.search) return undefined;
    const timer = window.setTimeout(() => {
      setParams((current) => listQueryParams({ ...parseListQuery(current), search: searchText }), {
        replace: true,
      });
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [searchText, query.search, setParams]);

  useEffect(() => {
    // Edits of a form whose tab was closed mid-typing are stored before anything else is shown.
    replayInterruptedEdits().catch(() => undefined);
  }, []);

  const planned = useLiveQuery(
    async () => ({ key, plan: await planHouseholdList(query, today) }),
    [key, today],
  );
  const plan = planned?.plan;
  // The whole list and its number come after the first screen (a count, or every match of a broad
  // search); the last ones of this query stay on screen meanwhile.
  const completed = useLiveQuery(
    async () =>
      planned
        ? { key: planned.key, ...(await completeHouseholdList(planned.plan, query, today)) }
        : undefined,
    [planned],
  );
  const whole = completed?.key === key ? completed : null;
  const total = plan?.kind === 'keys' && plan.total !== null ? plan.total : (whole?.total ?? null);
  const empty = plan !== undefined && (plan.kind === 'keys' ? plan.ids.length === 0 : plan.head.length === 0);
  const round = useLiveQuery(() => currentRoundOnTablet(today), [today]);
  // After a first sync the search index is built in the background (client/db/search-index.ts).
  const indexing = useLiveQuery(searchIndexPending, []);

  return (
    <div className="hh-page">
      <header className="hh-toolbar">
        <div className="hh-toolbar__row">
          <h1 className="hh-title">我的家庭户</h1>
          <span className="muted" data-testid="household-count">
            {total !== null ? `共 ${total.toLocaleString('zh-CN')} 户` : plan ? '正在统计…' : '正在读取…'}
          </span>
          <button type="button" className="button button--primary hh-add" onClick={() => setAdding(true)}>
            ＋ 现场新增家庭
          </button>
        </div>
        <div className="hh-toolbar__row">
          <label className="hh-search">
            <span className="hh-visually-hidden">搜索</span>
            <input
              type="search"
              className="field__input hh-search__input"
              placeholder="搜索姓名、身份证号、手机号或住址"
              aria-label="搜索姓名、身份证号、手机号或住址"
              value={searchText}
              onChange={(event) => setSearchText(event.target.value)}
            />
          </label>
          <label className="hh-select">
            <span className="hh-visually-hidden">闭环环节</span>
            <select
              className="field__input"
              aria-label="闭环环节"
              value={query.stage ?? ''}
              onChange={(event) => update({ stage: (event.target.value || null) as LoopStage | null })}
            >
              <option value="">全部环节</option>
              {LOOP_STAGES.map((stage) => (
                <option key={stage} value={stage}>
                  {LOOP_STAGE_LABELS[stage]}
                </option>
              ))}
            </select>
          </label>
          <label className="hh-select">
            <span className="hh-visually-hidden">困难类别</span>
            <select
              className="field__input"
              aria-label="困难类别"
              value={query.category ?? ''}
              onChange={(event) => update({ category: (event.target.value || null) as Category | null })}
            >
              <option value="">全部类别</option>
              {CATEGORIES.map((category) => (
                <option key={category} value={category}>
                  {CATEGORY_LABELS[category]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="hh-filters" role="group" aria-label="筛选">
          {LIST_FILTERS.map((filter) => (
            <button
              key={filter}
              type="button"
              className={query.filter === filter ? 'hh-chip hh-chip--on' : 'hh-chip'}
              aria-pressed={query.filter === filter}
              onClick={() => update({ filter })}
            >
              {LIST_FILTER_LABELS[filter]}
            </button>
          ))}
        </div>
        {query.filter === 'due' ? (
          <p className="muted hh-hint">
            {round
              ? `在档家庭中，${round.name}（${round.startDate} 至 ${round.endDate}）尚未走访的家庭。`
              : '本年度走访轮次尚未开始。'}
          </p>
        ) : null}
        {query.search && indexing ? (
          <p className="muted hh-hint" role="status" data-testid="search-index-building">
            首次同步后正在建立搜索索引：搜索会慢一些，但不会漏掉家庭。
          </p>
        ) : null}
      </header>
      {/* A tablet whose account still owed the server work was wiped: say so above the list it refills. */}
      <LostWorkNotice />
      {plan === undefined ? (
        <p className="muted">正在读取本机的家庭户…</p>
      ) : empty ? (
        <p className="hh-empty" data-testid="household-empty">
          {query.search || query.filter !== 'all' || query.stage || query.category
            ? '没有符合条件的家庭户。'
            : '本机还没有家庭户：联网同步后会显示本网格的家庭，也可以点击“现场新增家庭”。'}
        </p>
      ) : (
        // A search cut short pages through the whole list once it is known.
        <HouseholdList
          plan={plan.kind === 'keys' && plan.total === null && whole ? whole.plan : plan}
          total={total}
        />
      )}
      {adding ? <AddHouseholdDialog onClose={() => setAdding(false)} /> : null}
    </div>
  );
}
