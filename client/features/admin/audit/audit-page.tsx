import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AuditFilter } from '../../../../shared/audit/api';
import { AUDIT_KIND_LABELS, AUDIT_KIND_NAMES } from '../../../../shared/audit/kinds';
import { ROLE_LABELS } from '../../../../shared/roles';
import { useCurrentUser } from '../../../auth/use-session';
import { failureMessage } from '../../review/api/review-api';
import { AUDIT_ROLES } from '../../review/review-roles';
import { useResource } from '../../review/api/use-resource';
import { ResourceProgress } from '../../review/resource-parts';
import { downloadAuditCsv, getAudit, getAuditOptions } from './audit-api';
import { AuditEntries } from './audit-entries';

/**
 * 审计日志 (administrator and city): who did what, within the viewer's unit scope, newest first, in words.
 * The filter lives in the address (`/admin/audit?userId=…`), so an account's page links to its own audit.
 */

const FILTER_KEYS = ['userId', 'unitId', 'kind', 'caseId', 'from', 'to'] as const;

function filterOf(params: URLSearchParams): AuditFilter {
  const filter: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter as AuditFilter;
}

function AuditFilters({ filter, onChange }: { filter: AuditFilter; onChange(next: AuditFilter): void }) {
  const [options] = useResource('audit-options', getAuditOptions);
  const users = options.status === 'ready' ? options.data.users : [];
  const units = options.status === 'ready' ? options.data.units : [];
  const set = (patch: Partial<Record<(typeof FILTER_KEYS)[number], string>>) =>
    onChange(
      Object.fromEntries(
        Object.entries({ ...filter, ...patch }).filter(([, value]) => value !== undefined && value !== ''),
      ) as AuditFilter,
    );
  return (
    <form className="audit-filters" aria-label="筛选审计记录" onSubmit={(event) => event.preventDefault()}>
      <label>
        <span>账号</span>
        <select
          className="field__input"
          name="userId"
          value={filter.userId ?? ''}
          onChange={(event) => set({ userId: event.target.value })}
        >
          <option value="">全部账号</option>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}（{ROLE_LABELS[user.role]} · {user.unitName}）
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>单位</span>
        <select
          className="field__input"
          name="unitId"
          value={filter.unitId ?? ''}
          onChange={(event) => set({ unitId: event.target.value })}
        >
          <option value="">全部单位</option>
          {units.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {'\u3000'.repeat(unit.depth)}
              {unit.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>操作类别</span>
        <select
          className="field__input"
          name="kind"
          value={filter.kind ?? ''}
          onChange={(event) => set({ kind: event.target.value })}
        >
          <option value="">全部类别</option>
          {AUDIT_KIND_NAMES.map((kind) => (
            <option key={kind} value={kind}>
              {AUDIT_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>开始日期</span>
        <input
          className="field__input"
          type="date"
          name="from"
          value={filter.from ?? ''}
          onChange={(event) => set({ from: event.target.value })}
        />
      </label>
      <label>
        <span>结束日期</span>
        <input
          className="field__input"
          type="date"
          name="to"
          value={filter.to ?? ''}
          onChange={(event) => set({ to: event.target.value })}
        />
      </label>
      {Object.keys(filter).length > 0 ? (
        <button type="button" className="button" onClick={() => onChange({})}>
          清除筛选
        </button>
      ) : null}
    </form>
  );
}

export function AuditPage() {
  const user = useCurrentUser();
  // The city reads case pages too; the administrator manages accounts and units, never cases.
  const readsCases = AUDIT_ROLES.includes(user.role);
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const key = FILTER_KEYS.map((k) => params.get(k) ?? '').join('|');
  // Older pages, by the cursor each page handed back; empty is the newest page.
  const [cursors, setCursors] = useState<{ key: string; list: number[] }>({ key, list: [] });
  const stack = cursors.key === key ? cursors.list : [];
  const before = stack[stack.length - 1] ?? null;
  const [page] = useResource(`audit:${key}:${String(before)}`, () => getAudit(filter, before));
  const [exporting, setExporting] = useState<string | null>(null);

  const change = (next: AuditFilter) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (typeof v === 'string' && v) search.set(k, v);
    setParams(search);
  };
  const exportCsv = () => {
    setExporting('正在导出…');
    downloadAuditCsv(filter).then(
      () => setExporting('已导出（导出操作本身也记入审计日志）'),
      (error: unknown) => setExporting(failureMessage(error)),
    );
  };

  return (
    <section className="card audit-page" aria-labelledby="audit-title">
      <h1 className="card__title" id="audit-title">
        审计日志
      </h1>
      <p className="muted">
        本单位及下级单位的每一项操作：谁、何时、做了什么。身份证号和银行卡号只显示部分。
      </p>
      <AuditFilters filter={filter} onChange={change} />
      <div className="audit-pager">
        <button type="button" className="button" onClick={exportCsv}>
          导出 CSV
        </button>
        {exporting ? (
          <span role="status" className="muted">
            {exporting}
          </span>
        ) : null}
      </div>
      <ResourceProgress resource={page} loading="正在读取审计日志…" />
      {page.status === 'ready' ? (
        <>
          {page.data.entries.length === 0 ? <p className="muted">没有符合条件的记录。</p> : null}
          <AuditEntries
            entries={page.data.entries}
            actorLink={(entry) =>
              entry.userId ? (
                <Link to={`/admin/audit?userId=${encodeURIComponent(entry.userId)}`} title="只看此账号的操作">
                  {entry.actorName}
                </Link>
              ) : (
                entry.actorName
              )
            }
            subjectLink={(entry) =>
              readsCases && entry.caseId ? (
                <Link to={`/review/cases/${encodeURIComponent(entry.caseId)}`}>{entry.subject}</Link>
              ) : (
                entry.subject
              )
            }
          />
          <div className="audit-pager">
            {stack.length > 0 ? (
              <button type="button" className="button" onClick={() => setCursors({ key, list: [] })}>
                回到最新
              </button>
            ) : null}
            {page.data.nextBefore !== null ? (
              <button
                type="button"
                className="button"
                onClick={() => setCursors({ key, list: [...stack, page.data.nextBefore ?? 0] })}
              >
                更早的记录
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
