import {
  roundCalendarsReplySchema,
  roundCoverageReplySchema,
  type RoundCalendarsReply,
  type RoundCoverageReply,
} from '../../../../shared/domain/round-calendar';
import { get } from '../api/review-api';

/** The office side of the year's visit rounds (/api/rounds, docs/dynamic-management.md). */

export function getRoundCalendar(year: number): Promise<RoundCalendarsReply> {
  return get(`/api/rounds/calendar?year=${year}`, roundCalendarsReplySchema);
}

export function getRoundCoverage(roundId: string, unitId: string | null): Promise<RoundCoverageReply> {
  const params = new URLSearchParams({ roundId });
  if (unitId) params.set('unitId', unitId);
  return get(`/api/rounds/coverage?${params.toString()}`, roundCoverageReplySchema);
}
