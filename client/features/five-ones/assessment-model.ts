import {
  SELF_ASSESSMENT_QUESTIONS,
  scoreSelfAssessment,
} from '../../../shared/domain/self-assessment-questions';
import type { RecordData } from '../../db/types';

/** Periods offered for an assessment: this year and last, whole year or half year. */
export function periodOptions(today: string): { value: string; label: string }[] {
  const year = Number(today.slice(0, 4));
  return [year, year - 1].flatMap((y) => [
    { value: String(y), label: `${y}年（全年）` },
    { value: `${y}-H1`, label: `${y}年上半年` },
    { value: `${y}-H2`, label: `${y}年下半年` },
  ]);
}

export function periodLabel(period: unknown): string {
  if (typeof period !== 'string') return '期间未填';
  const match = /^(\d{4})(?:-H([12]))?$/.exec(period);
  if (!match) return period;
  const [, year, half] = match;
  return half ? `${year}年${half === '1' ? '上' : '下'}半年` : `${year}年（全年）`;
}

/** How many of the questions have a valid answer. */
export function answeredCount(data: RecordData): number {
  return SELF_ASSESSMENT_QUESTIONS.filter((q) => q.options.some((o) => o.id === data[q.id])).length;
}

/** The fields to save when one question is answered: the answer and the new total together. */
export function answerPatch(data: RecordData, questionId: string, optionId: string): RecordData {
  const next = { ...data, [questionId]: optionId };
  return { [questionId]: optionId, totalScore: scoreSelfAssessment(next) };
}
