import {
  fundsReplySchema,
  type AdjustmentWrite,
  type BudgetWrite,
  type FundsReply,
} from '../../../../shared/funds/api';
import { get, post, put } from '../api/review-api';

/** /api/funds for the 资金管理 screen (docs/ledgers.md). */

export function getFunds(countyId: string | null, year: number): Promise<FundsReply> {
  const county = countyId ? `&countyId=${encodeURIComponent(countyId)}` : '';
  return get(`/api/funds?year=${year}${county}`, fundsReplySchema);
}

export function setBudget(write: BudgetWrite): Promise<FundsReply> {
  return put('/api/funds/budgets', fundsReplySchema, write);
}

export function recordAdjustment(write: AdjustmentWrite): Promise<FundsReply> {
  return post('/api/funds/adjustments', fundsReplySchema, write);
}
