import { describe, expect, it } from 'vitest';
import { roundFacts, roundProgress, visitFacts } from './round-progress';

const ROUND = {
  id: 'round-1',
  householdIds: ['a', 'b', 'c', 'd'],
  startDate: '2026-03-01',
  endDate: '2026-04-30',
};

describe('round progress', () => {
  it('counts final visits dated in the round or filed for it, never drafts', () => {
    const progress = roundProgress(ROUND, [
      { householdId: 'a', visitDate: '2026-03-15', status: 'final' },
      // Filed for this round although made a day after it ended.
      { householdId: 'b', visitDate: '2026-05-01', visitRoundId: 'round-1', status: 'final' },
      { householdId: 'c', visitDate: '2026-03-20', status: 'draft' },
      { householdId: 'd', visitDate: '2026-02-27', status: 'final' },
      { householdId: 'x', visitDate: '2026-03-20', status: 'final' },
    ]);
    expect(progress).toEqual({ visited: ['a', 'b'], pending: ['c', 'd'] });
  });

  it('reads rounds and visits from record data, refusing an incomplete round', () => {
    expect(
      roundFacts('r', { householdIds: ['a', 7], startDate: '2026-03-01', endDate: '2026-04-30' }),
    ).toEqual({
      id: 'r',
      householdIds: ['a'],
      startDate: '2026-03-01',
      endDate: '2026-04-30',
    });
    expect(roundFacts('r', { householdIds: ['a'], startDate: '2026-03-01' })).toBeNull();
    expect(
      visitFacts({ householdId: 'a', visitDate: '2026-03-02', status: 'final', visitRoundId: null }),
    ).toEqual({
      householdId: 'a',
      visitDate: '2026-03-02',
      visitRoundId: null,
      status: 'final',
    });
  });
});
