import { hash } from 'node:crypto';
import { canonicalJson } from '../../shared/sync/canonical-json';
import type { Change } from '../../shared/sync/changes';

/**
 * The fingerprint a change id is stored with: sha256 of the change's canonical JSON
 * (`shared/sync/canonical-json.ts`). Every pushed change is hashed, so this writes the same text as
 * `canonicalJson` in one pass with plain concatenation (several times faster than the general version);
 * anything that is not a JSON value falls back to `canonicalJson` itself. The test beside this file holds
 * the two to identical output.
 */

// What JSON.stringify escapes: a quote, a backslash, control characters (Cc also covers U+007F–U+009F,
// which it leaves alone: those strings just take the slower exact path) and lone surrogates (Cs, in
// unicode mode a well-formed pair is one code point and needs nothing).
const NEEDS_ESCAPE = /["\\\p{Cc}\p{Cs}]/u;

function writeString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

export function fastCanonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // Finite numbers print the same with String() as with JSON.stringify; the rest throws there.
      return Number.isFinite(value) ? String(value) : canonicalJson(value);
    case 'object':
      break;
    default:
      return canonicalJson(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += item === undefined ? 'null' : fastCanonicalJson(item);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const inner = record[key];
    if (inner === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${writeString(key)}:${fastCanonicalJson(inner)}`;
  }
  return `${out}}`;
}

export function changeHash(change: Change): string {
  // The one-shot digest (Node ≥ 20.12) skips the Hash object: about half the cost of createHash for a change.
  return hash('sha256', fastCanonicalJson(change), 'hex');
}
