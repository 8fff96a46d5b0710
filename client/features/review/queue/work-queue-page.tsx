import { ResourceProgress } from '../resource-parts';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { todayInChina } from '../../../../shared/validation/clock';
import { useCurrentUser } from '../../../auth/use-session';
import { getUnit, listCases } from '../api/review-api';
import { useResource } from '../api/use-resource';
import { loadUnitTree } from '../register/unit-tree';
import { QueueFiltersBar } from './queue-filters';
import { LedgerExportButton } from '../ledgers/ledger-button';
import { filtersFromSearch, filtersToSearch, listQuery, PAGE_SIZE, type QueueFilters } from './queue-model';
import { QueueTable } from './queue-table';
import { COMPARISON_IMPORT_ROLES, DUPLICATE_ROLES, REGISTER_ROLES } from '../review-roles';
import { OVERSIGHT_ROLES } from '../../oversight/oversight-roles';
import '../review.css';
import { ReminderInbox } from '../monitoring/reminders';

/**
 * 工作台: the cases waiting for the caller's role (or every case in scope), by step, with their age at the
 * step and due dates; filters live in the address bar.
 */
export function WorkQueuePage() {
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const filterKey = filtersToSearch(filters).toString();
  // Cursors of the pages seen so far for these filters: [null (first page), cursor of page 2, …].
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({
    key: filterKey,
    cursors: [null],
  });
  const cursors = paging.key === filterKey ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;

  const [cases, reload] = useResource(`queue:${filterKey}:${cursor ?? ''}`, () =>
    listCases(listQuery(filters, cursor)),
  );
  const [units] = useResource(`units:${user.unitId}`, () => loadUnitTree(user.unitId, getUnit));
  const today = todayInChina();

  const change = (next: QueueFilters) => setSearch(filtersToSearch(next));
  const page = cursors.length;

  return (
    <div className="review-page">
      <div className="review-page__head">
        <h1 className="review-page__title">工作台</h1>
        <div className="review-page__actions">
          {OVERSIGHT_ROLES.includes(user.role) ? (
            <Link className="button button--primary" to="/oversight">
              督导指标
            </Link>
          ) : null}
          {REGISTER_ROLES.includes(user.role) ? (
            <Link className="button" to="/review/cases/new">
              登记案件
            </Link>
          ) : null}
          {DUPLICATE_ROLES.includes(user.role) ? (
            <Link className="button" to="/duplicates">
              重复建档核查
            </Link>
          ) : null}
          {COMPARISON_IMPORT_ROLES.includes(user.role) ? (
            <Link className="button" to="/review/comparison-import">
              导入比对结果
            </Link>
          ) : null}
          <button type="button" className="button" onClick={reload}>
            刷新
          </button>
          <LedgerExportButton
            kind="households"
            label="导出档案台账"
            filters={{
              stage: filters.stage,
              category: filters.category,
              unitId: filters.unitId,
              q: filters.q,
            }}
          />
        </div>
      </div>
      <ReminderInbox />
      <QueueFiltersBar
        key={filters.q}
        filters={filters}
        units={units.status === 'ready' ? units.data : []}
        onChange={change}
      />
      <ResourceProgress resource={cases} loading="正在读取案件…" />
      {cases.status === 'ready' ? (
        <>
          <p className="review-count" aria-live="polite">
            共 {cases.data.total} 件{cases.data.total > PAGE_SIZE ? `，第 ${page} 页` : ''}
          </p>
          {cases.data.cases.length === 0 ? (
            <p className="card muted">
              {filters.view === 'queue' ? '没有等待您办理的案件。' : '没有符合条件的案件。'}
            </p>
          ) : (
            <QueueTable items={cases.data.cases} today={today} />
          )}
          <div className="review-pager">
            <button
              type="button"
              className="button"
              disabled={page <= 1}
              onClick={() => setPaging({ key: filterKey, cursors: cursors.slice(0, -1) })}
            >
              上一页
            </button>
            <button
              type="button"
              className="button"
              disabled={cases.data.nextCursor === null}
              onClick={() => setPaging({ key: filterKey, cursors: [...cursors, cases.data.nextCursor] })}
            >
              下一页
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
