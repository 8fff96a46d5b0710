import { describe, expect, it } from 'vitest';
import { validateFinal } from '../../../shared/domain/records';
import { SELF_ASSESSMENT_QUESTIONS } from '../../../shared/domain/self-assessment-questions';
import { answeredCount, answerPatch, periodLabel, periodOptions } from './assessment-model';

describe('self-assessment', () => {
  it('offers this year and last, whole and half years, in the schema format', () => {
    const options = periodOptions('2026-03-10');
    expect(options.map((o) => o.value)).toEqual(['2026', '2026-H1', '2026-H2', '2025', '2025-H1', '2025-H2']);
    expect(periodLabel('2026-H2')).toBe('2026年下半年');
    expect(periodLabel('2026')).toBe('2026年（全年）');
  });

  it('saves the total with every answer so the record always validates', () => {
    let data: Record<string, unknown> = { unitId: '341602001', period: '2026', totalScore: 0 };
    SELF_ASSESSMENT_QUESTIONS.forEach((q, index) => {
      const option = q.options[index % q.options.length];
      if (option) data = { ...data, ...answerPatch(data, q.id, option.id) };
    });
    expect(answeredCount(data)).toBe(10);
    expect(validateFinal('selfAssessment', data).ok).toBe(true);
    // Changing one answer moves the total by the difference of the two options.
    const before = data.totalScore as number;
    data = { ...data, ...answerPatch(data, 'q01', 'c') };
    expect(data.totalScore).toBe(before - 10);
  });
});
