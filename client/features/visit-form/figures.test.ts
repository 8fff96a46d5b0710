import { describe, expect, it } from 'vitest';
import { figureFields, storedStandard, visitFigures } from './figures';

describe('visit figures', () => {
  const household = { headMonthlyIncomeFen: 100_000 };
  const members = [{ monthlyIncomeFen: 0 }];

  it('suggests against the standard given and keeps it with the visit’s figures', () => {
    const standard = { monthlyFen: 90_000, effectiveFrom: '2027-01-01' };
    const figures = visitFigures({ household, members, standard });
    expect(figures.perCapitaMonthlyIncomeFen).toBe(50_000);
    expect(figures.suggestion.category).toBe('deep');
    const fields = figureFields(figures);
    expect(fields).toMatchObject({ dibaoStandardFen: 90_000, dibaoStandardFrom: '2027-01-01' });
    expect(storedStandard(fields)).toEqual(standard);
  });

  it('says so when no standard applies, and stores none', () => {
    const figures = visitFigures({ household, members, standard: null });
    expect(figures.suggestion.category).toBe('unclassified');
    expect(figureFields(figures)).toMatchObject({ dibaoStandardFen: null, dibaoStandardFrom: null });
    expect(storedStandard({ dibaoStandardFen: 85_000 })).toBe(null);
  });
});
