import {
  CLASSIFICATION_CONFIG,
  householdIncomeSummary,
  suggestCategory,
  type CategorySuggestion,
  type DibaoStandardUsed,
  type IncomeSummary,
} from '../../../shared/domain/classification';
import type { Category } from '../../../shared/domain/household-codes';
import type { RecordData } from '../../db/types';

/** The income figures and the suggested category shown live on the form and stored with the visit. */
export interface VisitFigures extends IncomeSummary {
  /** The 低保 standard the suggestion used (county setting in force on the visit's date), or null. */
  dibaoStandard: DibaoStandardUsed | null;
  suggestion: CategorySuggestion;
}

function fen(data: RecordData, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Figures of a household and its members as they stand (missing amounts count as zero), with the
 * classifier's suggestion against `standard`, the county's 低保 standard in force on the day that counts
 * (`dibaoStandardOn`). A county without a standard gets "未分类" and says why.
 */
export function visitFigures(input: {
  household: RecordData;
  members: readonly RecordData[];
  standard: DibaoStandardUsed | null;
}): VisitFigures {
  const { household } = input;
  const summary = householdIncomeSummary(
    {
      headMonthlyIncomeFen: fen(household, 'headMonthlyIncomeFen'),
      otherAnnualIncomeFen: fen(household, 'otherAnnualIncomeFen'),
      medicalExpensesAnnualFen: fen(household, 'medicalExpensesAnnualFen'),
      disabilityExpensesAnnualFen: fen(household, 'disabilityExpensesAnnualFen'),
      schoolingExpensesAnnualFen: fen(household, 'schoolingExpensesAnnualFen'),
    },
    input.members.map((member) => ({ monthlyIncomeFen: fen(member, 'monthlyIncomeFen') })),
  );
  const suggestion = suggestCategory({
    perCapitaMonthlyIncomeFen: summary.perCapitaMonthlyIncomeFen,
    dibaoStandardFen: input.standard?.monthlyFen ?? null,
    annualIncomeFen: summary.annualIncomeFen,
    suddenHardshipSpendingFen: fen(household, 'hardshipSpendingAnnualFen'),
    receivesDibao: household.receivesDibao === true,
    rigidExpensesFen: summary.rigidExpensesFen,
    config: CLASSIFICATION_CONFIG,
  });
  return { ...summary, dibaoStandard: input.standard, suggestion };
}

/** The visit fields that keep the figures the worker saw (走访调查表 keeps them for the review). */
export function figureFields(figures: VisitFigures): {
  householdSize: number;
  annualIncomeFen: number;
  rigidExpensesFen: number;
  perCapitaMonthlyIncomeFen: number;
  suggestedCategory: Category;
  dibaoStandardFen: number | null;
  dibaoStandardFrom: string | null;
} {
  return {
    householdSize: figures.householdSize,
    annualIncomeFen: figures.annualIncomeFen,
    rigidExpensesFen: figures.rigidExpensesFen,
    perCapitaMonthlyIncomeFen: figures.perCapitaMonthlyIncomeFen,
    suggestedCategory: figures.suggestion.category,
    dibaoStandardFen: figures.dibaoStandard?.monthlyFen ?? null,
    dibaoStandardFrom: figures.dibaoStandard?.effectiveFrom ?? null,
  };
}

/** The standard a visit stored when it was finalised (`dibaoStandardFen`, `dibaoStandardFrom`), if any. */
export function storedStandard(visit: RecordData): DibaoStandardUsed | null {
  const monthlyFen = visit.dibaoStandardFen;
  const effectiveFrom = visit.dibaoStandardFrom;
  return typeof monthlyFen === 'number' && typeof effectiveFrom === 'string'
    ? { monthlyFen, effectiveFrom }
    : null;
}
