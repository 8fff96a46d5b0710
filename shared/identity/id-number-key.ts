/**
 * ID numbers as compared: ASCII whitespace and ideographic spaces removed, upper-case X. Its own module,
 * free of schemas, because the tablet's database needs it when it opens (client/db/identity-keys.ts) and
 * the first screen should not load the validation library for it.
 */
export function normaliseIdNumber(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const normalised = value.replace(/[ \t\n\r\u3000]/g, '').toUpperCase();
  return normalised === '' ? null : normalised;
}
