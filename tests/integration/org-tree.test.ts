import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../shared/auth';
import { creditCodeCheckChar } from '../../shared/validation/credit-code';
import {
  deactivateUnitReplySchema,
  orgTreeReplySchema,
  orgUnitReplySchema,
  transferCaseReplySchema,
  unitImportReplySchema,
} from '../../shared/org/api';
import type { PushReply } from '../../shared/sync/changes';
import { startDemoServer, type DemoServer } from './demo-server';
import { call, edit, newHousehold, pullAll, push } from './sync-fixtures';

/** The organisation tree (docs/administration.md): units, codes, moves, deactivation, case transfers. */

let server: DemoServer;
const tokens: Record<string, string> = {};
const devices: Record<string, string> = {};

const GRID = '341602001001';
const VALID_CREDIT_CODE = '91341600151920094' + creditCodeCheckChar('91341600151920094');
const GRID2 = '341602001002';
const TOWNSHIP = '341602001';

beforeAll(async () => {
  server = await startDemoServer();
  for (const name of ['admin', 'county', 'county2', 'township', 'grid', 'grid2', 'city']) {
    tokens[name] = (await server.login(name)).token;
    devices[name] = randomUUID();
  }
});

afterAll(async () => {
  await server?.close();
});

async function json(method: string, route: string, as: string, body?: unknown) {
  const res = await server.api(route, { token: tokens[as], method, body });
  return { status: res.status, body: (await res.json()) as unknown };
}

const errorOf = (body: unknown) => apiErrorSchema.parse(body).error;

async function createUnit(body: Record<string, unknown>, as = 'admin') {
  return json('POST', '/api/units', as, body);
}

async function fileHousehold(as: string, unitId: string, headName: string) {
  const change = newHousehold(unitId, { headName });
  const reply = await push({ url: server.url }, tokens[as] ?? '', devices[as] ?? '', [change]);
  expect(reply.status).toBe(200);
  const result = reply.body.results[0];
  expect(result?.status).toBe('applied');
  return { id: change.id, rev: result?.rev ?? 0 };
}

function row<T>(sql: string, ...params: unknown[]): T {
  return server.running.db.prepare(sql).get(...params) as T;
}

describe('creating and renaming units', () => {
  it('lets the administrator create a township and a grid with codes under the demo county', async () => {
    const township = await createUnit({
      parentId: '341602',
      level: 'township',
      name: '汤陵街道',
      code: '341602003',
    });
    expect(township.status).toBe(201);
    expect(orgUnitReplySchema.parse(township.body).unit).toMatchObject({
      id: '341602003',
      code: '341602003',
      path: '341600/341602/341602003',
      active: true,
    });
    const grid = await createUnit({
      parentId: '341602003',
      level: 'grid',
      name: '汤陵社区',
      code: '341602003001',
    });
    expect(grid.status).toBe(201);
    const tree = orgTreeReplySchema.parse((await json('GET', '/api/units/tree', 'admin')).body);
    expect(tree.units.map((u) => u.id)).toEqual(expect.arrayContaining(['341602003', '341602003001']));
    const audit = row<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'unit.create' AND entity_id = ?",
      '341602003001',
    );
    expect(audit.n).toBe(1);
  });

  it('creates an enterprise union with a checked credit code, and renames it', async () => {
    const bad = await createUnit({
      parentId: '341602',
      level: 'enterprise',
      name: '某公司工会',
      creditCode: '91341600MA2N0000X1',
    });
    expect(bad.status).toBe(400);
    const good = await createUnit({
      parentId: '341602',
      level: 'enterprise',
      name: '古井集团工会',
      creditCode: VALID_CREDIT_CODE,
    });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    const { unit } = orgUnitReplySchema.parse(good.body);
    const renamed = await json('PATCH', `/api/units/${unit.id}`, 'admin', { name: '古井集团公司工会' });
    expect(renamed.status).toBe(200);
    expect(orgUnitReplySchema.parse(renamed.body).unit.name).toBe('古井集团公司工会');
  });

  it('refuses other roles, bad codes, wrong levels, taken codes and units outside the scope', async () => {
    const wrongRole = await createUnit(
      { parentId: '341602', level: 'township', name: '甲', code: '341602009' },
      'county',
    );
    expect(wrongRole.status).toBe(403);
    expect(errorOf(wrongRole.body).code).toBe('forbidden_role');

    const notExtending = await createUnit({
      parentId: '341602',
      level: 'township',
      name: '乙',
      code: '341621009',
    });
    expect(notExtending.status).toBe(400);
    expect(errorOf(notExtending.body)).toMatchObject({ code: 'invalid_unit_code' });
    expect(errorOf(notExtending.body).message).toContain('上级单位编码');

    const shortCode = await createUnit({
      parentId: '341602',
      level: 'township',
      name: '丙',
      code: '34160201',
    });
    expect(shortCode.status).toBe(400);
    const badProvince = await createUnit({ parentId: '341600', level: 'county', name: '丁', code: '991609' });
    expect(badProvince.status).toBe(400);

    const wrongLevel = await createUnit({
      parentId: '341602',
      level: 'grid',
      name: '戊',
      code: '341602001009',
    });
    expect(wrongLevel.status).toBe(400);
    expect(errorOf(wrongLevel.body).code).toBe('invalid_unit_parent');

    const taken = await createUnit({ parentId: '341602', level: 'township', name: '己', code: '341602001' });
    expect(taken.status).toBe(409);

    const ownUnit = await json('PATCH', '/api/units/341600', 'admin', { name: '改名' });
    expect(ownUnit.status).toBe(403);
    expect(errorOf(ownUnit.body).code).toBe('out_of_scope');
  });
});

describe('transferring a case between grids', () => {
  let household: { id: string; rev: number };
  let gridCursor = '0';
  let grid2Cursor = '0';
  let townshipCursor = '0';

  it('refuses the wrong role and units outside the scope', async () => {
    household = await fileHousehold('grid', GRID, '迁户甲');
    gridCursor = (await pullAll({ url: server.url }, tokens.grid ?? '')).cursor;
    grid2Cursor = (await pullAll({ url: server.url }, tokens.grid2 ?? '')).cursor;
    townshipCursor = (await pullAll({ url: server.url }, tokens.township ?? '')).cursor;

    const byGrid = await json('POST', `/api/cases/${household.id}/transfer`, 'grid', {
      targetUnitId: GRID2,
      reason: '搬家',
    });
    expect(byGrid.status).toBe(403);
    const otherCounty = await json('POST', `/api/cases/${household.id}/transfer`, 'county2', {
      targetUnitId: '341621001001',
      reason: '搬家',
    });
    expect(otherCounty.status).toBe(403);
    const townshipOut = await json('POST', `/api/cases/${household.id}/transfer`, 'township', {
      targetUnitId: '341602002001',
      reason: '搬家',
    });
    expect(townshipOut.status).toBe(403);
    expect(errorOf(townshipOut.body).message).toContain('县（区）');
    const noReason = await json('POST', `/api/cases/${household.id}/transfer`, 'township', {
      targetUnitId: GRID2,
      reason: '',
    });
    expect(noReason.status).toBe(400);
  });

  it('moves the household as a recorded transfer: audit and timeline', async () => {
    const reply = await json('POST', `/api/cases/${household.id}/transfer`, 'township', {
      targetUnitId: GRID2,
      reason: '全家搬到第二网格',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(transferCaseReplySchema.parse(reply.body)).toMatchObject({ fromUnitId: GRID, toUnitId: GRID2 });
    expect(
      row<{ unit_path: string }>('SELECT unit_path FROM case_index WHERE id = ?', household.id).unit_path,
    ).toBe(`341600/341602/${TOWNSHIP}/${GRID2}`);
    const audit = row<{ detail: string }>(
      "SELECT detail FROM audit_log WHERE action = 'case.transfer' AND case_id = ?",
      household.id,
    );
    expect(JSON.parse(audit.detail)).toMatchObject({
      fromUnitId: GRID,
      toUnitId: GRID2,
      reason: '全家搬到第二网格',
    });
  });

  it("drops the household from the old worker's pull and brings it to the new worker's", async () => {
    const old = await pullAll({ url: server.url }, tokens.grid ?? '', gridCursor);
    const tombstone = old.records.find((r) => r.id === household.id);
    expect(tombstone).toMatchObject({ deleted: true, data: { movedTo: GRID2 }, unitId: GRID2 });

    const fresh = await pullAll({ url: server.url }, tokens.grid2 ?? '', grid2Cursor);
    expect(fresh.records.find((r) => r.id === household.id)).toMatchObject({ deleted: false, unitId: GRID2 });
    const event = fresh.records.find((r) => r.type === 'caseEvent' && r.data.householdId === household.id);
    expect(event?.data).toMatchObject({ command: 'transfer', commandLabel: '转移' });

    // The township holds both grids: it gets the new version, never a tombstone.
    const township = await pullAll({ url: server.url }, tokens.township ?? '', townshipCursor);
    const seen = township.records.filter((r) => r.id === household.id);
    expect(seen.map((r) => r.deleted)).toEqual([false]);

    // The old worker can no longer read it.
    const read = await json('GET', `/api/cases/${household.id}`, 'county');
    expect(read.status).toBe(200);
  });

  it("accepts the old worker's edit made before the transfer, and answers with the departure", async () => {
    const change = edit(
      'household',
      household.id,
      GRID,
      { mobile: ['13912345678', '13800001111'] },
      household.rev,
    );
    const reply = await push({ url: server.url }, tokens.grid ?? '', devices.grid ?? '', [change]);
    const result = (reply.body as PushReply).results[0];
    expect(result?.status).toBe('applied');
    expect(result?.record).toMatchObject({ deleted: true, data: { movedTo: GRID2 } });
    const stored = row<{ data: string; unit_id: string }>(
      'SELECT data, unit_id FROM sync_records WHERE id = ?',
      household.id,
    );
    expect(stored.unit_id).toBe(GRID2);
    expect(JSON.parse(stored.data)).toMatchObject({ mobile: '13800001111' });

    // A member added offline before the tablet learnt of the transfer follows the household.
    const memberId = randomUUID();
    const member = edit('member', memberId, GRID, {
      householdId: [null, household.id],
      name: [null, '迁户甲之子'],
    });
    const added = await push({ url: server.url }, tokens.grid ?? '', devices.grid ?? '', [member]);
    expect((added.body as PushReply).results[0]).toMatchObject({
      status: 'applied',
      record: { deleted: true, data: { movedTo: GRID2 } },
    });
    expect(row<{ unit_id: string }>('SELECT unit_id FROM sync_records WHERE id = ?', memberId).unit_id).toBe(
      GRID2,
    );

    // A member for a household of another grid that never was the author's is refused as before.
    const stranger = await fileHousehold('grid2', GRID2, '他户');
    const foreign = edit('member', randomUUID(), GRID, {
      householdId: [null, stranger.id],
      name: [null, '某人'],
    });
    const refusedMember = await push({ url: server.url }, tokens.grid ?? '', devices.grid ?? '', [foreign]);
    expect((refusedMember.body as PushReply).results[0]?.status).toBe('rejected');

    // An edit based on a version after the transfer is out of scope as before.
    const later = edit(
      'household',
      household.id,
      GRID,
      { mobile: ['13800001111', '13800002222'] },
      1_000_000,
    );
    const refused = await push({ url: server.url }, tokens.grid ?? '', devices.grid ?? '', [later]);
    expect((refused.body as PushReply).results[0]?.status).toBe('rejected');
  });
});

describe('moving a unit', () => {
  let household: { id: string; rev: number };

  it('refuses a wrong level and a code outside the new parent', async () => {
    household = await fileHousehold('grid2', GRID2, '迁户乙');
    const underCounty = await json('POST', `/api/units/${GRID2}/move`, 'admin', { parentId: '341602' });
    expect(underCounty.status).toBe(400);
    expect(errorOf(underCounty.body).code).toBe('invalid_unit_parent');
    const noNewCode = await json('POST', `/api/units/${GRID2}/move`, 'admin', { parentId: '341602002' });
    expect(noNewCode.status).toBe(400);
    expect(errorOf(noNewCode.body).message).toContain('新的单位编码');
    const byCounty = await json('POST', `/api/units/${GRID2}/move`, 'county', {
      parentId: '341602002',
      code: '341602002009',
    });
    expect(byCounty.status).toBe(403);
  });

  it('rewrites the paths below it in one go, and the scopes follow at once', async () => {
    const before = (await pullAll({ url: server.url }, tokens.township ?? '')).cursor;
    const reply = await json('POST', `/api/units/${GRID2}/move`, 'admin', {
      parentId: '341602002',
      code: '341602002009',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const newPath = `341600/341602/341602002/${GRID2}`;
    expect(orgUnitReplySchema.parse(reply.body).unit).toMatchObject({ path: newPath, code: '341602002009' });
    for (const table of ['sync_records', 'case_index', 'person_ids']) {
      const stale = row<{ n: number }>(
        `SELECT count(*) AS n FROM ${table} WHERE unit_path GLOB ?`,
        `341600/341602/${TOWNSHIP}/${GRID2}*`,
      );
      expect(stale.n, table).toBe(0);
    }
    expect(
      row<{ unit_path: string }>('SELECT unit_path FROM case_index WHERE id = ?', household.id).unit_path,
    ).toBe(newPath);
    // The worker's session reads the new path at once: their pull still holds the household.
    const mine = await pullAll({ url: server.url }, tokens.grid2 ?? '');
    expect(mine.records.some((r) => r.id === household.id && !r.deleted)).toBe(true);
    // The township it left pulls a tombstone; the township it joined can read the case.
    const left = await pullAll({ url: server.url }, tokens.township ?? '', before);
    expect(left.records.find((r) => r.id === household.id)).toMatchObject({
      deleted: true,
      data: { movedTo: GRID2 },
    });
    const townshipRead = await json('GET', `/api/cases/${household.id}`, 'township');
    expect(townshipRead.status).toBe(403);
  });
});

describe('deactivating a unit', () => {
  it('refuses a unit with cases and users without a target, or with a target of another level', async () => {
    const noTarget = await json('POST', `/api/units/${GRID2}/deactivate`, 'admin', { reason: '网格调整' });
    expect(noTarget.status).toBe(409);
    expect(errorOf(noTarget.body).code).toBe('unit_has_cases');
    expect(errorOf(noTarget.body).message).toContain('请选择转入的单位');
    const otherLevel = await json('POST', `/api/units/${GRID2}/deactivate`, 'admin', {
      reason: '网格调整',
      targetUnitId: '341602002',
    });
    expect(otherLevel.status).toBe(400);
    const withChildren = await json('POST', '/api/units/341602002/deactivate', 'admin', { reason: '撤并' });
    expect(withChildren.status).toBe(409);
    const byCity = await json('POST', `/api/units/${GRID2}/deactivate`, 'city', {
      reason: '网格调整',
      targetUnitId: '341602002001',
    });
    expect(byCity.status).toBe(403);
  });

  it('moves its cases and users to the target as recorded transfers, then deactivates it', async () => {
    const reply = await json('POST', `/api/units/${GRID2}/deactivate`, 'admin', {
      reason: '网格调整',
      targetUnitId: '341602002001',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const outcome = deactivateUnitReplySchema.parse(reply.body);
    expect(outcome.unit.active).toBe(false);
    expect(outcome.movedHouseholds).toBe(3);
    expect(outcome.movedUsers).toBe(1);
    expect(row<{ n: number }>('SELECT count(*) AS n FROM sync_records WHERE unit_id = ?', GRID2).n).toBe(0);
    expect(row<{ unit_id: string }>("SELECT unit_id FROM users WHERE username = 'grid2'").unit_id).toBe(
      '341602002001',
    );
    const transfers = row<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'case.transfer' AND detail LIKE ?",
      `%"deactivatedUnitId":"${GRID2}"%`,
    );
    expect(transfers.n).toBe(3);
    // Nothing new hangs under a deactivated unit: no unit, no account, no case.
    const under = await createUnit({ parentId: GRID2, level: 'enterprise', name: '某厂工会' });
    expect(under.status).toBe(409);
    const account = await json('POST', '/api/users', 'admin', {
      username: 'grid_late',
      displayName: '晚到网格员',
      role: 'grid_worker',
      unitId: GRID2,
    });
    expect(account.status).toBe(409);
    expect(errorOf(account.body).code).toBe('unit_inactive');
    const registered = await json('POST', '/api/cases', 'county', {
      unitId: GRID2,
      entryChannel: 'county_identified',
      reportedOn: new Date().toISOString().slice(0, 10),
      description: '',
      household: { headName: '钱某' },
    });
    expect(registered.status).toBe(409);
    expect(errorOf(registered.body).message).toContain('已停用');
  });

  it('deactivates an empty unit without a target', async () => {
    const reply = await json('POST', '/api/units/341602003001/deactivate', 'admin', { reason: '建错了' });
    expect(reply.status).toBe(200);
  });
});

describe('importing a unit list', () => {
  const file = [
    '编码,名称,级别,上级编码',
    '341621003,义门镇,乡镇,341621',
    '341621003001,义门社区,社区,',
    '341621003002,义门村,网格,341621003',
    '341621004,,乡镇,341621',
    '341602004001,错层网格,网格,341602',
  ].join('\r\n');

  const importCsv = (text: string, apply: boolean, contentType = 'text/csv') =>
    call<unknown>(
      server.url,
      tokens.admin ?? '',
      'POST',
      `/api/units/import${apply ? '?apply=1' : ''}`,
      text,
      {
        'content-type': contentType,
      },
    );

  it('previews every row with its errors in Chinese and applies nothing while any row is wrong', async () => {
    const reply = await importCsv(file, true);
    expect(reply.status).toBe(200);
    const preview = unitImportReplySchema.parse(reply.body);
    expect(preview.applied).toBe(false);
    expect(preview.counts).toMatchObject({ create: 3, error: 2 });
    expect(preview.rows.find((r) => r.line === 5)?.message).toBe('缺少单位名称');
    expect(preview.rows.find((r) => r.line === 6)?.message).toContain('下不能设');
    expect(row<{ n: number }>("SELECT count(*) AS n FROM units WHERE id = '341621003'").n).toBe(0);
  });

  it('applies a clean file (GBK as Excel writes it) and finds everything unchanged the second time', async () => {
    const clean = file.split('\r\n').slice(0, 4).join('\r\n').replace('义门村', '义门村网格');
    // Excel on a Chinese PC saves GBK.
    const bytes = encodeGbk(clean);
    expect(bytes).not.toBeNull();
    const first = await call<unknown>(
      server.url,
      tokens.admin ?? '',
      'POST',
      '/api/units/import?apply=1',
      bytes,
      {
        'content-type': 'text/csv',
      },
    );
    const applied = unitImportReplySchema.parse(first.body);
    expect(applied.applied).toBe(true);
    expect(applied.counts).toMatchObject({ create: 3, error: 0 });
    expect(row<{ name: string }>("SELECT name FROM units WHERE id = '341621003002'").name).toBe('义门村网格');
    const again = unitImportReplySchema.parse((await importCsv(clean, true)).body);
    expect(again.counts).toMatchObject({ create: 0, rename: 0, unchanged: 3 });
  });
});

/** GBK bytes of `text` (iconv is not a dependency; Node's ICU has no GBK encoder) — null when unavailable. */
function encodeGbk(text: string): Uint8Array | null {
  // Built by decoding every two-byte GBK sequence once and inverting; small enough for a test.
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi += 1) {
    for (let lo = 0x40; lo <= 0xfe; lo += 1) {
      if (lo === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([hi, lo]));
      if (char.length === 1 && !table.has(char)) table.set(char, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(char);
      if (!bytes) return null;
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
