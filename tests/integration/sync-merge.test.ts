import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushReply } from '../../shared/sync/changes';
import type { ConflictData, SyncedRecord } from '../../shared/sync/protocol';
import {
  call,
  dbState,
  edit,
  newHousehold,
  pullAll,
  push,
  remove,
  startSyncTestServer,
  type SyncTestServer,
} from './sync-fixtures';

const GRID = '341602001001';
const TABLET_A = randomUUID();
const TABLET_B = randomUUID();

let server: SyncTestServer;
let gridToken: string;

beforeAll(async () => {
  server = await startSyncTestServer();
  gridToken = server.accounts.grid.token;
});
afterAll(() => server.close());

const byId = (records: SyncedRecord[], id: string) => records.filter((r) => r.id === id).at(-1);

async function createHousehold(values: Record<string, string> = {}) {
  const change = newHousehold(GRID, { address: '花戏楼街道1号', ...values });
  const reply = await push(server, gridToken, TABLET_A, [change]);
  expect(reply.status).toBe(200);
  const result = reply.body.results[0];
  expect(result?.status).toBe('applied');
  return { id: change.id, rev: result?.rev ?? 0 };
}

describe('two tablets on one household', () => {
  it('keeps both changes when the tablets edited different fields', async () => {
    const hh = await createHousehold();
    const a = await push(server, gridToken, TABLET_A, [
      edit('household', hh.id, GRID, { mobile: ['13912345678', '13800000000'] }, hh.rev),
    ]);
    const b = await push(server, gridToken, TABLET_B, [
      edit('household', hh.id, GRID, { address: ['花戏楼街道1号', '花戏楼街道2号'] }, hh.rev),
    ]);
    expect(a.body.results[0]?.status).toBe('applied');
    expect(b.body.results[0]?.status).toBe('applied');
    expect(b.body.results[0]?.record?.data).toMatchObject({
      mobile: '13800000000',
      address: '花戏楼街道2号',
    });

    // Both tablets pull the merged record, and nobody is asked anything.
    const pulled = await pullAll(server, gridToken);
    expect(byId(pulled.records, hh.id)?.data).toMatchObject({
      mobile: '13800000000',
      address: '花戏楼街道2号',
    });
    expect(
      pulled.records.filter((r) => r.type === 'conflict' && (r.data as ConflictData).recordId === hh.id),
    ).toEqual([]);
  });

  it('stores a conflict for the same field, shows it to both tablets and the county, and converges after a person resolves it', async () => {
    const hh = await createHousehold({ headName: '张三' });
    const first = await push(server, gridToken, TABLET_A, [
      edit('household', hh.id, GRID, { headName: ['张三', '张叁'] }, hh.rev),
    ]);
    expect(first.body.results[0]?.status).toBe('applied');
    const second = await push(server, gridToken, TABLET_B, [
      edit('household', hh.id, GRID, { headName: ['张三', '张珊'] }, hh.rev),
    ]);
    const result = second.body.results[0];
    expect(result?.status).toBe('conflict');
    expect(result?.record?.data.headName).toBe('张叁'); // the server keeps its value
    const conflict = result?.conflicts?.[0];
    expect(conflict).toMatchObject({
      field: 'headName',
      baseValue: '张三',
      serverValue: '张叁',
      clientValue: '张珊',
    });
    const conflictId = conflict?.conflictId ?? '';

    const row = server.db
      .prepare('SELECT status, device_id FROM sync_conflicts WHERE id = ?')
      .get(conflictId);
    expect(row).toEqual({ status: 'open', device_id: TABLET_B });

    // Visible in the grid worker's pull (both tablets use the same account) and to the county.
    const gridPull = await pullAll(server, gridToken);
    const seen = byId(gridPull.records, conflictId);
    expect(seen?.type).toBe('conflict');
    expect(seen?.data).toMatchObject({
      status: 'open',
      field: 'headName',
      clientValue: '张珊',
      clientUserName: '刘网格',
    });
    const countyList = await call<{ conflicts: SyncedRecord[] }>(
      server.url,
      server.accounts.county.token,
      'GET',
      `/api/sync/conflicts?householdId=${hh.id}`,
    );
    expect(countyList.body.conflicts.map((c) => c.id)).toEqual([conflictId]);
    const countyPull = await pullAll(server, server.accounts.county.token);
    expect(byId(countyPull.records, conflictId)?.data).toMatchObject({ status: 'open' });
    // Another county sees nothing of it.
    const otherCounty = await pullAll(server, server.accounts.county2.token);
    expect(byId(otherCounty.records, conflictId)).toBeUndefined();

    // The county picks the tablet's value.
    const resolved = await call<{ conflict: SyncedRecord; record: SyncedRecord }>(
      server.url,
      server.accounts.county.token,
      'POST',
      `/api/sync/conflicts/${conflictId}/resolve`,
      { value: '张珊' },
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body.record.data.headName).toBe('张珊');
    expect(resolved.body.conflict.data).toMatchObject({
      status: 'resolved',
      resolution: '张珊',
      resolvedByName: '王县总',
    });

    // Both tablets pull from their cursor and converge on the same value and the resolved conflict.
    const after = await pullAll(server, gridToken, gridPull.cursor);
    expect(byId(after.records, hh.id)?.data.headName).toBe('张珊');
    expect(byId(after.records, conflictId)?.data).toMatchObject({ status: 'resolved' });

    // Resolving again is refused with the earlier decision.
    const again = await call<{ error: { code: string; details: unknown } }>(
      server.url,
      gridToken,
      'POST',
      `/api/sync/conflicts/${conflictId}/resolve`,
      { value: '张叁' },
    );
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'conflict_already_resolved',
      details: { resolution: '张珊' },
    });

    // Every write is in the audit log, the resolution with the field's old and new value.
    const audit = server.db
      .prepare('SELECT action, detail FROM audit_log WHERE case_id = ? ORDER BY seq')
      .all(hh.id) as { action: string; detail: string }[];
    expect(audit.map((a) => a.action)).toEqual([
      'record.create',
      'record.update',
      'sync.conflict_open',
      'sync.conflict_resolve',
    ]);
    expect(JSON.parse(audit[3]?.detail ?? '{}')).toMatchObject({
      field: 'headName',
      from: '张叁',
      to: '张珊',
    });
  });

  it('resolves a conflict offline through a push, like any other change', async () => {
    const hh = await createHousehold({ mobile: '13912345678' });
    await push(server, gridToken, TABLET_A, [
      edit('household', hh.id, GRID, { mobile: ['13912345678', '13700000000'] }, hh.rev),
    ]);
    const clash = await push(server, gridToken, TABLET_B, [
      edit('household', hh.id, GRID, { mobile: ['13912345678', '13600000000'] }, hh.rev),
    ]);
    const conflictId = clash.body.results[0]?.conflicts?.[0]?.conflictId ?? '';
    const resolution = await push(server, gridToken, TABLET_B, [
      { kind: 'resolveConflict', changeId: randomUUID(), conflictId, value: '13600000000' },
    ]);
    expect(resolution.body.results[0]).toMatchObject({
      status: 'applied',
      record: { data: { mobile: '13600000000' } },
    });
  });

  it('refuses a resolution value that is not valid for the field', async () => {
    const hh = await createHousehold();
    await push(server, gridToken, TABLET_A, [
      edit('household', hh.id, GRID, { headName: ['张三', '王五'] }, hh.rev),
    ]);
    const clash = await push(server, gridToken, TABLET_B, [
      edit('household', hh.id, GRID, { headName: ['张三', '赵六'] }, hh.rev),
    ]);
    const conflictId = clash.body.results[0]?.conflicts?.[0]?.conflictId ?? '';
    const before = dbState(server.db);
    const bad = await call<{ error: { code: string } }>(
      server.url,
      gridToken,
      'POST',
      `/api/sync/conflicts/${conflictId}/resolve`,
      { value: 42 },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_data');
    expect(dbState(server.db)).toEqual(before);
  });

  it('adds members on two tablets without collisions', async () => {
    const hh = await createHousehold();
    const memberA = edit('member', randomUUID(), GRID, { householdId: [null, hh.id], name: [null, '李四'] });
    const memberB = edit('member', randomUUID(), GRID, { householdId: [null, hh.id], name: [null, '王芳'] });
    const [a, b] = await Promise.all([
      push(server, gridToken, TABLET_A, [memberA]),
      push(server, gridToken, TABLET_B, [memberB]),
    ]);
    expect([a.body.results[0]?.status, b.body.results[0]?.status]).toEqual(['applied', 'applied']);
    const members = server.db
      .prepare("SELECT count(*) AS n FROM sync_records WHERE type = 'member' AND household_id = ?")
      .get(hh.id);
    expect(members).toEqual({ n: 2 });
  });
});

describe('edit against delete', () => {
  it('keeps a record that another tablet edited after the base the delete was made on', async () => {
    const hh = await createHousehold();
    await push(server, gridToken, TABLET_A, [
      edit('household', hh.id, GRID, { address: ['花戏楼街道1号', '花戏楼街道9号'] }, hh.rev),
    ]);
    const reply = await push(server, gridToken, TABLET_B, [remove('household', hh.id, GRID, hh.rev)]);
    const result = reply.body.results[0];
    expect(result?.status).toBe('conflict');
    expect(result?.record?.deleted).toBe(false);
    expect(result?.conflicts?.[0]).toMatchObject({
      field: '$deleted',
      serverValue: false,
      clientValue: true,
    });
  });

  it('deletes when only the same tablet changed it, and turns a later edit from another tablet into a restore question', async () => {
    const hh = await createHousehold();
    await push(server, gridToken, TABLET_A, [
      edit('household', hh.id, GRID, { address: ['花戏楼街道1号', '花戏楼街道3号'] }, hh.rev),
    ]);
    const deleted = await push(server, gridToken, TABLET_A, [remove('household', hh.id, GRID, hh.rev)]);
    expect(deleted.body.results[0]).toMatchObject({ status: 'applied', record: { deleted: true, data: {} } });

    const late: PushReply = (
      await push(server, gridToken, TABLET_B, [
        edit('household', hh.id, GRID, { mobile: ['13912345678', '13511112222'] }, hh.rev),
      ])
    ).body;
    const result = late.results[0];
    expect(result?.status).toBe('conflict');
    expect(result?.record?.deleted).toBe(true);
    const conflictId = result?.conflicts?.find((c) => c.field === '$deleted')?.conflictId ?? '';
    // The county restores it: the tablet's edit was kept in the tombstone.
    const restored = await call<{ record: SyncedRecord }>(
      server.url,
      server.accounts.county.token,
      'POST',
      `/api/sync/conflicts/${conflictId}/resolve`,
      { value: false },
    );
    expect(restored.status).toBe(200);
    expect(restored.body.record).toMatchObject({
      deleted: false,
      data: { mobile: '13511112222', address: '花戏楼街道3号' },
    });
  });
});
