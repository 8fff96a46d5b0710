import { z } from 'zod';
import { typeError } from '../validation/messages';
import { unitIdSchema } from '../org';
import { isoDateTimeSchema } from '../validation/dates';
import { idNumberSchema } from '../validation/id-number';
import { recordIdSchema, shortTextSchema } from './common-fields';
import { defineRecord, type DraftOf, type FinalOf } from './record-kit';

/** Data sources of the information comparison (信息比对). */
export const COMPARISON_SOURCES = [
  'civil_affairs_dibao',
  'social_insurance',
  'real_estate',
  'vehicles',
  'business_registration',
  'tax',
  'provident_fund',
  'bank_deposits',
] as const;
export const comparisonSourceSchema = z.enum(COMPARISON_SOURCES);
export type ComparisonSource = z.infer<typeof comparisonSourceSchema>;
export const COMPARISON_SOURCE_LABELS: Record<ComparisonSource, string> = {
  civil_affairs_dibao: '民政低保',
  social_insurance: '社会保险',
  real_estate: '不动产',
  vehicles: '车辆',
  business_registration: '工商登记',
  tax: '税务',
  provident_fund: '住房公积金',
  bank_deposits: '银行存款',
};

export const COMPARISON_RESULTS = ['consistent', 'inconsistent'] as const;
export const comparisonResultSchema = z.enum(COMPARISON_RESULTS);
export type ComparisonResult = z.infer<typeof comparisonResultSchema>;
export const COMPARISON_RESULT_LABELS: Record<ComparisonResult, string> = {
  consistent: '一致',
  inconsistent: '不一致',
};

export const comparisonRowSchema = z.strictObject({
  /** The matched household; null when the ID number matched no file. */
  householdId: recordIdSchema.nullable(),
  idNumber: idNumberSchema,
  source: comparisonSourceSchema,
  result: comparisonResultSchema,
  note: z
    .string({ error: typeError('必须是文字') })
    .trim()
    .max(500),
});
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

/** A data-comparison batch (数据比对), one of the "five ones", with one row per person and source. */
export const comparisonBatchFields = {
  unitId: unitIdSchema,
  name: shortTextSchema,
  sources: z
    .array(comparisonSourceSchema, { error: typeError('必须是列表') })
    .min(1)
    .max(COMPARISON_SOURCES.length),
  createdAt: isoDateTimeSchema,
  rows: z.array(comparisonRowSchema, { error: typeError('必须是列表') }).max(50_000),
};

export const COMPARISON_BATCH_FIELD_LABELS: Record<keyof typeof comparisonBatchFields, string> = {
  unitId: '比对单位',
  name: '批次名称',
  sources: '比对数据来源',
  createdAt: '创建时间',
  rows: '比对结果',
};

const COMPARISON_ITEM_LABELS: Record<string, string> = {
  householdId: '对应家庭',
  idNumber: '身份证号',
  source: '数据来源',
  result: '比对结果',
  note: '说明',
};

const COMPARISON_BATCH_REQUIRED = [
  'unitId',
  'sources',
  'createdAt',
  'rows',
] as const satisfies readonly (keyof typeof comparisonBatchFields)[];

export const comparisonBatchDefinition = defineRecord({
  term: '数据比对',
  fields: comparisonBatchFields,
  labels: COMPARISON_BATCH_FIELD_LABELS,
  itemLabels: COMPARISON_ITEM_LABELS,
  required: COMPARISON_BATCH_REQUIRED,
  rules(data, ctx) {
    const sources = data.sources ?? [];
    if (new Set(sources).size !== sources.length) ctx.report('sources', '包含重复的数据来源');
    const seen = new Set<string>();
    (data.rows ?? []).forEach((row, index) => {
      if (data.sources && !sources.includes(row.source)) {
        ctx.report(
          ['rows', index, 'source'],
          `“${COMPARISON_SOURCE_LABELS[row.source]}”不在本批次的比对数据来源中`,
        );
      }
      const key = `${row.idNumber}|${row.source}`;
      if (seen.has(key)) ctx.report(['rows', index], '重复：同一身份证号和数据来源已有结果');
      seen.add(key);
      if (ctx.mode === 'final' && row.result === 'inconsistent' && row.note === '') {
        ctx.report(['rows', index, 'note'], '必须填写：比对结果不一致');
      }
    });
  },
});

export type ComparisonBatchDraft = DraftOf<typeof comparisonBatchFields>;
export type ComparisonBatch = FinalOf<
  typeof comparisonBatchFields,
  (typeof COMPARISON_BATCH_REQUIRED)[number]
>;
