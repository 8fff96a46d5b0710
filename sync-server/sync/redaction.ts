import type { SyncedRecord } from '../../shared/sync/protocol';
import { maskBankCard } from '../../shared/loop/bank-card';
import { ROLES, type Role } from '../../shared/roles';

/**
 * Each role gets the fields its work needs, no more (PIPL art. 6 and 28). A bank-card number is entered
 * and kept by the grid worker on the tablet; every other role works with its last four digits (the county
 * pays with `bankCardLast4`, the timeline shows `**** **** **** 1234`), so every reply to them carries it
 * masked: pulls, push answers, case pages, command answers and audit views.
 */
export const FULL_BANK_CARD_ROLES: readonly Role[] = [ROLES.gridWorker];

/** Fields holding a bank-card number, by record type. */
const BANK_CARD_FIELDS: Readonly<Record<string, readonly string[]>> = { household: ['bankCardNumber'] };

export function seesFullBankCard(role: Role): boolean {
  return FULL_BANK_CARD_ROLES.includes(role);
}

/** `value` masked when it is a bank-card field the role may not read in full. */
export function redactField(role: Role, type: string | null, field: string, value: unknown): unknown {
  if (seesFullBankCard(role) || typeof value !== 'string' || value === '') return value;
  const fields = type === null ? ['bankCardNumber'] : (BANK_CARD_FIELDS[type] ?? []);
  return fields.includes(field) ? maskBankCard(value) : value;
}

/** The record as `role` may read it. */
export function redactRecord<T extends SyncedRecord>(role: Role, record: T): T {
  const fields = BANK_CARD_FIELDS[record.type];
  if (!fields || seesFullBankCard(role)) return record;
  let data: Record<string, unknown> | null = null;
  for (const field of fields) {
    const value = record.data[field];
    if (typeof value !== 'string' || value === '') continue;
    data ??= { ...record.data };
    data[field] = maskBankCard(value);
  }
  return data === null ? record : { ...record, data: data as T['data'] };
}

function maskValue(value: unknown): unknown {
  if (typeof value === 'string' && value !== '') return maskBankCard(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const change = value as Record<string, unknown>;
    if ('from' in change || 'to' in change) {
      return { ...change, from: maskValue(change.from ?? null), to: maskValue(change.to ?? null) };
    }
  }
  return value;
}

/**
 * Any JSON (an audit entry's detail) as `role` may read it: every value under a `bankCardNumber` key —
 * a plain value or an old → new pair — and every `{field: 'bankCardNumber', from, to}` masked.
 */
export function redactDeep<T>(role: Role, value: T): T {
  if (seesFullBankCard(role)) return value;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const object = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const isCardChange = object.field === 'bankCardNumber';
    for (const [key, child] of Object.entries(object)) {
      if (key === 'bankCardNumber') out[key] = maskValue(child);
      else if (isCardChange && (key === 'from' || key === 'to')) out[key] = maskValue(child);
      else out[key] = walk(child);
    }
    return out;
  };
  return walk(value) as T;
}
