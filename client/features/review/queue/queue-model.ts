import type { CASE_VIEWS, CaseListItem, CaseListQuery } from '../../../../shared/cases/api';
import { categorySchema, type Category } from '../../../../shared/domain/household-codes';
import { loopStageSchema, type LoopStage } from '../../../../shared/loop/stages';
import { unitIdSchema } from '../../../../shared/org';

/** The queue's filters as they live in the address bar, so a filtered queue can be bookmarked and reloaded. */
export interface QueueFilters {
  view: (typeof CASE_VIEWS)[number];
  stage: LoopStage | null;
  category: Category | null;
  unitId: string | null;
  q: string;
}

export const EMPTY_FILTERS: QueueFilters = {
  view: 'queue',
  stage: null,
  category: null,
  unitId: null,
  q: '',
};

export const PAGE_SIZE = 20;

/** Reads filters from the query string; anything malformed is dropped rather than sent to the server. */
export function filtersFromSearch(params: URLSearchParams): QueueFilters {
  const stage = loopStageSchema.safeParse(params.get('stage'));
  const category = categorySchema.safeParse(params.get('category'));
  const unitId = unitIdSchema.safeParse(params.get('unitId'));
  return {
    view: params.get('view') === 'all' ? 'all' : 'queue',
    stage: stage.success ? stage.data : null,
    category: category.success ? category.data : null,
    unitId: unitId.success ? unitId.data : null,
    q: (params.get('q') ?? '').trim().slice(0, 40),
  };
}

export function filtersToSearch(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.view !== 'queue') params.set('view', filters.view);
  if (filters.stage) params.set('stage', filters.stage);
  if (filters.category) params.set('category', filters.category);
  if (filters.unitId) params.set('unitId', filters.unitId);
  if (filters.q) params.set('q', filters.q);
  return params;
}

export function listQuery(filters: QueueFilters, cursor: string | null): CaseListQuery {
  return {
    view: filters.view,
    stage: filters.stage ?? undefined,
    category: filters.category ?? undefined,
    unitId: filters.unitId ?? undefined,
    q: filters.q || undefined,
    limit: PAGE_SIZE,
    cursor: cursor ?? undefined,
  };
}

export interface DueDate {
  label: string;
  date: string;
  /** The date has passed: the step it guards can (and should) be taken now. */
  overdue: boolean;
}

/**
 * Due dates of a queue row; `today` is `YYYY-MM-DD` in China. A date is shown only while the case is at the
 * step it guards: the notice end stays on the case after the notice (it is history), and a case filed long
 * ago must not show 公示截止 in red for ever.
 */
export function dueDatesOf(item: Pick<CaseListItem, 'dueDates' | 'stage'>, today: string): DueDate[] {
  const due: DueDate[] = [];
  if (item.dueDates.noticeEndDate && item.stage === 'public_notice') {
    due.push({
      label: '公示截止',
      date: item.dueDates.noticeEndDate,
      overdue: today > item.dueDates.noticeEndDate,
    });
  }
  if (item.dueDates.phaseOutUntil && item.stage === 'phase_out') {
    due.push({
      label: '渐退期截止',
      date: item.dueDates.phaseOutUntil,
      overdue: today > item.dueDates.phaseOutUntil,
    });
  }
  return due;
}

/** How long the case has waited at its step, in words. */
export function ageText(days: number): string {
  return days === 0 ? '今天' : `${days} 天`;
}

/** Rows grouped by their step, in the order of the loop, for the "by step" view. */
export function groupByStage<T extends Pick<CaseListItem, 'stage' | 'stageLabel'>>(
  items: readonly T[],
  order: readonly LoopStage[],
): { stage: LoopStage; label: string; items: T[] }[] {
  return order
    .map((stage) => {
      const rows = items.filter((item) => item.stage === stage);
      return { stage, label: rows[0]?.stageLabel ?? stage, items: rows };
    })
    .filter((group) => group.items.length > 0);
}
