import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import {
  findingListReplySchema,
  identityHoldReplySchema,
  type FindingListReply,
  type IdentityHoldReply,
} from '../../shared/identity/api';
import type { Change } from '../../shared/sync/changes';
import {
  call,
  newHousehold,
  push,
  startSyncTestServer,
  type AccountName,
  type SyncTestServer,
} from './sync-fixtures';

/**
 * GET /api/identity/holds/:caseId (docs/identity.md): whether a case waits for the duplicate check, for the
 * office case page. The same scope as the case itself; the answer follows the finding (dismissed, merged).
 */

const GRID_A = '341602001001'; // 谯城区花戏楼街道, account grid
const GRID_A2 = '341602001002'; // same township, account grid2

let server: SyncTestServer;
beforeAll(async () => {
  server = await startSyncTestServer();
});
afterAll(() => server.close());

const token = (who: AccountName) => server.accounts[who].token;
let serial = 500;
const freshId = () => {
  serial++;
  const day = String(1 + (serial % 28)).padStart(2, '0');
  return withCheckChar(`34160219810${1 + (serial % 9)}${day}${String(serial).padStart(3, '0')}`);
};

async function pushOk(who: AccountName, changes: Change[]): Promise<void> {
  const reply = await push(server, token(who), randomUUID(), changes);
  expect(reply.status).toBe(200);
  for (const result of reply.body.results) expect(result.status, JSON.stringify(result)).not.toBe('rejected');
}

async function holdOf(who: AccountName, caseId: string) {
  return call<IdentityHoldReply & { error?: { code: string } }>(
    server.url,
    token(who),
    'GET',
    `/api/identity/holds/${encodeURIComponent(caseId)}`,
  );
}

/** Two households of the same county sharing a head's ID number: the second one is held. */
async function heldPair(): Promise<{ first: string; second: string; findingId: string }> {
  const person = freshId();
  const first = newHousehold(GRID_A, { headName: '王小红', headIdNumber: person });
  await pushOk('grid', [first]);
  const second = newHousehold(GRID_A2, { headName: '王小红', headIdNumber: person });
  await pushOk('grid2', [second]);
  const list = await call<FindingListReply>(
    server.url,
    token('county'),
    'GET',
    '/api/identity/findings?limit=200',
  );
  const finding = findingListReplySchema
    .parse(list.body)
    .findings.find((f) => f.kind === 'same_id' && f.held.householdId === second.id);
  expect(finding).toBeDefined();
  return { first: first.id, second: second.id, findingId: finding?.id ?? '' };
}

describe('GET /api/identity/holds/:caseId', () => {
  it('says which case is held and by which finding, and lifts with the dismissal', async () => {
    const { first, second, findingId } = await heldPair();

    const held = await holdOf('county', second);
    expect(held.status).toBe(200);
    expect(identityHoldReplySchema.parse(held.body)).toEqual({ held: true, findingId });
    // The earlier household goes on.
    expect((await holdOf('county', first)).body).toEqual({ held: false, findingId: null });
    // Township staff of the case's township and the city see it too.
    expect((await holdOf('township', second)).body).toEqual({ held: true, findingId });
    expect((await holdOf('city', second)).body).toEqual({ held: true, findingId });

    const dismissed = await call(
      server.url,
      token('county'),
      'POST',
      `/api/identity/findings/${findingId}/dismiss`,
      {
        reason: '同名同号系录入错误，已核实为两人',
      },
    );
    expect(dismissed.status).toBe(200);
    expect((await holdOf('county', second)).body).toEqual({ held: false, findingId: null });
  });

  it('answers nothing about a case out of scope, unknown, or merged away', async () => {
    const { first, second, findingId } = await heldPair();

    // Another county, another township: like the case itself, 403.
    const county2 = await holdOf('county2', second);
    expect(county2.status).toBe(403);
    expect(county2.body.error?.code).toBe('out_of_scope');
    expect((await holdOf('township2', second)).status).toBe(403);
    // Grid workers and the administrator do not open office case pages.
    expect((await holdOf('grid2', second)).status).toBe(403);
    expect((await holdOf('admin', second)).status).toBe(403);
    expect((await holdOf('county', randomUUID())).status).toBe(404);
    expect((await call(server.url, null, 'GET', `/api/identity/holds/${second}`)).status).toBe(401);

    const merged = await call(
      server.url,
      token('county'),
      'POST',
      `/api/identity/findings/${findingId}/merge`,
      {
        survivorId: first,
      },
    );
    expect(merged.status).toBe(200);
    // The merged-away household is a tombstone: no case any more.
    const gone = await holdOf('county', second);
    expect(gone.status).toBe(404);
    expect(gone.body.error?.code).toBe('case_not_found');
    expect((await holdOf('county', first)).body).toEqual({ held: false, findingId: null });
  });
});
