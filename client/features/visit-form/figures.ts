import {
  DEMO_CLASSIFICATION_CONFIG,
  dibaoStandardFor,
  householdIncomeSummary,
  suggestCategory,
  type CategorySuggestion,
  type IncomeSummary,
} from '../../../shared/domain/classification';
import type { Category } from '../../../shared/domain/household-codes';
import type { RecordData } from '../../db/types';

/** The income figures and the suggested category shown live on the form and stored with the visit. */
export interface VisitFigures extends IncomeSummary {
  dibaoStandardFen: number | null;
  suggestion: CategorySuggestion;
}

function fen(data: RecordData, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Figures of a household and its members as they stand (missing amounts count as zero), with the
 * classifier's suggestion against the county's 低保 standard for `year`. The thresholds come from the shared
 * classification configuration; a county without a standard gets "未分类" and says why.
 */
export function visitFigures(input: {
  household: RecordData;
  members: readonly RecordData[];
  countyCode: string | null;
  year: number;
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
  const config = DEMO_CLASSIFICATION_CONFIG;
  const dibaoStandardFen = input.countyCode ? dibaoStandardFor(config, input.countyCode, input.year) : null;
  const suggestion = suggestCategory({
    perCapitaMonthlyIncomeFen: summary.perCapitaMonthlyIncomeFen,
    dibaoStandardFen,
    annualIncomeFen: summary.annualIncomeFen,
    suddenHardshipSpendingFen: fen(household, 'hardshipSpendingAnnualFen'),
    receivesDibao: household.receivesDibao === true,
    rigidExpensesFen: summary.rigidExpensesFen,
    config,
  });
  return { ...summary, dibaoStandardFen, suggestion };
}

/** The visit fields that keep the figures the worker saw (走访调查表 keeps them for the review). */
export function figureFields(figures: VisitFigures): {
  householdSize: number;
  annualIncomeFen: number;
  rigidExpensesFen: number;
  perCapitaMonthlyIncomeFen: number;
  suggestedCategory: Category;
} {
  return {
    householdSize: figures.householdSize,
    annualIncomeFen: figures.annualIncomeFen,
    rigidExpensesFen: figures.rigidExpensesFen,
    perCapitaMonthlyIncomeFen: figures.perCapitaMonthlyIncomeFen,
    suggestedCategory: figures.suggestion.category,
  };
}
