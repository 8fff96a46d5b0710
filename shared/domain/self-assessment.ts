import { z } from 'zod';
import { typeError } from '../validation/messages';
import { unitIdSchema } from '../org';
import { longTextSchema, personNameSchema } from './common-fields';
import { defineRecord, type DraftOf, type FinalOf } from './record-kit';
import {
  SELF_ASSESSMENT_MAX_SCORE,
  SELF_ASSESSMENT_QUESTIONS,
  scoreSelfAssessment,
  type SelfAssessmentQuestionId,
} from './self-assessment-questions';

/** Assessment period: a year ("2026") or a half year ("2026-H1"). */
export const assessmentPeriodSchema = z
  .string({ error: typeError('必须是文字') })
  .regex(/^\d{4}(-H[12])?$/, '格式应为年份（2026）或半年（2026-H1）');

// Each question is its own top-level key so two people answering different questions merge cleanly.
const answerFields = Object.fromEntries(
  SELF_ASSESSMENT_QUESTIONS.map((q) => {
    const ids: readonly string[] = q.options.map((o) => o.id);
    return [
      q.id,
      z.string({ error: typeError('必须选择一个选项') }).refine((id) => ids.includes(id), '不是该题的选项'),
    ];
  }),
) as Record<SelfAssessmentQuestionId, z.ZodString>;

/** The self-assessment (自我评估) of a township or county union, one of the "five ones". */
export const selfAssessmentFields = {
  unitId: unitIdSchema,
  period: assessmentPeriodSchema,
  assessor: personNameSchema,
  ...answerFields,
  totalScore: z
    .number({ error: typeError('必须是数字') })
    .int()
    .min(0)
    .max(SELF_ASSESSMENT_MAX_SCORE),
  notes: longTextSchema,
};

const answerLabels = Object.fromEntries(
  SELF_ASSESSMENT_QUESTIONS.map((q, index) => [q.id, `第${index + 1}题`]),
) as Record<SelfAssessmentQuestionId, string>;

export const SELF_ASSESSMENT_FIELD_LABELS: Record<keyof typeof selfAssessmentFields, string> = {
  unitId: '评估单位',
  period: '评估期间',
  assessor: '评估人',
  ...answerLabels,
  totalScore: '总分',
  notes: '说明',
};

const SELF_ASSESSMENT_REQUIRED = [
  'unitId',
  'period',
  ...SELF_ASSESSMENT_QUESTIONS.map((q) => q.id),
  'totalScore',
] as const satisfies readonly (keyof typeof selfAssessmentFields)[];

export const selfAssessmentDefinition = defineRecord({
  term: '自我评估',
  fields: selfAssessmentFields,
  labels: SELF_ASSESSMENT_FIELD_LABELS,
  required: SELF_ASSESSMENT_REQUIRED,
  rules(data, ctx) {
    if (typeof data.totalScore !== 'number') return;
    const expected = scoreSelfAssessment(data);
    if (data.totalScore !== expected) ctx.report('totalScore', `应为${expected}分（按各题所选项计算）`);
  },
});

export type SelfAssessmentDraft = DraftOf<typeof selfAssessmentFields>;
export type SelfAssessment = FinalOf<typeof selfAssessmentFields, (typeof SELF_ASSESSMENT_REQUIRED)[number]>;
