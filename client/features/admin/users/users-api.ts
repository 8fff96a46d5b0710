import {
  accountDetailReplySchema,
  accountImportPreviewSchema,
  accountImportReplySchema,
  accountListReplySchema,
  oneTimePasswordReplySchema,
  type AccountDetailReply,
  type AccountImportPreview,
  type AccountImportReply,
  type AccountListItem,
  type OneTimePasswordReply,
} from '../../../../shared/accounts';
import type { Role } from '../../../../shared/roles';
import { unitListReplySchema, userReplySchema, type UserAccount } from '../../../../shared/users';
import type { Unit } from '../../../../shared/org';
import { get, guarded, patch, post, postText } from '../../review/api/review-api';

/** The administration API of accounts (docs/administration.md, "Accounts"), every reply parsed. */

export async function listAccounts(): Promise<AccountListItem[]> {
  return (await get('/api/users', accountListReplySchema)).users;
}

export async function listUnits(): Promise<Unit[]> {
  return (await get('/api/units', unitListReplySchema)).units;
}

export function getAccount(id: string): Promise<AccountDetailReply> {
  return get(`/api/users/${encodeURIComponent(id)}`, accountDetailReplySchema);
}

export function createAccount(input: {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
}): Promise<OneTimePasswordReply> {
  return post('/api/users', oneTimePasswordReplySchema, input);
}

export function resetAccountPassword(id: string): Promise<OneTimePasswordReply> {
  return post(`/api/users/${encodeURIComponent(id)}/reset-password`, oneTimePasswordReplySchema, {});
}

export async function setAccountActive(id: string, active: boolean): Promise<UserAccount> {
  return (await patch(`/api/users/${encodeURIComponent(id)}`, userReplySchema, { active })).user;
}

/** The file as text (decoded from UTF-8 or GBK on this side), sent as UTF-8. */
export function previewImport(csv: string): Promise<AccountImportPreview> {
  return guarded(() =>
    postText('/api/users/import/preview', accountImportPreviewSchema, csv, 'text/csv; charset=utf-8'),
  );
}

export function applyImport(csv: string): Promise<AccountImportReply> {
  return guarded(() =>
    postText('/api/users/import', accountImportReplySchema, csv, 'text/csv; charset=utf-8'),
  );
}
