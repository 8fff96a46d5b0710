import type { HouseholdBrief } from './five-ones-data';

/** Households shown at once in the picker; a narrower search shows the rest. */
export const PICKER_LIMIT = 200;

/** Households whose head's name or address contains every word of the query (case-insensitive). */
export function filterHouseholds(households: readonly HouseholdBrief[], query: string): HouseholdBrief[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...households];
  return households.filter((h) => {
    const text = `${h.headName} ${h.address}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** The selection with every one of `ids` added (`on`) or removed. */
export function toggleAll(selected: ReadonlySet<string>, ids: readonly string[], on: boolean): Set<string> {
  const next = new Set(selected);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}
