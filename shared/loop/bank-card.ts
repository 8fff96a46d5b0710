/**
 * Bank card numbers are sensitive personal information (PIPL art. 28): screens and the timeline show only
 * the last four digits. Accepts a full number, a spaced number or just the last four.
 */
export function maskBankCard(card: string): string {
  const digits = card.replace(/\D/g, '');
  if (digits.length < 4) return '**** **** **** ****';
  return `**** **** **** ${digits.slice(-4)}`;
}

/** The last four digits of a card number, or null when it has fewer than four digits. */
export function bankCardLast4(card: string): string | null {
  const digits = card.replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}
