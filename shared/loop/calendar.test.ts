import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../validation/dates';
import { bankCardLast4, maskBankCard } from './bank-card';
import { addMonths, addWorkingDays, isWorkingDay } from './calendar';

describe('addWorkingDays', () => {
  it('skips Saturdays and Sundays', () => {
    // 2026-03-02 is a Monday.
    expect(addWorkingDays('2026-03-02', 5)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-05', 3)).toBe('2026-03-10');
    expect(addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-07', 1)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-08', 5)).toBe('2026-03-13');
    expect(addWorkingDays('2026-03-02', 0)).toBe('2026-03-02');
  });

  it('crosses months and years', () => {
    expect(addWorkingDays('2026-02-26', 5)).toBe('2026-03-05');
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addWorkingDays('2027-12-30', 2)).toBe('2028-01-03');
  });

  it('honours holidays and make-up workdays', () => {
    const calendar = { holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] };
    // Wednesday 09-30 + 3: Thu/Fri are holidays, then Mon 10-05, Tue, Wed.
    expect(addWorkingDays('2026-09-30', 3, calendar)).toBe('2026-10-07');
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true);
    expect(addWorkingDays('2026-10-09', 1, calendar)).toBe('2026-10-10');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-03-02', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02', 1.5)).toThrow(RangeError);
  });

  it('always lands on a working day with exactly n working days after the start', () => {
    const start = fc.integer({ min: 0, max: 3650 }).map((offset) => addDays('2024-01-01', offset));
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 30 }), (date, days) => {
        const end = addWorkingDays(date, days);
        expect(isWorkingDay(end)).toBe(true);
        let count = 0;
        for (let d = addDays(date, 1); d <= end; d = addDays(d, 1)) if (isWorkingDay(d)) count += 1;
        expect(count).toBe(days);
        // A week of five working days spans exactly seven calendar days from a working day.
        if (isWorkingDay(date) && days % 5 === 0) expect(end).toBe(addDays(date, (days / 5) * 7));
      }),
    );
  });
});

describe('addMonths', () => {
  it('keeps the day or clamps to the end of a shorter month', () => {
    expect(addMonths('2026-04-15', 6)).toBe('2026-10-15');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-09-30', 6)).toBe('2027-03-30');
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
  });
});

describe('maskBankCard', () => {
  it('shows only the last four digits', () => {
    expect(maskBankCard('6222 0212 3456 7890 123')).toBe('**** **** **** 0123');
    expect(maskBankCard('1234')).toBe('**** **** **** 1234');
    expect(maskBankCard('12')).toBe('**** **** **** ****');
    expect(bankCardLast4('6222021234567890123')).toBe('0123');
    expect(bankCardLast4('')).toBeNull();
  });

  it('never reveals more than four digits of any card', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12,19}$/), (card) => {
        const masked = maskBankCard(card);
        expect(masked.replace(/\D/g, '')).toBe(card.slice(-4));
      }),
    );
  });
});
