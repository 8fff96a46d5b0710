import { useState } from 'react';
import { CATEGORIES, CATEGORY_LABELS } from '../../../../shared/domain/household-codes';
import { LOOP_STAGES, LOOP_STAGE_LABELS } from '../../../../shared/loop/stages';
import { indentedName, type ScopedUnit } from '../register/unit-tree';
import type { QueueFilters } from './queue-model';

/** Filters of the work queue: whose cases, step, category, unit within scope, and a name / ID search. */
export function QueueFiltersBar(props: {
  filters: QueueFilters;
  units: readonly ScopedUnit[];
  onChange(next: QueueFilters): void;
}) {
  const { filters } = props;
  const [q, setQ] = useState(filters.q);
  const set = (patch: Partial<QueueFilters>) => props.onChange({ ...filters, ...patch });
  return (
    <form
      className="review-filters"
      role="search"
      aria-label="筛选案件"
      onSubmit={(event) => {
        event.preventDefault();
        set({ q: q.trim() });
      }}
    >
      <div className="review-segmented" role="group" aria-label="范围">
        <button
          type="button"
          className={filters.view === 'queue' ? 'button button--primary' : 'button'}
          aria-pressed={filters.view === 'queue'}
          onClick={() => set({ view: 'queue' })}
        >
          待我办理
        </button>
        <button
          type="button"
          className={filters.view === 'all' ? 'button button--primary' : 'button'}
          aria-pressed={filters.view === 'all'}
          onClick={() => set({ view: 'all' })}
        >
          全部案件
        </button>
      </div>
      <label className="review-filter">
        <span>环节</span>
        <select
          className="field__input"
          value={filters.stage ?? ''}
          onChange={(event) => set({ stage: LOOP_STAGES.find((s) => s === event.target.value) ?? null })}
        >
          <option value="">全部环节</option>
          {LOOP_STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {LOOP_STAGE_LABELS[stage]}
            </option>
          ))}
        </select>
      </label>
      <label className="review-filter">
        <span>类别</span>
        <select
          className="field__input"
          value={filters.category ?? ''}
          onChange={(event) => set({ category: CATEGORIES.find((c) => c === event.target.value) ?? null })}
        >
          <option value="">全部类别</option>
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {CATEGORY_LABELS[category]}
            </option>
          ))}
        </select>
      </label>
      {props.units.length > 1 ? (
        <label className="review-filter">
          <span>单位</span>
          <select
            className="field__input"
            value={filters.unitId ?? ''}
            onChange={(event) => set({ unitId: event.target.value || null })}
          >
            <option value="">全部单位</option>
            {props.units
              .filter((unit) => unit.depth > 0)
              .map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {indentedName(unit)}
                </option>
              ))}
          </select>
        </label>
      ) : null}
      <label className="review-filter review-filter--search">
        <span>搜索</span>
        <input
          className="field__input"
          type="search"
          placeholder="户主姓名或身份证号"
          maxLength={40}
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
      </label>
      <button type="submit" className="button">
        搜索
      </button>
    </form>
  );
}
