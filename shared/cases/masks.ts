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
