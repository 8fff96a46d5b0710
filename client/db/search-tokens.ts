import type { RecordData } from './types';

/** Longest address piece kept as a token; longer address queries are cut to this length. */
export const MAX_ADDRESS_TOKEN = 24;

/** Full-width digits and letters to half-width, lower case, no spaces: how both tokens and queries look. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function text(data: RecordData, key: string): string {
  const value = data[key];
  return typeof value === 'string' ? normalizeSearchText(value) : '';
}

/**
 * The words a household is found by, for the multi-entry `searchTokens` index. A query matches when one
 * token starts with it (`where('searchTokens').startsWith(query)`), so each token is a start a worker might
 * type: the name and the given name; the ID number and its last 6 and 4 digits; the mobile number and its
 * last 4; and every position of the address (Chinese addresses have no spaces, so "花园小区" must match
 * "花戏楼街道花园小区3栋").
 */
export function householdSearchTokens(data: RecordData): string[] {
  const tokens = new Set<string>();
  const add = (token: string) => {
    if (token.length > 0) tokens.add(token);
  };
  // Household keys carry the head-of-household prefix (shared/domain/household.ts).
  const name = text(data, 'headName');
  add(name);
  if (name.length >= 2) add(name.slice(1));
  const idNumber = text(data, 'headIdNumber');
  add(idNumber);
  if (idNumber.length >= 6) add(idNumber.slice(-6));
  if (idNumber.length >= 4) add(idNumber.slice(-4));
  const mobile = text(data, 'mobile');
  add(mobile);
  if (mobile.length >= 4) add(mobile.slice(-4));
  const address = text(data, 'address');
  for (let i = 0; i + 1 < address.length; i++) add(address.slice(i, i + MAX_ADDRESS_TOKEN));
  return [...tokens];
}

/** The query as the index expects it (empty when there is nothing to search for). */
export function normalizeSearchQuery(query: string): string {
  return normalizeSearchText(query).slice(0, MAX_ADDRESS_TOKEN);
}
