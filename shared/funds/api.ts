import { z } from 'zod';
import { unitIdSchema } from '../org';
import { dateSchema } from '../validation/dates';
import { fenSchema } from '../validation/money';
import { fundKindSchema } from './kinds';

/**
 * Bodies of `/api/funds` (docs/ledgers.md): a county's budget per year and kind, what was paid from each
 * kind, and the adjustment reports (调整报告) that move money between kinds.
 */

const yearSchema = z.coerce
  .number({ error: '年度应为数字' })
  .int('年度应为整数')
  .min(2000, '年度不在范围内')
  .max(2100, '年度不在范围内');

export const fundsQuerySchema = z.object({
  /** A county within the caller's scope; a county's staff default to their own. */
  countyId: unitIdSchema.optional(),
  year: yearSchema.optional(),
});
export type FundsQuery = z.input<typeof fundsQuerySchema>;

export const budgetWriteSchema = z.strictObject({
  countyId: unitIdSchema,
  year: yearSchema,
  kind: fundKindSchema,
  amountFen: fenSchema,
});
export type BudgetWrite = z.infer<typeof budgetWriteSchema>;

const text = (max: number, label: string) =>
  z
    .string({ error: `${label}必须是文字` })
    .trim()
    .min(1, `${label}不能为空`)
    .max(max, `${label}不能超过${max}个字`);

/**
 * Moving money between kinds: the report to the national federation (须提前向全国总工会报告情况和原因) is
 * part of the request — without its reason, number and date the move is refused, and the budgets change
 * only once it is recorded.
 */
export const adjustmentWriteSchema = z
  .strictObject({
    countyId: unitIdSchema,
    year: yearSchema,
    fromKind: fundKindSchema,
    toKind: fundKindSchema,
    amountFen: fenSchema.refine((fen) => fen > 0, '调整金额必须大于0'),
    /** 情况和原因. */
    reason: text(1000, '调整原因'),
    /** The report's reference (报告文号). */
    reportNumber: text(60, '报告文号'),
    /** When the report was sent (报告日期); not after today. */
    reportedOn: dateSchema,
  })
  .refine((a) => a.fromKind !== a.toKind, { message: '调出和调入的项目类别不能相同', path: ['toKind'] });
export type AdjustmentWrite = z.infer<typeof adjustmentWriteSchema>;

export const fundKindRowSchema = z.object({
  kind: fundKindSchema,
  label: z.string(),
  /** Budget as set (年初预算), fen; null when not set. */
  baseFen: z.number().int().nullable(),
  /** Net of recorded adjustments (in − out). */
  adjustedFen: z.number().int(),
  /** base + adjusted. */
  budgetFen: z.number().int(),
  spentFen: z.number().int(),
  remainingFen: z.number().int(),
  disbursements: z.number().int(),
});
export type FundKindRow = z.infer<typeof fundKindRowSchema>;

export const adjustmentSchema = z.object({
  id: z.string(),
  countyId: z.string(),
  year: z.number().int(),
  fromKind: fundKindSchema,
  toKind: fundKindSchema,
  amountFen: z.number().int(),
  reason: z.string(),
  reportNumber: z.string(),
  reportedOn: z.string(),
  recordedAt: z.string(),
  recordedByName: z.string(),
});
export type Adjustment = z.infer<typeof adjustmentSchema>;

export const fundsReplySchema = z.object({
  countyId: z.string(),
  countyName: z.string(),
  year: z.number().int(),
  kinds: z.array(fundKindRowSchema),
  total: fundKindRowSchema.omit({ kind: true, label: true }),
  adjustments: z.array(adjustmentSchema),
  /** The counties the caller may choose (one for a county's staff). */
  counties: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Whether the caller may change a kind's base budget now (the city always; a county only before it is set). */
  canSetBudget: z.record(fundKindSchema, z.boolean()),
});
export type FundsReply = z.infer<typeof fundsReplySchema>;
