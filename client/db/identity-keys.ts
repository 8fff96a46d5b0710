import { normaliseIdNumber } from '../../shared/identity/id-number-key';
import type { RecordType } from '../../shared/domain/records';
import { householdSearchTokens } from './search-tokens';
import type { LocalRecord, RecordData } from './types';

/**
 * The indexed `idKey` of a household (its head's ID number) or a member (their own), compared normalised
 * as the server compares them (`normaliseIdNumber`); null when there is none or for other record types.
 */
export function identityKeyOf(type: RecordType, data: RecordData): string | null {
  if (type === 'household') return normaliseIdNumber(data.headIdNumber);
  if (type === 'member') return normaliseIdNumber(data.idNumber);
  return null;
}

/**
 * Sets the keys a row is found by, computed from its data: a household's search tokens, and the ID number
 * key of households and members. Call on every row written from new data. `searchTokens: false` leaves
 * the tokens out, for a first pull's new households only: search-index.ts builds them afterwards.
 */
export function setDerivedKeys(
  type: RecordType,
  row: LocalRecord,
  options: { searchTokens: boolean } = { searchTokens: true },
): void {
  if (type === 'household') {
    if (options.searchTokens) row.searchTokens = householdSearchTokens(row.data);
    else delete row.searchTokens;
  }
  const key = identityKeyOf(type, row.data);
  if (key) row.idKey = key;
  else delete row.idKey;
}
