import { z } from 'zod';

/** Any JSON value, as it travels in a sync body. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z.json();

/**
 * Whether `value` is a JSON value that `jsonValueSchema` accepts and hands back unchanged, checked with a
 * plain walk: strings, booleans, null, finite numbers (`JSON.parse` turns 1e400 into Infinity, which the
 * schema refuses), dense arrays, and plain objects without an own `__proto__` key (the schema drops that
 * key). Anything else is refused, even where the schema might accept it.
 */
export function isParsedJsonValue(value: unknown): value is JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || !isParsedJsonValue(value[i])) return false;
    }
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || Object.hasOwn(value, '__proto__')) return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!isParsedJsonValue(record[key])) return false;
  }
  return true;
}

/** A JSON value as `JSON.parse` produced it (see `isParsedJsonValue`); for bodies that were parsed anyway. */
export const parsedJsonValueSchema: z.ZodType<JsonValue> = z.custom<JsonValue>(isParsedJsonValue);

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Canonical JSON (RFC 8785 "JCS" for the values this protocol carries): object keys sorted by UTF-16 code
 * units, no whitespace, strings and numbers as JSON.stringify writes them, `undefined` members left out.
 * Used for deep equality (key order never matters) and as the exact bytes a bundle's hash and signature
 * cover, so the tablet and the server must produce identical text for the same value.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError('canonicalJson: numbers must be finite');
    }
    const text = JSON.stringify(value);
    // Top-level undefined (or a function) has no JSON form; inside arrays JSON writes null for it.
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const entries = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const inner = (value as Record<string, unknown>)[key];
      return inner === undefined ? [] : [`${JSON.stringify(key)}:${canonicalJson(inner)}`];
    });
  return `{${entries.join(',')}}`;
}

/** Deep equality of JSON values regardless of key order; `undefined` counts as `null` (an empty field). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const left = a === undefined ? null : a;
  const right = b === undefined ? null : b;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') {
    return left === right;
  }
  return canonicalJson(left) === canonicalJson(right);
}
