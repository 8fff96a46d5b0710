import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/sync/canonical-json';
import { fastCanonicalJson } from './change-hash';

// Stored change hashes must not depend on which of the two writers made them: a replay hashed with one
// and compared against a hash stored with the other would be refused as a reused change id.
describe('fastCanonicalJson', () => {
  it('writes exactly what canonicalJson writes for any JSON value, any text included', () => {
    // Any code point, plus strings made only of the characters where two writers could differ:
    // escapes, control characters, line separators, lone and paired surrogate halves.
    const tricky = fc.constantFrom(
      'a',
      '户',
      '"',
      '\\',
      '\n',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u2028',
      '\ud800',
      '\udc00',
    );
    const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: tricky }));
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(anyText, fc.double(), fc.integer(), fc.boolean(), fc.constant(null)),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 5 }),
        fc.dictionary(anyText, tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        let expected: string | Error;
        try {
          expected = canonicalJson(v);
        } catch (err) {
          expected = err as Error;
        }
        if (expected instanceof Error) expect(() => fastCanonicalJson(v)).toThrow(TypeError);
        else expect(fastCanonicalJson(v)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('treats undefined, escapes, surrogates and odd numbers the same way', () => {
    const cases: unknown[] = [
      { a: undefined, b: [undefined, 2] },
      { s: 'a"\n\u2028', n: 1e21, m: -0, f: 0.1, k: '\\' },
      ['\ud800', 'x\udfffy', '\u{1f600}', '\ud83d\ude00\ud83d', '\u007f', '\u0085', { '\udc00': 1 }],
      { é: 1, e: 2, E: 3, '10': 4, '9': 5 },
      undefined,
      new Date(0),
    ];
    for (const c of cases) expect(fastCanonicalJson(c)).toBe(canonicalJson(c));
    expect(() => fastCanonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});
