import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../sync-server/auth/sessions';
import { auditListReplySchema, auditOptionsReplySchema, type AuditEntryView } from '../../shared/audit/api';
import { caseAuditReplySchema } from '../../shared/cases/api';
import { call, edit, newHousehold, push, startSyncTestServer, type SyncTestServer } from './sync-fixtures';

/**
 * The audit view (GET /api/audit and its CSV export): the administrator and the city read it within their
 * unit scope, in words; county, township and grid staff are refused; an administrator of a county sees
 * only its county; every export is itself audited; ID numbers and bank cards never leave in full.
 */

const GRID = '341602001001';
const OTHER_COUNTY_GRID = '341621001001';
const ID_NUMBER = '341602198003120018';
const CARD = '6222021234567890123';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const SHA = 'b'.repeat(64);

let server: SyncTestServer;
let householdId: string;
let visitId: string;
let countyAdminToken: string;

function words(entry: AuditEntryView): string {
  return [entry.actorName, entry.unitName ?? '', entry.actionLabel, entry.subject ?? '']
    .concat(entry.facts.map((f) => `${f.label}：${f.value}`))
    .join('\n');
}

async function list(token: string, query = '') {
  const reply = await call(server.url, token, 'GET', `/api/audit${query}`);
  return {
    status: reply.status,
    body: reply.body,
    page: reply.status === 200 ? auditListReplySchema.parse(reply.body) : null,
  };
}

beforeAll(async () => {
  server = await startSyncTestServer();
  householdId = randomUUID();
  const household = newHousehold(
    GRID,
    { headName: '张建国', headIdNumber: ID_NUMBER, bankCardNumber: CARD },
    householdId,
  );
  visitId = randomUUID();
  const visit = edit('visit', visitId, GRID, {
    householdId: [null, householdId],
    unitId: [null, GRID],
    visitDate: [null, '2026-03-09'],
    visitorName: [null, '刘网格'],
    gps: [null, { lat: 33.84, lng: 115.78, accuracyM: 12, at: '2026-03-09T02:05:00.000Z' }],
    applicantKind: [null, 'new'],
    checklist: [null, [{ itemId: 'id_cards', ticked: true, attachmentShas: [SHA, SHA, SHA] }]],
    findings: [null, '家中两位老人长期患病。'.repeat(20)],
  });
  const pushed = await push(server, server.accounts.grid.token, randomUUID(), [household, visit]);
  expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  const other = await push(server, server.accounts.grid3.token, randomUUID(), [
    newHousehold(OTHER_COUNTY_GRID, { headName: '钱其他' }),
  ]);
  expect(other.body.results[0]?.status).toBe('applied');
  // An administrator attached to a county (谯城区) rather than to the city.
  const now = new Date().toISOString();
  server.db
    .prepare(
      `INSERT INTO users (id, username, display_name, role, unit_id, password_hash, active, created_at, updated_at)
       VALUES ('user-county-admin', 'county-admin', '谯城区管理员', 'admin', '341602', 'x', 1, ?, ?)`,
    )
    .run(now, now);
  countyAdminToken = createSession(server.db, 'user-county-admin', 24, null).token;
});
afterAll(() => server.close());

describe('who may read the audit view', () => {
  it('the administrator and the city read it in words, a visit with its labels and no id or JSON', async () => {
    for (const who of ['admin', 'city'] as const) {
      const { status, page } = await list(server.accounts[who].token, `?userId=user-grid`);
      expect(status).toBe(200);
      const visit = page?.entries.find(
        (e) => e.action === 'record.create' && e.subject?.includes('走访调查表'),
      );
      expect(visit).toBeDefined();
      if (!visit) return;
      expect(visit).toMatchObject({
        actorName: '刘网格',
        actionLabel: '新建记录',
        unitName: '花戏楼社区第一网格',
      });
      expect(visit.subject).toBe('张建国户 · 走访调查表 2026-03-09');
      const text = words(visit);
      expect(text).toContain('GPS 位置：已记录 ±12 米');
      expect(text).toContain('材料清单：已提供 1 项，照片 3 张');
      expect(text).toContain('所属家庭：张建国户');
      expect(text).not.toMatch(UUID);
      expect(text).not.toMatch(/[{}[\]]/);
      const household = page?.entries.find((e) => e.action === 'record.create' && e.subject === '张建国户');
      const householdText = household ? words(household) : '';
      expect(householdText).toContain('户主身份证号：341602********0018');
      expect(householdText).toContain('**** **** **** 0123');
      expect(JSON.stringify(page)).not.toContain(ID_NUMBER);
      expect(JSON.stringify(page)).not.toContain(CARD);
    }
  });

  it('county, township and grid staff are refused', async () => {
    for (const who of ['county', 'township', 'grid'] as const) {
      const reply = await call<{ error: { code: string } }>(
        server.url,
        server.accounts[who].token,
        'GET',
        '/api/audit',
      );
      expect([who, reply.status, reply.body.error.code]).toEqual([who, 403, 'forbidden_role']);
      const file = await call(server.url, server.accounts[who].token, 'GET', '/api/audit/export.csv');
      expect(file.status).toBe(403);
    }
    expect((await call(server.url, null, 'GET', '/api/audit')).status).toBe(401);
  });

  it('an administrator of a county sees its county only, and is refused another county’s account or unit', async () => {
    const { page } = await list(countyAdminToken, '?limit=200');
    const actors = new Set(page?.entries.map((e) => e.actorName));
    expect(actors.has('刘网格')).toBe(true);
    expect(actors.has('吴网格')).toBe(false);
    expect(JSON.stringify(page)).not.toContain('钱其他');
    const city = await list(server.accounts.city.token, '?limit=200');
    expect(city.page?.entries.some((e) => e.actorName === '吴网格')).toBe(true);
    expect((await list(countyAdminToken, '?userId=user-grid3')).status).toBe(403);
    expect((await list(countyAdminToken, '?unitId=341621')).status).toBe(403);
    expect((await list(countyAdminToken, '?unitId=341602001')).status).toBe(200);
    const options = auditOptionsReplySchema.parse(
      (await call(server.url, countyAdminToken, 'GET', '/api/audit/options')).body,
    );
    expect(options.users.map((u) => u.name)).toContain('刘网格');
    expect(options.users.map((u) => u.name)).not.toContain('吴网格');
    expect(options.units.map((u) => u.id)).not.toContain('341621');
  });

  it('filters by account, unit, kind and dates, and pages newest first without overlap', async () => {
    const token = server.accounts.admin.token;
    const byUser = await list(token, '?userId=user-grid3');
    expect(byUser.page?.entries.every((e) => e.userId === 'user-grid3')).toBe(true);
    expect(byUser.page?.entries.length).toBeGreaterThan(0);
    const byUnit = await list(token, '?unitId=341621');
    expect(byUnit.page?.entries.every((e) => e.actorName === '吴网格')).toBe(true);
    const byKind = await list(token, '?kind=record');
    expect(byKind.page?.entries.every((e) => e.action.startsWith('record.'))).toBe(true);
    const byCase = await list(token, `?caseId=${householdId}`);
    expect(byCase.page?.entries.length).toBe(2);
    expect((await list(token, '?from=2099-01-01')).page?.entries).toEqual([]);
    const first = await list(token, '?limit=2');
    expect(first.page?.entries).toHaveLength(2);
    const [a, b] = first.page?.entries ?? [];
    expect((a?.seq ?? 0) > (b?.seq ?? 0)).toBe(true);
    const next = await list(token, `?limit=2&before=${String(first.page?.nextBefore)}`);
    expect(next.page?.entries.every((e) => e.seq < (b?.seq ?? 0))).toBe(true);
  });

  it('answers a malformed filter with a Chinese 400', async () => {
    for (const query of [
      '?kind=nonsense',
      '?from=2026-13-01',
      '?limit=0',
      '?from=2026-05-01&to=2026-04-01',
      '?before=x',
    ]) {
      const reply = await call<{ error: { message: string } }>(
        server.url,
        server.accounts.admin.token,
        'GET',
        `/api/audit${query}`,
      );
      expect([query, reply.status]).toEqual([query, 400]);
      expect(reply.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      const file = await call<{ error: { message: string } }>(
        server.url,
        server.accounts.admin.token,
        'GET',
        `/api/audit/export.csv${query}`,
      );
      // `limit` and `before` do not apply to an export; every other malformed filter is refused.
      expect([query, file.status]).toEqual([
        query,
        query === '?limit=0' || query === '?before=x' ? 200 : 400,
      ]);
    }
    for (const query of ['?userId=a&userId=b', '?kind=auth&kind=case', '?userId=nobody', '?unitId=%ff%fe']) {
      const file = await call(
        server.url,
        server.accounts.admin.token,
        'GET',
        `/api/audit/export.csv${query}`,
      );
      expect([query, file.status >= 400 && file.status < 500]).toEqual([query, true]);
    }
  });

  it('the case page’s audit carries the same words, masked', async () => {
    const reply = await call(
      server.url,
      server.accounts.county.token,
      'GET',
      `/api/cases/${householdId}/audit`,
    );
    expect(reply.status).toBe(200);
    const { entries } = caseAuditReplySchema.parse(reply.body);
    const household = entries.find((e) => e.action === 'record.create' && e.entityType === 'household');
    expect(household?.facts).toContainEqual({ label: '户主身份证号', value: '341602********0018' });
    expect(JSON.stringify(entries)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(entries)).not.toContain(CARD);
  });
});

describe('export', () => {
  it('writes CSV with a BOM, in words and masked, and audits the export with its filter and row count', async () => {
    const reply = await fetch(`${server.url}/api/audit/export.csv?userId=user-grid`, {
      headers: { authorization: `Bearer ${server.accounts.city.token}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await reply.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('时间,操作人,角色,单位,操作,对象,详情');
    expect(text).toContain('张建国户 · 走访调查表 2026-03-09');
    expect(text).toContain('341602********0018');
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(CARD);
    expect(text).not.toMatch(UUID);
    const { page } = await list(server.accounts.admin.token, '?kind=audit');
    const exported = page?.entries[0];
    expect(exported).toMatchObject({ actorName: '李市总', actionLabel: '导出审计日志' });
    const facts = Object.fromEntries(exported?.facts.map((f) => [f.label, f.value]) ?? []);
    expect(facts['筛选条件']).toBe('账号：刘网格');
    const grid = await list(server.accounts.admin.token, '?userId=user-grid&limit=200');
    expect(facts['导出行数']).toBe(String(grid.page?.entries.length));
  });

  it('pages 100k entries quickly, exports a large filter in chunks, and refuses an export over the cap', async () => {
    const insert = server.db.prepare(
      `INSERT INTO audit_log (at, user_id, role, unit_id, action, entity_type, entity_id, case_id, detail)
       VALUES (?, ?, 'grid_worker', ?, 'auth.login', 'user', ?, NULL, '{"address":"127.0.0.1"}')`,
    );
    const at = new Date().toISOString();
    server.db.transaction(() => {
      for (let i = 0; i < 100_000; i += 1) {
        const user = i % 10 === 0 ? 'user-grid4' : 'user-grid2';
        insert.run(at, user, user === 'user-grid4' ? '341602002001' : '341602001002', user);
      }
    })();
    const plan = server.db
      .prepare('EXPLAIN QUERY PLAN SELECT seq FROM audit_log WHERE user_id = ? ORDER BY seq DESC LIMIT 50')
      .all('user-grid4') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('audit_user');
    const started = Date.now();
    const page = await list(countyAdminToken, '?userId=user-grid4&limit=200');
    expect(page.page?.entries).toHaveLength(200);
    const deep = await list(countyAdminToken, `?unitId=341602002001&before=${String(page.page?.nextBefore)}`);
    expect(deep.page?.entries).toHaveLength(50);
    expect(Date.now() - started).toBeLessThan(5_000);

    const big = await fetch(`${server.url}/api/audit/export.csv?userId=user-grid4`, {
      headers: { authorization: `Bearer ${server.accounts.admin.token}` },
    });
    expect(big.status).toBe(200);
    const lines = (await big.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(10_001);
    const refused = await call<{ error: { code: string; message: string } }>(
      server.url,
      server.accounts.admin.token,
      'GET',
      '/api/audit/export.csv',
    );
    expect([refused.status, refused.body.error.code]).toEqual([413, 'export_too_large']);
    expect(refused.body.error.message).toContain('缩小日期范围');
  }, 120_000);
});

describe('printing personal data is in the audit log', () => {
  const printed = (who: 'county' | 'county2' | 'township' | 'grid', caseId: string, body: unknown) =>
    call<{ error?: { code: string; message: string } }>(
      server.url,
      server.accounts[who].token,
      'POST',
      `/api/cases/${caseId}/printed`,
      body,
    );

  it('the county prints the visit form with full ID numbers: the city reads who, which form and how', async () => {
    const reply = await printed('county', householdId, { form: 'visit', visitId, fullIdNumbers: true });
    expect(reply.status).toBe(204);
    expect((await printed('township', householdId, { form: 'file', fullIdNumbers: false })).status).toBe(204);
    const { page } = await list(server.accounts.city.token, '?kind=export&limit=200');
    const entries = page?.entries ?? [];
    const visitPrint = entries.find((e) => e.actorName === '王县总');
    expect(visitPrint).toMatchObject({ actionLabel: '打印案件表格', subject: '张建国户' });
    const text = visitPrint ? words(visitPrint) : '';
    expect(text).toContain('表格：走访调查表');
    expect(text).toContain('打印完整身份证号：是');
    expect(text).toContain('走访调查表：走访调查表 2026-03-09');
    const filePrint = entries.find((e) => e.actionLabel === '打印案件表格' && e.actorName !== '王县总');
    expect(filePrint ? words(filePrint) : '').toContain('打印完整身份证号：否');
  });

  it('refuses a print report about a case out of scope, another household’s visit, a grid worker or a bad body', async () => {
    expect((await printed('county2', householdId, { form: 'file', fullIdNumbers: false })).status).toBe(403);
    expect((await printed('grid', householdId, { form: 'file', fullIdNumbers: false })).status).toBe(403);
    const otherVisit = await printed('county', householdId, {
      form: 'visit',
      visitId: randomUUID(),
      fullIdNumbers: false,
    });
    expect([otherVisit.status, otherVisit.body.error?.code]).toEqual([404, 'visit_not_found']);
    const badForm = await printed('county', householdId, { form: 'passport', fullIdNumbers: false });
    expect(badForm.status).toBe(400);
    expect(badForm.body.error?.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await printed('county', householdId, { form: 'file' })).status).toBe(400);
    expect((await printed('county', randomUUID(), { form: 'file', fullIdNumbers: false })).status).toBe(404);
    const { page } = await list(server.accounts.city.token, '?kind=export&limit=200');
    expect(page?.entries.filter((e) => e.actionLabel === '打印案件表格')).toHaveLength(2);
  });

  it('the 公示名单 print is logged with its unit and size; another county’s list is refused', async () => {
    const ok = await call(
      server.url,
      server.accounts.county.token,
      'POST',
      '/api/cases/notice-list/printed',
      {
        unitId: '341602',
        households: 3,
      },
    );
    expect(ok.status).toBe(204);
    const other = await call(
      server.url,
      server.accounts.county.token,
      'POST',
      '/api/cases/notice-list/printed',
      { unitId: '341621', households: 3 },
    );
    expect(other.status).toBe(403);
    const { page } = await list(server.accounts.city.token, '?kind=export&limit=200');
    const notice = page?.entries.find((e) => e.actionLabel === '打印公示名单');
    expect(notice ? words(notice) : '').toContain('户数：3');
  });
});
