import { CATEGORIES, type Category } from '../../../shared/domain/household-codes';
import { LOOP_STAGES, type LoopStage } from '../../../shared/loop/stages';

/**
 * What the worker asked the household list for, kept in the address (`/households?q=张&filter=due`) so a
 * filtered list can be bookmarked, deep-linked and restored after a reload.
 */
export const LIST_FILTERS = ['all', 'due', 'returned', 'pending'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];
export const LIST_FILTER_LABELS: Record<ListFilter, string> = {
  all: '全部',
  due: '本期待走访',
  returned: '退回补正',
  pending: '未同步',
};

export interface HouseholdListQuery {
  search: string;
  filter: ListFilter;
  stage: LoopStage | null;
  category: Category | null;
}

export const EMPTY_LIST_QUERY: HouseholdListQuery = {
  search: '',
  filter: 'all',
  stage: null,
  category: null,
};

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

export function parseListQuery(params: URLSearchParams): HouseholdListQuery {
  return {
    search: (params.get('q') ?? '').slice(0, 50),
    filter: oneOf(LIST_FILTERS, params.get('filter')) ?? 'all',
    stage: oneOf(LOOP_STAGES, params.get('stage')),
    category: oneOf(CATEGORIES, params.get('category')),
  };
}

export function listQueryParams(query: HouseholdListQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.search !== '') params.set('q', query.search);
  if (query.filter !== 'all') params.set('filter', query.filter);
  if (query.stage) params.set('stage', query.stage);
  if (query.category) params.set('category', query.category);
  return params;
}

/** A stable key of the query, for hooks that refetch when it changes. */
export function listQueryKey(query: HouseholdListQuery): string {
  return listQueryParams(query).toString();
}
