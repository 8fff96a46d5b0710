import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonEqual } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: '户主' } })).toBe(
      '{"a":{"c":"户主","d":[true,null]},"b":1}',
    );
  });

  it('leaves out undefined members and writes undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 2] })).toBe('{"b":[null,2]}');
  });

  it('writes strings and numbers exactly as JSON.stringify does', () => {
    expect(canonicalJson({ s: 'a"\n\u2028', n: 1e21, m: -0, f: 0.1 })).toBe(
      '{"f":0.1,"m":0,"n":1e+21,"s":"a\\"\\n\u2028"}',
    );
  });

  it('refuses numbers that have no JSON form', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
  });

  it('is stable through a JSON round trip and independent of key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        const shuffled = JSON.parse(
          JSON.stringify(value, (_k, v: unknown) =>
            v && typeof v === 'object' && !Array.isArray(v)
              ? Object.fromEntries(Object.entries(v).reverse())
              : v,
          ),
        ) as unknown;
        expect(jsonEqual(shuffled, value)).toBe(true);
      }),
    );
  });
});

describe('jsonEqual', () => {
  it('treats an absent value as null and nothing else as equal', () => {
    expect(jsonEqual(undefined, null)).toBe(true);
    expect(jsonEqual(0, null)).toBe(false);
    expect(jsonEqual('', null)).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});
