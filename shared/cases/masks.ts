/**
 * ID numbers are sensitive personal information (PIPL art. 28): lists show them masked; only the case page
 * of a reviewer in scope shows the full number.
 */
export function maskIdNumber(idNumber: string): string {
  const text = idNumber.trim();
  if (text.length >= 15) return `${text.slice(0, 6)}${'*'.repeat(text.length - 10)}${text.slice(-4)}`;
  if (text.length <= 4) return '*'.repeat(text.length);
  return `${'*'.repeat(text.length - 4)}${text.slice(-4)}`;
}

/**
 * An ID number on a public notice (公示名单): only the first 4 and last 4 characters, e.g.
 * `3416**********1234` — stricter than `maskIdNumber`, as the notice is posted where anyone reads it.
 * Works on a full number and on one `maskIdNumber` already masked (it keeps both ends).
 */
export function maskIdNumberForNotice(idNumber: string): string {
  const text = idNumber.trim();
  if (text.length <= 8) return '*'.repeat(text.length);
  return `${text.slice(0, 4)}${'*'.repeat(text.length - 8)}${text.slice(-4)}`;
}
