import { z } from 'zod';
import { monitoringKindSchema } from '../monitoring/data-monitoring';
import { indicatorKeySchema, indicatorPartSchema } from './definitions';
import { periodIdSchema } from './period';

/** GET /api/oversight/indicators and its drill-down (docs/indicators.md). */

const unitParam = z.string().regex(/^[0-9A-Za-z-]{2,32}$/, '单位编码不正确');

export const indicatorsQuerySchema = z.strictObject({
  unit: unitParam.optional(),
  period: periodIdSchema,
});

export const indicatorCasesQuerySchema = z.strictObject({
  unit: unitParam.optional(),
  period: periodIdSchema,
  indicator: indicatorKeySchema,
  part: indicatorPartSchema,
});

const figureSchema = z.strictObject({
  numerator: z.int(),
  denominator: z.int(),
  rate: z.number().nullable(),
});
const figuresSchema = z.strictObject({
  identification: figureSchema,
  method: figureSchema,
  coverage: figureSchema,
  fileUpdate: figureSchema,
  disbursement: figureSchema,
  exit: figureSchema,
});
export type FiguresReply = z.infer<typeof figuresSchema>;

export const indicatorUnitRowSchema = z.strictObject({
  unitId: z.string(),
  unitName: z.string(),
  figures: figuresSchema,
  lagging: z.array(indicatorKeySchema),
  rank: z.int(),
  target: z.number(),
});
export type IndicatorUnitRow = z.infer<typeof indicatorUnitRowSchema>;

export const indicatorsReplySchema = z.strictObject({
  unit: z.strictObject({ id: z.string(), name: z.string(), level: z.string() }),
  period: z.strictObject({ id: z.string(), label: z.string(), start: z.string(), end: z.string() }),
  today: z.string(),
  /** The day the stock (coverage) is read at: the period's end, or today while it runs. */
  asOf: z.string(),
  target: z.number(),
  totals: figuresSchema,
  units: z.array(indicatorUnitRowSchema),
  trend: z.array(z.strictObject({ month: z.string(), figures: figuresSchema })),
  /** The visit rounds the file-update indicator judged (ended in the period, or running now). */
  rounds: z.array(
    z.strictObject({ id: z.string(), name: z.string(), startDate: z.string(), endDate: z.string() }),
  ),
  /** Data monitoring of the period (the monitoring counts, per kind). */
  monitoring: z.record(monitoringKindSchema, z.int()),
  /** Coverage of the current visit round in the unit, or null when the year has none yet. */
  currentRound: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      startDate: z.string(),
      endDate: z.string(),
      due: z.int(),
      visited: z.int(),
    })
    .nullable(),
});
export type IndicatorsReply = z.infer<typeof indicatorsReplySchema>;

export const indicatorCaseRowSchema = z.strictObject({
  id: z.string(),
  headName: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  stage: z.string().nullable(),
  /** The fact's day (filing, approval, exit, payment…). */
  day: z.string(),
  ok: z.boolean(),
});
export type IndicatorCaseRow = z.infer<typeof indicatorCaseRowSchema>;

export const indicatorCasesReplySchema = z.strictObject({
  total: z.int(),
  cases: z.array(indicatorCaseRowSchema),
  /** For the file-update indicator the cases are the rounds' own lists (走访覆盖). */
  rounds: z.array(z.strictObject({ id: z.string(), name: z.string() })),
});
export type IndicatorCasesReply = z.infer<typeof indicatorCasesReplySchema>;
