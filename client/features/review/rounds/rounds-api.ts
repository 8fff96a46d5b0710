import {
  putRoundCalendarReplySchema,
  roundCalendarsReplySchema,
  roundCoverageReplySchema,
  type PutRoundCalendarReply,
  type PutRoundCalendarRequest,
  type RoundCalendarsReply,
  type RoundCoverageReply,
} from '../../../../shared/domain/round-calendar';
import { get, put } from '../api/review-api';

/** The office side of the year's visit rounds (/api/rounds, docs/dynamic-management.md). */

export function getRoundCalendar(year: number): Promise<RoundCalendarsReply> {
  return get(`/api/rounds/calendar?year=${year}`, roundCalendarsReplySchema);
}

export function getRoundCoverage(roundId: string, unitId: string | null): Promise<RoundCoverageReply> {
  const params = new URLSearchParams({ roundId });
  if (unitId) params.set('unitId', unitId);
  return get(`/api/rounds/coverage?${params.toString()}`, roundCoverageReplySchema);
}

/** Replaces the signed-in unit's own rounds of a year (city staff: the city's; county staff: the county's). */
export function putRoundCalendar(request: PutRoundCalendarRequest): Promise<PutRoundCalendarReply> {
  return put('/api/rounds/calendar', putRoundCalendarReplySchema, request);
}
