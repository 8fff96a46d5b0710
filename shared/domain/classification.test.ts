import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLASSIFICATION_CONFIG,
  classificationConfigSchema,
  dibaoStandardText,
  householdAnnualIncomeFen,
  householdIncomeSummary,
  perCapitaMonthlyIncomeFen,
  suggestCategory,
} from './classification';

const config = CLASSIFICATION_CONFIG;
const fen = fc.integer({ min: 0, max: 1_000_000_000 });
const size = fc.integer({ min: 1, max: 12 });

describe('per-capita monthly income', () => {
  it('is (annual − rigid) ÷ 12 ÷ size in whole fen, rounded down', () => {
    expect(
      perCapitaMonthlyIncomeFen({ annualIncomeFen: 3_600_000, rigidExpensesFen: 600_000, householdSize: 3 }),
    ).toBe(83_333);
    expect(
      perCapitaMonthlyIncomeFen({ annualIncomeFen: 1_440_000, rigidExpensesFen: 0, householdSize: 1 }),
    ).toBe(120_000);
  });

  it('is zero, not negative, when rigid expenses exceed income', () => {
    expect(
      perCapitaMonthlyIncomeFen({ annualIncomeFen: 100_000, rigidExpensesFen: 900_000, householdSize: 2 }),
    ).toBe(0);
  });

  it('refuses a household of nobody', () => {
    expect(() =>
      perCapitaMonthlyIncomeFen({ annualIncomeFen: 1, rigidExpensesFen: 0, householdSize: 0 }),
    ).toThrow(RangeError);
  });

  it('property: an integer, never negative, never above income ÷ 12 ÷ size', () => {
    fc.assert(
      fc.property(fen, fen, size, (annualIncomeFen, rigidExpensesFen, householdSize) => {
        const result = perCapitaMonthlyIncomeFen({ annualIncomeFen, rigidExpensesFen, householdSize });
        expect(Number.isInteger(result)).toBe(true);
        expect(result).toBeGreaterThanOrEqual(0);
        expect(result * 12 * householdSize).toBeLessThanOrEqual(
          Math.max(0, annualIncomeFen - rigidExpensesFen),
        );
        expect((result + 1) * 12 * householdSize).toBeGreaterThan(annualIncomeFen - rigidExpensesFen);
      }),
    );
  });

  it('property: monotone — more income never lowers it, more rigid expenses or people never raise it', () => {
    fc.assert(
      fc.property(fen, fen, fen, size, (annualIncomeFen, extra, rigidExpensesFen, householdSize) => {
        const base = perCapitaMonthlyIncomeFen({ annualIncomeFen, rigidExpensesFen, householdSize });
        expect(
          perCapitaMonthlyIncomeFen({
            annualIncomeFen: annualIncomeFen + extra,
            rigidExpensesFen,
            householdSize,
          }),
        ).toBeGreaterThanOrEqual(base);
        expect(
          perCapitaMonthlyIncomeFen({
            annualIncomeFen,
            rigidExpensesFen: rigidExpensesFen + extra,
            householdSize,
          }),
        ).toBeLessThanOrEqual(base);
        expect(
          perCapitaMonthlyIncomeFen({ annualIncomeFen, rigidExpensesFen, householdSize: householdSize + 1 }),
        ).toBeLessThanOrEqual(base);
      }),
    );
  });

  it('adds twelve months of everyone’s income to other annual income', () => {
    expect(
      householdAnnualIncomeFen({
        headMonthlyIncomeFen: 150_000,
        memberMonthlyIncomesFen: [80_000, 0],
        otherAnnualIncomeFen: 50_000,
      }),
    ).toBe(2_810_000);
    expect(
      householdIncomeSummary(
        {
          headMonthlyIncomeFen: 120_000,
          medicalExpensesAnnualFen: 600_000,
          schoolingExpensesAnnualFen: 300_000,
        },
        [{ monthlyIncomeFen: null }],
      ),
    ).toEqual({
      householdSize: 2,
      annualIncomeFen: 1_440_000,
      rigidExpensesFen: 900_000,
      perCapitaMonthlyIncomeFen: 22_500,
    });
  });
});

describe('suggested category', () => {
  const standard = 85_000;
  const suggest = (perCapita: number, extra: Partial<Parameters<typeof suggestCategory>[0]> = {}) =>
    suggestCategory({
      perCapitaMonthlyIncomeFen: perCapita,
      dibaoStandardFen: standard,
      annualIncomeFen: 3_000_000,
      config,
      ...extra,
    });

  it('is deep just below the 低保 standard and relative exactly at it', () => {
    expect(suggest(standard - 1).category).toBe('deep');
    expect(suggest(standard).category).toBe('relative');
  });

  it('is relative exactly at 2× the standard and unclassified one fen above', () => {
    expect(suggest(2 * standard).category).toBe('relative');
    expect(suggest(2 * standard + 1).category).toBe('unclassified');
  });

  it('explains itself with the figures', () => {
    expect(suggest(60_000).reasons).toEqual([
      '家庭月人均收入¥600.00低于当地低保标准¥850.00，建议认定为深度困难。',
    ]);
    expect(suggest(100_000).reasons).toEqual([
      '家庭月人均收入¥1,000.00不低于当地低保标准¥850.00，且不高于当地低保标准¥850.00的2倍（¥1,700.00），建议认定为相对困难。',
    ]);
    expect(suggest(200_000).reasons[0]).toBe(
      '家庭月人均收入¥2,000.00高于当地低保标准¥850.00的2倍（¥1,700.00），按收入不符合困难职工建档标准。',
    );
  });

  it('is sudden when hardship spending is more than 80% of annual income, not at exactly 80%', () => {
    expect(
      suggest(100_000, { annualIncomeFen: 1_000_000, suddenHardshipSpendingFen: 800_001 }).category,
    ).toBe('sudden');
    expect(
      suggest(100_000, { annualIncomeFen: 1_000_000, suddenHardshipSpendingFen: 800_000 }).category,
    ).toBe('relative');
    const deep = suggest(50_000, { annualIncomeFen: 1_000_000, suddenHardshipSpendingFen: 900_000 });
    expect(deep.category).toBe('deep');
    expect(deep.reasons[1]).toContain('也符合意外致困条件');
  });

  it('treats a 低保 household still carrying rigid expenses as deep', () => {
    expect(suggest(100_000, { receivesDibao: true, rigidExpensesFen: 500_000 }).category).toBe('deep');
    expect(suggest(100_000, { receivesDibao: true, rigidExpensesFen: 0 }).category).toBe('relative');
  });

  it('follows a configured multiplier and says when no standard is configured', () => {
    const strict = { ...config, relativeMultiplier: 1.5 };
    expect(
      suggestCategory({
        perCapitaMonthlyIncomeFen: 127_500,
        dibaoStandardFen: standard,
        annualIncomeFen: 0,
        config: strict,
      }).category,
    ).toBe('relative');
    expect(
      suggestCategory({
        perCapitaMonthlyIncomeFen: 127_501,
        dibaoStandardFen: standard,
        annualIncomeFen: 0,
        config: strict,
      }).category,
    ).toBe('unclassified');
    const none = suggestCategory({
      perCapitaMonthlyIncomeFen: 1,
      dibaoStandardFen: null,
      annualIncomeFen: 0,
      config,
    });
    expect(none).toEqual({
      category: 'unclassified',
      reasons: ['当地本年度低保标准未配置，无法按收入给出建议，请先配置低保标准。'],
    });
  });

  it('property: the category follows the documented bands for any standard and income', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (dibao, perCapita) => {
          const { category, reasons } = suggestCategory({
            perCapitaMonthlyIncomeFen: perCapita,
            dibaoStandardFen: dibao,
            annualIncomeFen: 0,
            config,
          });
          const expected = perCapita < dibao ? 'deep' : perCapita <= 2 * dibao ? 'relative' : 'unclassified';
          expect(category).toBe(expected);
          expect(reasons.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('property: more per-capita income never moves a household to a deeper category', () => {
    const rank = { deep: 0, sudden: 1, relative: 1, unclassified: 2 } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.nat(500_000),
        (dibao, perCapita, extra) => {
          const at = (p: number) =>
            suggestCategory({
              perCapitaMonthlyIncomeFen: p,
              dibaoStandardFen: dibao,
              annualIncomeFen: 0,
              config,
            }).category;
          expect(rank[at(perCapita + extra)]).toBeGreaterThanOrEqual(rank[at(perCapita)]);
        },
      ),
    );
  });
});

describe('classification config', () => {
  it('holds the multiples; the standard used is named with its year', () => {
    expect(classificationConfigSchema.safeParse(config).success).toBe(true);
    expect(dibaoStandardText({ monthlyFen: 85_000, effectiveFrom: '2026-01-01' })).toBe(
      '按 2026 年低保标准 850.00 元/月',
    );
    expect(dibaoStandardText(null)).toBe('当地低保标准未配置');
  });
});
