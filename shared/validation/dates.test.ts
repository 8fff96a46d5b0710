import { describe, expect, it } from 'vitest';
import { todayInChina } from './clock';
import { addDays, ageOn, dateSchema, isRealDate, notFutureDateSchema } from './dates';
import { isValidMobile, mobileSchema } from './mobile';

describe('dates', () => {
  it('knows which calendar days exist', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('2026-04-31')).toBe(false);
    expect(isRealDate('2026-4-1')).toBe(false);
    expect(dateSchema.safeParse('2026-13-01').success).toBe(false);
  });

  it('refuses dates after the given today, with the date in the message', () => {
    const schema = notFutureDateSchema('2026-05-01');
    expect(schema.safeParse('2026-05-01').success).toBe(true);
    const result = schema.safeParse('2026-05-02');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('不能晚于今天（2026-05-01）');
  });

  it('takes today in China time (UTC+8)', () => {
    expect(todayInChina(new Date('2026-04-30T16:00:00Z'))).toBe('2026-05-01');
    expect(todayInChina(new Date('2026-04-30T15:59:59Z'))).toBe('2026-04-30');
  });

  it('counts whole years of age and adds days across months', () => {
    expect(ageOn('2008-05-02', '2026-05-01')).toBe(17);
    expect(ageOn('2008-05-01', '2026-05-01')).toBe(18);
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
});

describe('mobile numbers', () => {
  it('accepts 1[3-9] followed by nine digits only', () => {
    expect(isValidMobile('13912345678')).toBe(true);
    expect(isValidMobile('12912345678')).toBe(false);
    expect(isValidMobile('1391234567')).toBe(false);
    expect(mobileSchema.safeParse('139123456789').error?.issues[0]?.message).toContain('11位');
  });
});
