import {
  indicatorCasesReplySchema,
  indicatorsReplySchema,
  type IndicatorCasesReply,
  type IndicatorKey,
  type IndicatorPart,
  type IndicatorsReply,
} from '../../../shared/indicators';
import { get } from '../review/api/review-api';

/** /api/oversight for the dashboard, the drill-down and the circular (docs/indicators.md). */

export function getIndicators(period: string, unit: string | null): Promise<IndicatorsReply> {
  const params = new URLSearchParams({ period });
  if (unit) params.set('unit', unit);
  return get(`/api/oversight/indicators?${params.toString()}`, indicatorsReplySchema);
}

export interface CasesQuery {
  period: string;
  unit: string | null;
  indicator: IndicatorKey;
  part: IndicatorPart;
}

export function casesSearch(query: CasesQuery): string {
  const params = new URLSearchParams({ period: query.period, indicator: query.indicator, part: query.part });
  if (query.unit) params.set('unit', query.unit);
  return params.toString();
}

export function getIndicatorCases(query: CasesQuery): Promise<IndicatorCasesReply> {
  return get(`/api/oversight/indicators/cases?${casesSearch(query)}`, indicatorCasesReplySchema);
}
