import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import type { Finding, FindingListReply, IdentityLookupReply } from '../../shared/identity/api';
import type { DuplicateFindingData } from '../../shared/identity/records';
import type { Change, PushReply } from '../../shared/sync/changes';
import type { PullReply } from '../../shared/sync/protocol';
import {
  call,
  edit,
  newHousehold,
  pullAll,
  push,
  startSyncTestServer,
  type AccountName,
  type SyncTestServer,
} from './sync-fixtures';

/**
 * One person, one file (issue 9): duplicates caught at sync (finding, held case, nothing lost, the worker
 * told), merged or dismissed by the county or city, refused at registration, and the lookup that tells a
 * grid worker where a person is filed without revealing anything else.
 */

const GRID_A = '341602001001'; // 谯城区花戏楼街道, account grid
const GRID_A2 = '341602001002'; // same township, account grid2
const GRID_B = '341621001001'; // 涡阳县城关街道, account grid3

let server: SyncTestServer;
let serial = 100;
beforeAll(async () => {
  server = await startSyncTestServer();
});
afterAll(() => server.close());

const token = (who: AccountName) => server.accounts[who].token;
const freshId = () => {
  serial++;
  const day = String(1 + (serial % 28)).padStart(2, '0');
  return withCheckChar(`34160219800${1 + (serial % 9)}${day}${String(serial).padStart(3, '0')}`);
};

async function pushOk(who: AccountName, changes: Change[]): Promise<PushReply> {
  const reply = await push(server, token(who), randomUUID(), changes);
  expect(reply.status).toBe(200);
  for (const result of reply.body.results) expect(result.status, JSON.stringify(result)).not.toBe('rejected');
  return reply.body;
}

function visitOf(unitId: string, householdId: string, visitorName: string) {
  return edit('visit', randomUUID(), unitId, {
    householdId: [null, householdId],
    unitId: [null, unitId],
    visitDate: [null, '2026-03-05'],
    visitorName: [null, visitorName],
    findings: [null, `${visitorName}的走访记录`],
  });
}

function findings(who: AccountName, status = 'open') {
  return call<FindingListReply>(server.url, token(who), 'GET', `/api/identity/findings?status=${status}`);
}

function findingFor(list: Finding[], householdId: string, kind = 'same_id'): Finding | undefined {
  return list.find(
    (f) => f.kind === kind && (f.held.householdId === householdId || f.other.householdId === householdId),
  );
}

function command(caseId: string, name: string, payload: Record<string, unknown> = {}): Change {
  return { kind: 'command', changeId: randomUUID(), caseId, command: name, payload } as Change;
}

describe('duplicates caught at sync', () => {
  it('holds the later case of two counties, keeps every keystroke, tells its worker, and lets the city merge', async () => {
    const person = freshId();
    const first = newHousehold(GRID_A, { headName: '张建国', headIdNumber: person, address: '谯城区某小区' });
    const firstVisit = visitOf(GRID_A, first.id, '刘网格');
    await pushOk('grid', [first, firstVisit]);

    const second = newHousehold(GRID_B, { headName: '张建国', headIdNumber: person, address: '涡阳县某村' });
    const secondVisit = visitOf(GRID_B, second.id, '吴网格');
    const reply = await pushOk('grid3', [second, secondVisit]);
    // Nothing lost: both records are stored as pushed.
    expect(reply.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    // The worker is told on the tablet, in words that reveal nothing of the other household.
    const pulled = await pullAll(server, token('grid3'));
    const mirror = pulled.records.find(
      (r) => r.type === 'duplicateFinding' && r.data.householdId === second.id,
    );
    expect(mirror).toBeDefined();
    const data = mirror?.data as unknown as DuplicateFindingData;
    expect(data.status).toBe('open');
    expect(data.message).toMatch(
      /已在谯城区花戏楼街道建档（当前环节：待走访）：本户暂停办理，待涡阳县总工会帮扶中心核实/,
    );
    expect(JSON.stringify(mirror)).not.toMatch(/谯城区某小区|刘网格/);

    // The held case waits; the first one goes on.
    const held = await push(server, token('grid3'), randomUUID(), [command(second.id, 'startVisit')]);
    expect(held.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'identity_hold' } });
    const free = await push(server, token('grid'), randomUUID(), [command(first.id, 'startVisit')]);
    expect(free.body.results[0]?.status).toBe('applied');

    // One finding, seen from both counties and the city; each county sees only its own side's details.
    const fromB = findingFor((await findings('county2')).body.findings, second.id);
    const fromA = findingFor((await findings('county')).body.findings, second.id);
    const fromCity = findingFor((await findings('city')).body.findings, second.id);
    expect(fromB?.id).toBeDefined();
    expect(fromA?.id).toBe(fromB?.id);
    expect(fromCity?.id).toBe(fromB?.id);
    expect(fromB).toMatchObject({
      kind: 'same_id',
      evidence: ['id_number'],
      held: { householdId: second.id, inScope: true, held: true, headName: '张建国', address: '涡阳县某村' },
      other: {
        householdId: first.id,
        inScope: false,
        headName: null,
        address: null,
        unitName: '谯城区花戏楼街道',
      },
      canMerge: false,
      canDismiss: true,
    });
    expect(fromB?.evidenceText).not.toContain(person);
    expect(fromA).toMatchObject({ canMerge: false, canDismiss: false, held: { inScope: false } });
    expect(fromCity).toMatchObject({ canMerge: true });

    // A county cannot merge across counties; the city can.
    const countyMerge = await call(
      server.url,
      token('county'),
      'POST',
      `/api/identity/findings/${fromA?.id}/merge`,
      {
        survivorId: first.id,
      },
    );
    expect(countyMerge.status).toBe(403);
    const merged = await call<{ moved: number; finding: Finding }>(
      server.url,
      token('city'),
      'POST',
      `/api/identity/findings/${fromCity?.id}/merge`,
      { survivorId: first.id },
    );
    expect(merged.status).toBe(200);
    expect(merged.body.finding.status).toBe('merged');
    expect(merged.body.moved).toBe(1);

    // One household with both visits; the other a tombstone pointing to it, pulled by both tablets.
    const a = await pullAll(server, token('grid'));
    const visits = a.records.filter(
      (r) => r.type === 'visit' && !r.deleted && r.data.householdId === first.id,
    );
    expect(visits.map((v) => v.id).sort()).toEqual([firstVisit.id, secondVisit.id].sort());
    const b = await pullAll(server, token('grid3'));
    const tombstone = b.records.filter((r) => r.id === second.id).at(-1);
    expect(tombstone).toMatchObject({ deleted: true, data: { mergedInto: first.id } });
    const settled = b.records.filter((r) => r.id === mirror?.id).at(-1)
      ?.data as unknown as DuplicateFindingData;
    expect(settled).toMatchObject({ status: 'merged', survivorId: first.id });
    // The merge is in the audit log with every record it moved.
    const audit = server.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'identity.merge' ORDER BY seq DESC LIMIT 1")
      .get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ survivorId: first.id, mergedId: second.id });
  });

  it('lets the county merge a pair within its scope, moving members and keeping the other head as a member', async () => {
    const person = freshId();
    const spouse = freshId();
    const first = newHousehold(GRID_A, { headName: '王芳', headIdNumber: person });
    await pushOk('grid', [first]);
    const second = newHousehold(GRID_A2, { headName: '李强', headIdNumber: spouse });
    const member = edit('member', randomUUID(), GRID_A2, {
      householdId: [null, second.id],
      name: [null, '王芳'],
      idNumber: [null, person],
    });
    await pushOk('grid2', [second, member]);
    const finding = findingFor((await findings('county')).body.findings, second.id);
    expect(finding).toMatchObject({
      kind: 'same_id',
      canMerge: true,
      held: { personRole: 'member', personName: '王芳' },
    });
    // A payment booked to the merged household follows it to the survivor (docs/ledgers.md).
    server.running.db
      .prepare(
        `INSERT INTO fund_disbursements (event_id, household_id, county_id, unit_path, year, paid_on, amount_fen,
           kind, recorded_at) VALUES (?, ?, '341602', '341600/341602', 2026, '2026-03-01', 100, 'relief', ?)`,
      )
      .run(randomUUID(), second.id, new Date().toISOString());
    const merged = await call(
      server.url,
      token('county'),
      'POST',
      `/api/identity/findings/${finding?.id}/merge`,
      {
        survivorId: first.id,
      },
    );
    expect(merged.status).toBe(200);
    const members = (await pullAll(server, token('county'))).records.filter(
      (r) => r.type === 'member' && !r.deleted && r.data.householdId === first.id,
    );
    const paidTo = server.running.db
      .prepare('SELECT household_id AS id FROM fund_disbursements WHERE household_id IN (?, ?)')
      .all(first.id, second.id) as { id: string }[];
    expect(paidTo).toEqual([{ id: first.id }]);
    // 王芳 is already the survivor's head, so her member record retires; 李强 joins as a member.
    expect(members.map((m) => m.data.name)).toEqual(['李强']);
    expect(
      (await pullAll(server, token('county'))).records.filter((r) => r.id === member.id).at(-1)?.deleted,
    ).toBe(true);
  });

  it('remembers "not a duplicate": the hold lifts and the pair is never raised again', async () => {
    const person = freshId();
    const first = newHousehold(GRID_A, { headIdNumber: person });
    await pushOk('grid', [first]);
    const second = newHousehold(GRID_A2, { headIdNumber: person });
    await pushOk('grid2', [second]);
    const finding = findingFor((await findings('county')).body.findings, second.id);
    const tooShort = await call(
      server.url,
      token('county'),
      'POST',
      `/api/identity/findings/${finding?.id}/dismiss`,
      {
        reason: '',
      },
    );
    expect(tooShort.status).toBe(400);
    const dismissed = await call<{ finding: Finding }>(
      server.url,
      token('county'),
      'POST',
      `/api/identity/findings/${finding?.id}/dismiss`,
      { reason: '经核实为户籍登记错误，公安已更正' },
    );
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.finding.status).toBe('not_duplicate');
    const free = await push(server, token('grid2'), randomUUID(), [command(second.id, 'startVisit')]);
    expect(free.body.results[0]?.status).toBe('applied');
    // The number typed again, and the scan: the pair stays settled.
    const rev = free.body.results[0]?.rev ?? null;
    await pushOk('grid2', [edit('household', second.id, GRID_A2, { headIdNumber: [person, null] }, rev)]);
    await pushOk('grid2', [edit('household', second.id, GRID_A2, { headIdNumber: [null, person] }, rev)]);
    const scan = await call<{ newFindings: number }>(server.url, token('city'), 'POST', '/api/identity/scan');
    expect(scan.status).toBe(200);
    const open = (await findings('county')).body.findings.filter(
      (f) => f.held.householdId === second.id || f.other.householdId === second.id,
    );
    expect(open.filter((f) => f.kind === 'same_id')).toEqual([]);
  });

  it('finds duplicates already in the database with the scan', async () => {
    const person = freshId();
    const first = newHousehold(GRID_A, { headIdNumber: person });
    const second = newHousehold(GRID_A2, { headIdNumber: person });
    await pushOk('grid', [first]);
    await pushOk('grid2', [second]);
    // As if the two had been filed before the check existed.
    server.db
      .prepare('DELETE FROM identity_findings WHERE pair_key LIKE ? OR pair_key LIKE ?')
      .run(`%${first.id}%`, `%${second.id}%`);
    expect(findingFor((await findings('county')).body.findings, second.id)).toBeUndefined();
    const refused = await call(server.url, token('grid'), 'POST', '/api/identity/scan');
    expect(refused.status).toBe(403);
    const scan = await call<{ newFindings: number; scannedPeople: number }>(
      server.url,
      token('admin'),
      'POST',
      '/api/identity/scan',
    );
    expect(scan.status).toBe(200);
    expect(scan.body.newFindings).toBeGreaterThanOrEqual(1);
    const found = findingFor((await findings('county')).body.findings, second.id);
    expect(found).toMatchObject({ kind: 'same_id', source: 'scan', held: { householdId: second.id } });
  });

  it('raises a possible duplicate for a shared mobile with the scan, without holding the case', async () => {
    const first = newHousehold(GRID_A, { headIdNumber: freshId(), mobile: '13812340001' });
    const second = newHousehold(GRID_A2, { headIdNumber: freshId(), mobile: '13812340001' });
    const third = newHousehold(GRID_B, { headIdNumber: freshId(), mobile: '13812340002' });
    await pushOk('grid3', [third]);
    await pushOk('grid', [first]);
    await pushOk('grid2', [second]);
    // A push checks ID numbers only; shared mobiles, cards and names are the scan's work.
    expect(findingFor((await findings('county')).body.findings, second.id, 'possible')).toBeUndefined();
    const scan = await call(server.url, token('city'), 'POST', '/api/identity/scan');
    expect(scan.status).toBe(200);
    const finding = findingFor((await findings('county')).body.findings, second.id, 'possible');
    expect(finding).toMatchObject({ kind: 'possible', evidence: ['mobile'], held: { held: false } });
    expect(finding?.evidenceText).toBe('联系电话相同（*******0001）');
    const free = await push(server, token('grid2'), randomUUID(), [command(second.id, 'startVisit')]);
    expect(free.body.results[0]?.status).toBe('applied');
  });
});

describe('registration and lookup', () => {
  it('refuses to register a person already filed, naming the case in scope or only the unit outside it', async () => {
    const person = freshId();
    const filed = newHousehold(GRID_A, { headName: '赵大', headIdNumber: person });
    await pushOk('grid', [filed]);
    const body = {
      entryChannel: 'worker_applied',
      reportedOn: '2026-03-02',
      household: { headName: '赵大', headIdNumber: person },
    };
    const own = await call<{ error: { code: string; message: string; details: { caseId?: string } } }>(
      server.url,
      token('county'),
      'POST',
      '/api/cases',
      { ...body, unitId: GRID_A },
    );
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('duplicate_identity');
    expect(own.body.error.details.caseId).toBe(filed.id);
    const other = await call<{ error: { code: string; message: string; details: { caseId?: string } } }>(
      server.url,
      token('county2'),
      'POST',
      '/api/cases',
      { ...body, unitId: GRID_B },
    );
    expect(other.status).toBe(409);
    expect(other.body.error.details.caseId).toBeUndefined();
    expect(other.body.error.message).toMatch(/谯城区花戏楼街道建档/);
    expect(other.body.error.message).not.toContain('赵大');
  });

  it('answers a grid worker about another county with the unit and stage only', async () => {
    const person = freshId();
    const filed = newHousehold(GRID_A, {
      headName: '钱二',
      headIdNumber: person,
      address: '谯城区保密路 1 号',
    });
    await pushOk('grid', [filed]);
    const far = await call<IdentityLookupReply>(
      server.url,
      token('grid3'),
      'GET',
      `/api/identity/lookup?idNumber=${person.toLowerCase()}`,
    );
    expect(far.status).toBe(200);
    expect(far.body.matches).toHaveLength(1);
    expect(far.body.matches[0]).toMatchObject({
      inScope: false,
      caseId: null,
      headName: null,
      stage: 'entry',
    });
    expect(far.body.matches[0]?.message).toBe(
      '已在谯城区花戏楼街道建档（当前环节：待走访），请联系谯城区总工会帮扶中心核实',
    );
    expect(JSON.stringify(far.body)).not.toMatch(/钱二|保密路|13912345678/);
    expect(JSON.stringify(far.body)).not.toContain(person);
    const near = await call<IdentityLookupReply>(
      server.url,
      token('grid'),
      'GET',
      `/api/identity/lookup?idNumber=${person}`,
    );
    expect(near.body.matches[0]).toMatchObject({ inScope: true, caseId: filed.id, headName: '钱二' });
    // The household being edited is left out; so is a household that has exited.
    const self = await call<IdentityLookupReply>(
      server.url,
      token('grid'),
      'GET',
      `/api/identity/lookup?idNumber=${person}&householdId=${filed.id}`,
    );
    expect(self.body.matches).toEqual([]);
    const bad = await call(server.url, token('grid'), 'GET', '/api/identity/lookup?idNumber=123');
    expect(bad.status).toBe(400);
    const admin = await call(server.url, token('admin'), 'GET', `/api/identity/lookup?idNumber=${person}`);
    expect(admin.status).toBe(403);
    const audited = server.db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'identity.lookup'")
      .get() as { n: number };
    expect(audited.n).toBeGreaterThanOrEqual(3);
  });

  it('refuses to submit a visit whose member repeats the head’s ID number', async () => {
    const person = freshId();
    const household = newHousehold(GRID_A, { headName: '孙三', headIdNumber: person });
    const twin = edit('member', randomUUID(), GRID_A, {
      householdId: [null, household.id],
      name: [null, '孙三'],
      idNumber: [null, person],
    });
    await pushOk('grid', [household, twin]);
    const reply = await push(server, token('grid'), randomUUID(), [
      command(household.id, 'submitVisit', {
        visitId: randomUUID(),
        visitDate: '2026-03-05',
        opinion: '符合条件',
        authorizationSigned: true,
      }),
    ]);
    expect(reply.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'guard_failed' } });
    expect(reply.body.results[0]?.error?.message).toMatch(/成员身份证号与户主相同/);
    const pulled = await call<PullReply>(server.url, token('grid'), 'GET', '/api/sync/pull?since=0&limit=1');
    expect(pulled.status).toBe(200);
  });
});
