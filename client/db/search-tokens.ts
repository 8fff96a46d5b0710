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
 * last 4; and every position of the address after its division prefix (Chinese addresses have no spaces,
 * so "花园小区" must match "花戏楼街道花园小区3栋").
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
  const starts = addressTokenStarts(address);
  for (const start of starts) add(address.slice(start, start + MAX_ADDRESS_TOKEN));
  return [...tokens];
}

/**
 * The province, prefecture and county at the head of an address (安徽省 亳州市 谯城区): every household of a
 * tablet shares them, so they are searched from their first character only, not from inside.
 */
const DIVISION_PREFIX =
  /^([^省市区县]{1,7}(?:省|自治区))?([^省市区县]{1,7}(?:市|自治州|州|盟|地区))?([^省市区县]{1,7}(?:区|县|市|旗))?/u;

/** Where address tokens start: each division of the prefix, then every position after it. */
export function addressTokenStarts(address: string): number[] {
  const starts: number[] = [];
  let position = 0;
  const prefix = DIVISION_PREFIX.exec(address);
  // A county name alone is not trusted as a prefix: "花园小区3栋" would read as a county called 花园小区.
  const divisions = prefix && (prefix[1] !== undefined || prefix[2] !== undefined) ? prefix.slice(1) : [];
  for (const division of divisions) {
    if (division === undefined) continue;
    starts.push(position);
    position += division.length;
  }
  for (let i = position; i + 1 < address.length; i++) starts.push(i);
  return starts;
}

/** The query as the index expects it (empty when there is nothing to search for). */
export function normalizeSearchQuery(query: string): string {
  return normalizeSearchText(query).slice(0, MAX_ADDRESS_TOKEN);
}
