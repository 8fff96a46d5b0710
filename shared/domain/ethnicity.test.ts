import { describe, expect, it } from 'vitest';
import { ETHNICITIES, ETHNICITY_CHOICES, ETHNICITY_LABELS, ethnicitySchema } from './ethnicity';

describe('ethnicities', () => {
  it('list 汉族 first and 其他, 外国血统中国籍人士 last, every code once', () => {
    expect(ETHNICITY_CHOICES.slice(0, 3).map((c) => c.label)).toEqual(['汉族', '蒙古族', '回族']);
    expect(ETHNICITY_CHOICES.slice(-2).map((c) => c.label)).toEqual(['其他', '外国血统中国籍人士']);
    expect([...ETHNICITIES].sort()).toEqual(Object.keys(ETHNICITY_LABELS).sort());
    expect(new Set(ETHNICITIES).size).toBe(58);
    expect(ethnicitySchema.safeParse('01').success).toBe(true);
  });
});
