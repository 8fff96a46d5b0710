import { z } from 'zod';
import { categorySchema } from '../domain/household-codes';
import { loopStageSchema } from '../loop/stages';
import { unitIdSchema } from '../org';
import { fundKindSchema } from '../funds/kinds';
import { maskIdNumber } from '../cases/masks';
import { maskBankCard } from '../loop/bank-card';
import { ROLES, type Role } from '../roles';

/**
 * The ledgers (台账) exported as xlsx by `GET /api/ledgers/<kind>.xlsx` (docs/ledgers.md): their filters,
 * who may export them, and how much of an ID number each role sees in them.
 */
export const LEDGER_KINDS = ['households', 'disbursements', 'five-ones'] as const;
export const ledgerKindSchema = z.enum(LEDGER_KINDS, { error: '没有这种台账' });
export type LedgerKind = z.infer<typeof ledgerKindSchema>;
export const LEDGER_LABELS: Record<LedgerKind, string> = {
  households: '困难职工档案台账',
  disbursements: '帮扶资金发放台账',
  'five-ones': '五个一工作台账',
};

/** Roles that may export each ledger (grid workers and the administrator none). */
export const LEDGER_ROLES: Record<LedgerKind, readonly Role[]> = {
  households: [ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff],
  disbursements: [ROLES.countyStaff, ROLES.cityStaff],
  'five-ones': [ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff],
};

/** At most this many rows in one export: a city-wide ledger larger than this must be narrowed. */
export const MAX_LEDGER_ROWS = 20_000;

const yearSchema = z.coerce
  .number({ error: '年度应为数字' })
  .int('年度应为整数')
  .min(2000, '年度不在范围内')
  .max(2100, '年度不在范围内');

/** The case list's filters (`caseListQuerySchema`, view 全部) and the year of "relief paid this year". */
export const householdsLedgerQuerySchema = z.object({
  stage: loopStageSchema.optional(),
  category: categorySchema.optional(),
  unitId: unitIdSchema.optional(),
  q: z.string().trim().max(40).optional(),
  year: yearSchema.optional(),
});
export const disbursementsLedgerQuerySchema = z.object({
  unitId: unitIdSchema.optional(),
  year: yearSchema.optional(),
  fundKind: fundKindSchema.optional(),
});
export const fiveOnesLedgerQuerySchema = z.object({
  unitId: unitIdSchema.optional(),
  year: yearSchema.optional(),
});
export type HouseholdsLedgerQuery = z.infer<typeof householdsLedgerQuerySchema>;
export type DisbursementsLedgerQuery = z.infer<typeof disbursementsLedgerQuerySchema>;
export type FiveOnesLedgerQuery = z.infer<typeof fiveOnesLedgerQuerySchema>;

/**
 * ID numbers in ledgers: in full only to the county's assistance centre, whose work needs them — it runs
 * the information comparison with civil affairs, social insurance and the other sources by ID number and
 * files the archive. The township (completeness checks) and the city (oversight, record filing by file
 * number) see `341602********1234`. Attendees of trainings are masked for everyone.
 */
export function ledgerIdNumber(role: Role, idNumber: string | null | undefined): string {
  if (!idNumber) return '';
  return role === ROLES.countyStaff ? idNumber : maskIdNumber(idNumber);
}

/** Bank-card numbers: never in full in an office export (the card is in full only on the grid worker's tablet). */
export function ledgerBankCard(card: string | null | undefined): string {
  return card ? maskBankCard(card) : '';
}

/** Mobile numbers: in full to the county (it calls the household), else `138****1234`. */
export function ledgerMobile(role: Role, mobile: string | null | undefined): string {
  if (!mobile) return '';
  if (role === ROLES.countyStaff) return mobile;
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****';
}

/** The query string of a ledger export with the filters given (empty values left out). */
export function ledgerUrl(
  kind: LedgerKind,
  filters: Record<string, string | number | undefined | null>,
): string {
  const query = Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `/api/ledgers/${kind}.xlsx${query ? `?${query}` : ''}`;
}
