import { ActionNotice, ResourceProgress, StatusTabs } from '../resource-parts';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  FINDING_STATUSES,
  FINDING_STATUS_LABELS,
  findingStatusSchema,
  type FindingStatus,
} from '../../../../shared/identity/api';
import { useCurrentUser } from '../../../auth/use-session';
import { listFindings } from '../api/identity-api';
import { useResource } from '../api/use-resource';
import { DUPLICATE_SCAN_ROLES } from '../review-roles';
import { FindingCard } from './finding-card';
import { ScanPanel } from './scan-panel';
import '../review.css';
import './duplicates.css';

const PAGE_SIZE = 20;

/**
 * 重复建档核查: the duplicate findings in the caller's scope (county: its own; city: every county), both
 * households side by side, to merge or to mark as not a duplicate. Loaded only when opened.
 */
export function DuplicateQueuePage() {
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const parsed = findingStatusSchema.safeParse(search.get('status'));
  const status: FindingStatus = parsed.success ? parsed.data : 'open';
  const [paging, setPaging] = useState<{ status: FindingStatus; cursors: (string | null)[] }>({
    status,
    cursors: [null],
  });
  const cursors = paging.status === status ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;
  const [notice, setNotice] = useState<string | null>(null);
  const [findings, reload] = useResource(`findings:${status}:${cursor ?? ''}`, () =>
    listFindings(status, cursor ?? undefined, PAGE_SIZE),
  );

  const settled = (message: string) => {
    setNotice(message);
    reload();
  };

  return (
    <div className="review-page">
      <nav className="review-breadcrumb" aria-label="位置">
        <Link to="/review">工作台</Link> / <span>重复建档核查</span>
      </nav>
      <div className="review-page__head">
        <h1 className="review-page__title">重复建档核查</h1>
        <div className="review-page__actions">
          <button type="button" className="button" onClick={reload}>
            刷新
          </button>
        </div>
      </div>
      <p className="review-hint">
        一人一档：同一身份证号只能在一户有效档案中出现。核实后合并为一户，或说明理由标记为不是重复；核实前，后建档的一户暂停办理。
      </p>
      {DUPLICATE_SCAN_ROLES.includes(user.role) ? <ScanPanel onScanned={reload} /> : null}
      <StatusTabs
        label="核查状态"
        values={FINDING_STATUSES}
        current={status}
        labelOf={(value) => FINDING_STATUS_LABELS[value]}
        onPick={(value) => {
          setNotice(null);
          setSearch(value === 'open' ? {} : { status: value });
        }}
      />
      <ActionNotice text={notice} />
      <ResourceProgress resource={findings} />
      {findings.status === 'ready' ? (
        <>
          <p className="review-count" aria-live="polite">
            共 {findings.data.total} 处
          </p>
          {findings.data.findings.length === 0 ? (
            <p className="card muted">
              {status === 'open' ? '没有待核实的重复建档。' : '没有符合条件的记录。'}
            </p>
          ) : (
            findings.data.findings.map((finding) => (
              <FindingCard key={finding.id} finding={finding} onSettled={settled} />
            ))
          )}
          <div className="review-pager">
            <button
              type="button"
              className="button"
              disabled={cursors.length <= 1}
              onClick={() => setPaging({ status, cursors: cursors.slice(0, -1) })}
            >
              上一页
            </button>
            <button
              type="button"
              className="button"
              disabled={findings.data.nextCursor === null}
              onClick={() => setPaging({ status, cursors: [...cursors, findings.data.nextCursor] })}
            >
              下一页
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
