import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARSET, checkCreditCode, creditCodeCheckChar, creditCodeSchema } from './credit-code';

const validCreditCode = fc
  .array(fc.constantFrom(...CREDIT_CODE_CHARSET), { minLength: 17, maxLength: 17 })
  .map((chars) => chars.join(''))
  .map((first17) => first17 + creditCodeCheckChar(first17));

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts a published code and its lower-case form', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, creditCode: '91350100M000100Y43' });
    expect(creditCodeSchema.parse('91350100m000100y43')).toBe('91350100M000100Y43');
  });

  it('maps a computed check value of 31 to "0"', () => {
    // Search the space of simple codes for one whose sum is divisible by 31.
    const base = '9134160000000000';
    const hit = [...CREDIT_CODE_CHARSET].map((c) => base + c).find((s) => creditCodeCheckChar(s) === '0');
    expect(hit).toBeDefined();
    expect(checkCreditCode(`${hit}0`).ok).toBe(true);
  });

  it('names forbidden letters and a wrong check character', () => {
    expect(checkCreditCode('91350100M000100I43')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('“I”'),
    });
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ ok: false, problem: '校验位错误' });
    expect(checkCreditCode('91350100M000100Y4')).toMatchObject({ ok: false, problem: '应为18位，当前17位' });
  });

  it('property: generated valid codes pass', () => {
    fc.assert(
      fc.property(validCreditCode, (code) => {
        expect(checkCreditCode(code).ok).toBe(true);
      }),
    );
  });

  it('property: changing any single character to another allowed character makes it invalid', () => {
    fc.assert(
      fc.property(
        validCreditCode,
        fc.nat(17),
        fc.constantFrom(...CREDIT_CODE_CHARSET),
        (code, position, replacement) => {
          fc.pre(code[position] !== replacement);
          const changed = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(checkCreditCode(changed)).toEqual({ ok: false, problem: '校验位错误' });
        },
      ),
    );
  });
});
