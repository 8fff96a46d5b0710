import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { householdsWithOpenFindings } from '../../db/identity';
import type { LocalRecord } from '../../db/types';
import { householdSummary } from './household-display';
import { fetchHouseholdRows, type HouseholdListPlan } from './household-list-data';

const ROW_HEIGHT = 92;
/** Rows fetched at a time; the list holds only the pages around what is on screen. */
const PAGE_SIZE = 40;

function HouseholdRow({ row, held }: { row: LocalRecord; held: boolean }) {
  const summary = householdSummary(row.data);
  return (
    <Link to={`/households/${row.id}`} className="hh-row" data-testid="household-row">
      <span className="hh-row__main">
        <span className="hh-row__name">{summary.headName}</span>
        <span className="hh-row__id">{summary.maskedIdNumber ?? '身份证号未填写'}</span>
        {row.pending === 1 ? <span className="hh-badge hh-badge--pending">未同步</span> : null}
        {held ? <span className="hh-badge hh-badge--hold">重复建档待核实</span> : null}
      </span>
      <span className="hh-row__address">{summary.address ?? '住址未填写'}</span>
      <span className="hh-row__tags">
        <span className="hh-badge">{summary.stageLabel}</span>
        <span className="hh-badge hh-badge--category">{summary.categoryLabel}</span>
      </span>
    </Link>
  );
}

/**
 * The household list, virtualised: only the rows on screen are in the DOM and only the pages around them
 * are read from IndexedDB, so 50,000 households scroll like 50.
 */
export function HouseholdList({ plan, total }: { plan: HouseholdListPlan; total: number | null }) {
  // The page scrolls (the header stays on top); the list starts this far down the document.
  const [scrollMargin, setScrollMargin] = useState(0);
  const measure = useCallback((element: HTMLDivElement | null) => {
    if (element) setScrollMargin(element.getBoundingClientRect().top + window.scrollY);
  }, []);
  const virtualizer = useWindowVirtualizer({
    // Until the count is known the list is as long as its first screen.
    count: total ?? plan.head.length,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    scrollMargin,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = Math.floor((items[0]?.index ?? 0) / PAGE_SIZE);
  const lastPage = Math.floor((items.at(-1)?.index ?? 0) / PAGE_SIZE);
  const offset = firstPage * PAGE_SIZE;
  const loaded = useLiveQuery(
    async () => ({
      plan,
      offset,
      rows: await fetchHouseholdRows(plan, offset, (lastPage - firstPage + 1) * PAGE_SIZE),
    }),
    [plan, offset, lastPage, firstPage],
  );
  // Rows of an earlier plan (another search) must not show under this one while the new page loads; the
  // plan's own first screen shows until then.
  const rows = loaded && loaded.plan === plan ? loaded : { offset: 0, rows: plan.head };
  const held = useLiveQuery(householdsWithOpenFindings, []);

  return (
    <div ref={measure} className="hh-list" role="list" aria-label="家庭户列表">
      <div className="hh-list__inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows.rows[item.index - rows.offset];
          return (
            <div
              key={item.key}
              role="listitem"
              className="hh-list__item"
              style={{ height: item.size, transform: `translateY(${item.start - scrollMargin}px)` }}
            >
              {row ? (
                <HouseholdRow row={row} held={held?.has(row.id) ?? false} />
              ) : (
                <div className="hh-row hh-row--loading" aria-hidden="true" />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
