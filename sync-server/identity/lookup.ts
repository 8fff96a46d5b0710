import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { unitMap } from '../cases/case-queries';
import { maskIdNumber } from '../../shared/cases/masks';
import {
  normaliseIdNumber,
  type IdentityLookupQuery,
  type IdentityLookupReply,
  type IdentityMatch,
} from '../../shared/identity/api';
import { LOOP_STAGE_LABELS } from '../../shared/loop';
import { isWithinScope } from '../../shared/org';
import { filedElsewhereMessage, unitWords } from './findings';
import { activeHolders } from './identity-store';

/** The ID-number lookup and the registration check (docs/identity.md): unit and stage outside scope, nothing else. */

// ------------------------------------------------------------------------------------------ lookup

/** Lookups per user within the window; a person typing checks a few numbers a minute, a script thousands. */
export const LOOKUP_LIMIT = 120;
export const LOOKUP_WINDOW_MS = 10 * 60_000;
const lookupTimes = new WeakMap<Db, Map<string, number[]>>();

function countLookup(db: Db, userId: string, now = Date.now()): void {
  let perUser = lookupTimes.get(db);
  if (!perUser) {
    perUser = new Map();
    lookupTimes.set(db, perUser);
  }
  const recent = (perUser.get(userId) ?? []).filter((t) => t > now - LOOKUP_WINDOW_MS);
  if (recent.length >= LOOKUP_LIMIT) {
    const retry = Math.max(1, Math.ceil(((recent[0] ?? now) + LOOKUP_WINDOW_MS - now) / 1000));
    throw new HttpError(
      429,
      'too_many_lookups',
      `查询过于频繁，请 ${Math.ceil(retry / 60)} 分钟后再试`,
      { retryAfterSeconds: retry },
      { 'Retry-After': String(retry) },
    );
  }
  recent.push(now);
  perUser.set(userId, recent);
}

const ID_SHAPE = /^(\d{17}[\dX]|\d{15})$/;

/**
 * Is this person already filed in an active household? Outside the caller's scope the answer names only
 * the unit and the stage (PIPL: no names, addresses or other fields); inside it, the case and its head.
 */
export function lookupIdentity(db: Db, actor: SessionUser, query: IdentityLookupQuery): IdentityLookupReply {
  const idNumber = normaliseIdNumber(query.idNumber);
  if (idNumber === null || !ID_SHAPE.test(idNumber)) {
    throw new HttpError(400, 'invalid_request', '身份证号格式不正确：应为 18 位（或 15 位旧号码）');
  }
  countLookup(db, actor.id);
  const units = unitMap(db);
  const seen = new Set<string>();
  const matches: IdentityMatch[] = [];
  for (const holder of activeHolders(db, idNumber)) {
    if (holder.householdId === query.householdId || seen.has(holder.householdId)) continue;
    seen.add(holder.householdId);
    const inScope = isWithinScope(holder.householdPath, actor.unitPath);
    const words = unitWords(units, holder.householdPath, inScope);
    const role = holder.role === 'head' ? '户主' : '家庭成员';
    matches.push({
      role: holder.role,
      stage: holder.stage,
      stageLabel: LOOP_STAGE_LABELS[holder.stage],
      unitName: words.unitName,
      contact: words.contact,
      message: inScope
        ? `已作为${role}在${words.unitName}建档（户主${holder.headName ?? '未填写'}，当前环节：${LOOP_STAGE_LABELS[holder.stage]}）`
        : filedElsewhereMessage(words, holder.stage),
      inScope,
      caseId: inScope ? holder.householdId : null,
      headName: inScope ? holder.headName : null,
    });
  }
  appendAudit(db, {
    userId: actor.id,
    role: actor.role,
    unitId: actor.unitId,
    action: 'identity.lookup',
    entityType: 'person',
    detail: {
      idNumber: maskIdNumber(idNumber),
      matches: matches.length,
      householdId: query.householdId ?? null,
    },
  });
  return { idNumberMasked: maskIdNumber(idNumber), matches };
}

/**
 * Refuses a county's registration (登记案件) whose head is already filed in an active household: the
 * existing case when it is in the caller's scope, else where it is.
 */
export function registrationDuplicate(
  db: Db,
  actor: SessionUser,
  headIdNumber: unknown,
): { reason: string; details: { caseId?: string; message: string } } | null {
  const idNumber = normaliseIdNumber(headIdNumber);
  if (idNumber === null) return null;
  const holder = activeHolders(db, idNumber)[0];
  if (!holder) return null;
  const inScope = isWithinScope(holder.householdPath, actor.unitPath);
  const words = unitWords(unitMap(db), holder.householdPath, inScope);
  const role = holder.role === 'head' ? '户主' : '家庭成员';
  const message = inScope
    ? `该身份证号已作为${role}在${words.unitName}建档（户主${holder.headName ?? '未填写'}，当前环节：${LOOP_STAGE_LABELS[holder.stage]}），不能重复登记，请打开已有案件办理`
    : `该身份证号${filedElsewhereMessage(words, holder.stage)}，不能重复登记`;
  return {
    reason: `「登记案件」${message}`,
    details: inScope ? { caseId: holder.householdId, message } : { message },
  };
}
