import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { setCaseClock } from '../../sync-server/cases/context';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { caseCommandReplySchema, type CaseCommandReply } from '../../shared/cases/api';
import type { PushReply } from '../../shared/sync/changes';
import type { JsonValue } from '../../shared/sync/canonical-json';
import { startDemoServer, type DemoServer } from './demo-server';
import { call, edit, pullAll, push, type Reply } from './sync-fixtures';

/**
 * Closed-loop test support: the seeded demo server, a signed-in token per demo account, a case clock the
 * test moves by hand (setCaseClock), and helpers that post steps and check that a refusal changed nothing.
 */

export const USERS = ['city', 'county', 'county2', 'township', 'grid', 'grid2', 'grid3', 'admin'] as const;
export type UserName = (typeof USERS)[number];

export const GRID = '341602001001';
/** One tablet per account. */
export const DEVICES: Record<UserName, string> = Object.fromEntries(
  USERS.map((name) => [name, randomUUID()]),
) as Record<UserName, string>;
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface LoopServer {
  server: DemoServer;
  tokens: Record<UserName, string>;
  /** The case clock: every rule ("today", notice periods, phase-out) reads this. */
  clock: { now: Date };
  close(): Promise<void>;
}

export async function startLoopServer(start: Date): Promise<LoopServer> {
  const server = await startDemoServer();
  const tokens = {} as Record<UserName, string>;
  for (const name of USERS) tokens[name] = (await server.login(name)).token;
  const clock = { now: start };
  setCaseClock(server.running.db, () => clock.now);
  return { server, tokens, clock, close: () => server.close() };
}

/** `YYYY-MM-DD` in China of the case clock. */
export function chinaDay(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Rows that prove "nothing changed": newest rev, every audit row, the case's audit rows. */
export function snapshot(loop: LoopServer, caseId?: string) {
  const db = loop.server.running.db;
  const one = (sql: string, ...params: string[]) =>
    (db.prepare(sql).get(...params) as { n: number | null }).n ?? 0;
  return {
    maxRev: one('SELECT max(rev) AS n FROM sync_writes'),
    records: one('SELECT count(*) AS n FROM sync_records'),
    audit: one('SELECT count(*) AS n FROM audit_log'),
    caseAudit: caseId ? one('SELECT count(*) AS n FROM audit_log WHERE case_id = ?', caseId) : 0,
  };
}

export function api<T = unknown>(
  loop: LoopServer,
  user: UserName,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  return call<T>(loop.server.url, loop.tokens[user], method, route, body, headers);
}

/** Posts a step and expects it to be applied. */
export async function step(
  loop: LoopServer,
  user: UserName,
  caseId: string,
  command: string,
  payload: Record<string, JsonValue>,
): Promise<CaseCommandReply> {
  const reply = await api(loop, user, 'POST', `/api/cases/${caseId}/commands`, { command, payload });
  if (reply.status !== 200) {
    throw new Error(`${user} ${command} → ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return caseCommandReplySchema.parse(reply.body);
}

/** Posts a step that must be refused with `status`/`code`, a zh-CN reason, and no write anywhere. */
export async function refused(
  loop: LoopServer,
  user: UserName,
  caseId: string,
  command: string,
  payload: Record<string, JsonValue>,
  status: number,
  code: string,
): Promise<string> {
  const before = snapshot(loop, caseId);
  const reply = await api<{ error: { code: string; message: string } }>(
    loop,
    user,
    'POST',
    `/api/cases/${caseId}/commands`,
    { command, payload },
  );
  expect({ status: reply.status, code: reply.body.error.code }).toEqual({ status, code });
  expect(reply.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(snapshot(loop, caseId)).toEqual(before);
  return reply.body.error.message;
}

/** A tablet's push (one device per user in these tests). */
export async function tabletPush(loop: LoopServer, user: UserName, changes: Parameters<typeof push>[3]) {
  const reply = await push(loop.server, loop.tokens[user], DEVICES[user], changes);
  if (reply.status !== 200) throw new Error(`push → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body satisfies PushReply;
}

export function pull(loop: LoopServer, user: UserName, since = '0') {
  return pullAll(loop.server, loop.tokens[user], since);
}

export function commandChange(caseId: string, command: string, payload: Record<string, JsonValue>) {
  return { kind: 'command' as const, changeId: randomUUID(), caseId, command, payload };
}

export const HEAD_ID = withCheckChar('34160219800312001');
export const MEMBER_ID = withCheckChar('34160220120601003');
export const STRANGER_ID = withCheckChar('34160219750101002');

/**
 * The changes a tablet sends for a household it found: the household, one member and the visit (by
 * default 张建国 with HEAD_ID and his son with MEMBER_ID).
 */
export function tabletHousehold(
  caseId: string,
  visitId: string,
  memberId: string,
  visitDate: string,
  people: { headName?: string; headId?: string; memberId?: string } = {},
) {
  return [
    edit('household', caseId, GRID, {
      headName: [null, people.headName ?? '张建国'],
      headIdNumber: [null, people.headId ?? HEAD_ID],
      mobile: [null, '13912345678'],
      unitId: [null, GRID],
      stage: [null, 'entry'],
      entryChannel: [null, 'grassroots_found'],
      cycle: [null, 1],
      category: [null, 'unclassified'],
    }),
    edit('member', memberId, GRID, {
      householdId: [null, caseId],
      name: [null, '张小明'],
      idNumber: [null, people.memberId ?? MEMBER_ID],
    }),
    edit('visit', visitId, GRID, {
      householdId: [null, caseId],
      unitId: [null, GRID],
      visitDate: [null, visitDate],
      visitorName: [null, '刘网格'],
      findings: [null, '户主下岗，患糖尿病，长期服药；子女上初中。'],
    }),
  ];
}

/** A tablet's household with its visit submitted, then forwarded by the township (at 县总审核). */
export async function caseAtCountyReview(
  loop: LoopServer,
  people: Parameters<typeof tabletHousehold>[4] = {},
): Promise<string> {
  const caseId = randomUUID();
  const visitId = randomUUID();
  const day = chinaDay(loop.clock.now);
  const reply = await tabletPush(loop, 'grid', [
    ...tabletHousehold(caseId, visitId, randomUUID(), day, people),
    commandChange(caseId, 'submitVisit', {
      visitId,
      visitDate: day,
      opinion: '情况属实，同意上报',
      authorizationSigned: true,
    }),
  ]);
  expect(reply.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
  await step(loop, 'township', caseId, 'forwardToCounty', { materialsComplete: true });
  return caseId;
}
