import { visitRoundProgress } from '../../../shared/domain/visit-round';
import type { RecordData } from '../../db/types';

/** The fields of a round that decide its progress. */
export interface RoundFacts {
  id: string;
  householdIds: readonly string[];
  startDate: string;
  endDate: string;
}

export interface VisitFacts {
  householdId?: string | null;
  visitDate?: string | null;
  visitRoundId?: string | null;
  status?: string | null;
}

/**
 * Which households of a round are visited: those with a final visit filed for this round, or a final visit
 * dated inside the round (a visit made for another reason still counts as the household's visit). Drafts
 * do not count until the worker finalises them.
 */
export function roundProgress(
  round: RoundFacts,
  visits: readonly VisitFacts[],
): { visited: string[]; pending: string[] } {
  const finals = visits.filter((v) => v.status === 'final');
  const forRound = new Set(finals.filter((v) => v.visitRoundId === round.id).map((v) => v.householdId));
  const byDate = new Set(visitRoundProgress(round, finals).visited);
  const visited = round.householdIds.filter((id) => forRound.has(id) || byDate.has(id));
  const done = new Set(visited);
  return { visited, pending: round.householdIds.filter((id) => !done.has(id)) };
}

/** A round's facts read from its record data, or null while the round is incomplete (never shown then). */
export function roundFacts(id: string, data: RecordData): RoundFacts | null {
  const { householdIds, startDate, endDate } = data;
  if (!Array.isArray(householdIds) || typeof startDate !== 'string' || typeof endDate !== 'string')
    return null;
  return {
    id,
    householdIds: householdIds.filter((h): h is string => typeof h === 'string'),
    startDate,
    endDate,
  };
}

/** The fields of a visit that count for a round, read from its record data. */
export function visitFacts(data: RecordData): VisitFacts {
  const text = (key: string) => (typeof data[key] === 'string' ? String(data[key]) : null);
  return {
    householdId: text('householdId'),
    visitDate: text('visitDate'),
    visitRoundId: text('visitRoundId'),
    status: text('status'),
  };
}
