import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenSchema, fenToYuanInput, formatFen, parseYuan, yuanToFen } from './money';

describe('money as integer fen', () => {
  it('turns yuan text into fen without floating-point error', () => {
    expect(yuanToFen('1234.5')).toBe(123450);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('¥1,234.56')).toBe(123456);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('100')).toBe(10000);
  });

  it('refuses more than two decimals, negatives and text, saying why', () => {
    expect(parseYuan('1.234')).toEqual({ ok: false, message: '最多保留两位小数' });
    expect(parseYuan('-5')).toEqual({ ok: false, message: '不能为负数' });
    expect(parseYuan('abc')).toEqual({ ok: false, message: '应为数字，例如 1200.50' });
    expect(yuanToFen('')).toBeNull();
  });

  it('formats fen as yuan with thousands separators', () => {
    expect(formatFen(123450)).toBe('¥1,234.50');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(100000000)).toBe('¥1,000,000.00');
    expect(formatFen(-1999)).toBe('-¥19.99');
    expect(fenToYuanInput(123450)).toBe('1234.50');
  });

  it('refuses fractional and negative fen in the schema', () => {
    expect(fenSchema.safeParse(12.5).success).toBe(false);
    expect(fenSchema.safeParse(-1).success).toBe(false);
    expect(fenSchema.safeParse(0).success).toBe(true);
  });

  it('property: fen → input text → fen is the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => {
        expect(yuanToFen(fenToYuanInput(fen))).toBe(fen);
      }),
    );
  });
});
