import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdNumber, idNumberCheckChar, idNumberSchema, parseIdNumber } from './id-number';

const TODAY = '2026-05-01';

/** Valid ID numbers: every address code, a real birth date 1900..today, every sequence number. */
const validIdNumber = fc
  .record({
    address: fc.stringMatching(/^\d{6}$/),
    birth: fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date(`${TODAY}T00:00:00Z`),
      noInvalidDate: true,
    }),
    sequence: fc.stringMatching(/^\d{3}$/),
  })
  .map(({ address, birth, sequence }) => {
    const first17 = address + birth.toISOString().slice(0, 10).replaceAll('-', '') + sequence;
    return first17 + idNumberCheckChar(first17);
  });

describe('居民身份证号 (GB 11643)', () => {
  it('accepts the standard example and reads birth date and sex from it', () => {
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(parseIdNumber('11010519491231002x', TODAY)?.idNumber).toBe('11010519491231002X');
  });

  it('names the problem of a wrong check character in Chinese', () => {
    expect(checkIdNumber('110105194912310021', TODAY)).toEqual({ ok: false, problem: '校验位错误' });
  });

  it('refuses impossible and future birth dates but not unknown address codes', () => {
    const feb29 = '99999920230229001';
    expect(checkIdNumber(feb29 + idNumberCheckChar(feb29), TODAY)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('不存在'),
    });
    const future = '34160220260502001';
    expect(checkIdNumber(future + idNumberCheckChar(future), TODAY)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('晚于今天'),
    });
    const retired = '00000019800101001';
    expect(checkIdNumber(retired + idNumberCheckChar(retired), TODAY).ok).toBe(true);
  });

  it('refuses wrong length and letters in the digits', () => {
    expect(checkIdNumber('1101051949123100', TODAY)).toMatchObject({
      ok: false,
      problem: '应为18位，当前16位',
    });
    expect(checkIdNumber('1101051949123100AX', TODAY)).toMatchObject({
      ok: false,
      problem: '前17位必须是数字',
    });
  });

  it('property: every generated valid number passes, with sex from the 17th digit', () => {
    fc.assert(
      fc.property(validIdNumber, (id) => {
        const info = parseIdNumber(id, TODAY);
        expect(info).not.toBeNull();
        expect(info?.sex).toBe(Number(id[16]) % 2 === 1 ? 'male' : 'female');
        expect(idNumberSchema.safeParse(id).success).toBe(true);
      }),
    );
  });

  it('property: changing any single character to another digit or X makes it invalid', () => {
    fc.assert(
      fc.property(
        validIdNumber,
        fc.nat(17),
        fc.constantFrom(...'0123456789X'),
        (id, position, replacement) => {
          fc.pre(id[position] !== replacement && (position === 17 || replacement !== 'X'));
          const changed = id.slice(0, position) + replacement + id.slice(position + 1);
          expect(checkIdNumber(changed, TODAY).ok).toBe(false);
        },
      ),
    );
  });
});
