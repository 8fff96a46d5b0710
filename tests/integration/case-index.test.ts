import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseListReplySchema, comparisonImportReplySchema, type CaseListItem } from '../../shared/cases/api';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { allowedCommands, COMPARISON_SOURCES, DEFAULT_LOOP_CONFIG } from '../../shared/loop';
import { ROLES, type Role } from '../../shared/roles';
import { fillQueueRoles } from '../../sync-server/cases/case-index';
import { caseStateOf } from '../../sync-server/cases/case-state';
import { STANDING_COMMANDS, clockStages, evaluatedStages } from '../../sync-server/cases/queue';
import { hasUnsummarisedCases } from '../../sync-server/cases/case-queries';
import { migrate, type Db } from '../../sync-server/db/database';
import { caseIndex } from '../../sync-server/db/migrations/20261207-0002-case-index';
import { RECORD_COLUMNS, rowToRecord } from '../../sync-server/sync/store';
import { isWithinScope } from '../../shared/org';
import {
  DAY_MS,
  GRID,
  api,
  caseAtCountyReview,
  chinaDay,
  startLoopServer,
  step,
  tabletPush,
  type LoopServer,
  type UserName,
} from './cases-support';
import { edit, newHousehold, remove } from './sync-fixtures';

/**
 * The case summaries (`person_ids`, `case_index`): they follow every write, an existing database gets them
 * from the migration's backfill, and the case list, the queue and the comparison import read them —
 * through their indexes, never scanning `sync_records`.
 */

const GRID2 = '341602001002';
const GRID3 = '341621001001';

function persons(db: Db) {
  return db
    .prepare(
      'SELECT record_id, id_number, household_id, unit_path, role, name FROM person_ids ORDER BY record_id',
    )
    .all();
}
function indexed(db: Db) {
  return db.prepare('SELECT * FROM case_index ORDER BY id').all();
}
function revOf(db: Db, id: string): number {
  return (db.prepare('SELECT rev FROM sync_records WHERE id = ?').get(id) as { rev: number }).rev;
}

/** Every page of a listing, following `nextCursor`. */
async function walk(loop: LoopServer, user: UserName, query: string, limit: number) {
  const items: CaseListItem[] = [];
  let cursor: string | null = null;
  let total = -1;
  for (let pages = 0; pages < 100; pages++) {
    const route = `/api/cases?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const reply = await api(loop, user, 'GET', route);
    expect(reply.status).toBe(200);
    const body = caseListReplySchema.parse(reply.body);
    items.push(...body.cases);
    total = body.total;
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return { items, total };
}

/** The old semantics, straight off every household record: scope, caseStateOf, allowed steps, order. */
function expectedList(loop: LoopServer, user: UserName, view: 'all' | 'queue'): string[] {
  const db = loop.server.running.db;
  const actor = db
    .prepare('SELECT u.role, un.path FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = ?')
    .get(user) as { role: Role; path: string };
  const rows = db
    .prepare(`SELECT ${RECORD_COLUMNS} FROM sync_records WHERE type = 'household' AND deleted = 0`)
    .all() as Parameters<typeof rowToRecord>[0][];
  return rows
    .map(rowToRecord)
    .filter((record) => isWithinScope(record.unitPath, actor.path))
    .map((record) => ({ record, state: caseStateOf(record) }))
    .filter(
      ({ state }) =>
        view === 'all' ||
        allowedCommands(state, actor.role, loop.clock.now, DEFAULT_LOOP_CONFIG).some(
          (c) => !STANDING_COMMANDS.includes(c),
        ),
    )
    .sort((a, b) =>
      a.state.stageEnteredAt === b.state.stageEnteredAt
        ? a.record.id < b.record.id
          ? -1
          : 1
        : a.state.stageEnteredAt < b.state.stageEnteredAt
          ? -1
          : 1,
    )
    .map(({ record }) => record.id);
}

describe('case summaries follow writes and serve the lists', () => {
  let loop: LoopServer;
  let db: Db;
  const names = [
    '赵一',
    '钱二',
    '孙三',
    '李四',
    '周五',
    '吴六',
    '郑七',
    '王八',
    '冯九',
    '陈十',
    '褚十一',
    '卫十二',
  ];
  const heads = names.map((_, i) => withCheckChar(`34160219800101${String(100 + i)}`));

  beforeAll(async () => {
    loop = await startLoopServer(new Date(Date.now() - 20 * DAY_MS));
    db = loop.server.running.db;
    // Households over three grids (two counties), pushed at different case-clock times.
    for (const [i, name] of names.entries()) {
      const unit = [GRID, GRID2, GRID3][i % 3] ?? GRID;
      const user = unit === GRID ? 'grid' : unit === GRID2 ? 'grid2' : 'grid3';
      const reply = await tabletPush(loop, user, [
        newHousehold(unit, { headName: name, headIdNumber: heads[i] ?? null }),
      ]);
      expect(reply.results[0]?.status).toBe('applied');
    }
    // Cases further along the loop, for the queues.
    const review = await caseAtCountyReview(loop, {
      headName: '县审甲',
      headId: withCheckChar('34160219700101201'),
      memberId: withCheckChar('34160220050101202'),
    });
    const comparing = await caseAtCountyReview(loop, {
      headName: '比对乙',
      headId: withCheckChar('34160219700101301'),
      memberId: withCheckChar('34160220050101302'),
    });
    loop.clock.now = new Date(loop.clock.now.getTime() + DAY_MS);
    await step(loop, 'county', comparing, 'acceptReview', { opinion: '审核通过' });
    expect(review).not.toBe(comparing);
  });
  afterAll(() => loop.close());

  it('follows a household and its members through create, edit, member add/delete and delete', async () => {
    const caseId = randomUUID();
    const memberId = randomUUID();
    const headId = withCheckChar('34160219650303011');
    const memberIdNumber = withCheckChar('34160219990303021').replace('X', 'x');
    await tabletPush(loop, 'grid', [
      newHousehold(GRID, { headName: '何大', headIdNumber: ` ${headId} ` }, caseId),
    ]);
    expect(db.prepare('SELECT * FROM person_ids WHERE record_id = ?').get(caseId)).toMatchObject({
      id_number: headId,
      household_id: caseId,
      role: 'head',
      name: '何大',
    });
    expect(db.prepare('SELECT * FROM case_index WHERE id = ?').get(caseId)).toMatchObject({
      stage: 'entry',
      category: 'unclassified',
      head_name: '何大',
      head_id_number: headId,
      rev: revOf(db, caseId),
    });

    // The head's number edited; a member added.
    const newHead = withCheckChar('34160219650303031');
    await tabletPush(loop, 'grid', [
      edit('household', caseId, GRID, { headIdNumber: [` ${headId} `, newHead] }, revOf(db, caseId)),
      edit('member', memberId, GRID, {
        householdId: [null, caseId],
        name: [null, '何小'],
        idNumber: [null, memberIdNumber],
      }),
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM person_ids WHERE id_number = ?').get(headId)).toEqual({
      n: 0,
    });
    expect(db.prepare('SELECT id_number FROM person_ids WHERE record_id = ?').get(caseId)).toEqual({
      id_number: newHead,
    });
    expect(db.prepare('SELECT * FROM person_ids WHERE record_id = ?').get(memberId)).toMatchObject({
      id_number: memberIdNumber.toUpperCase(),
      household_id: caseId,
      role: 'member',
      name: '何小',
    });

    // The member deleted, then the household.
    await tabletPush(loop, 'grid', [remove('member', memberId, GRID, revOf(db, memberId))]);
    expect(db.prepare('SELECT count(*) AS n FROM person_ids WHERE record_id = ?').get(memberId)).toEqual({
      n: 0,
    });
    await tabletPush(loop, 'grid', [remove('household', caseId, GRID, revOf(db, caseId))]);
    expect(db.prepare('SELECT count(*) AS n FROM person_ids WHERE record_id = ?').get(caseId)).toEqual({
      n: 0,
    });
    expect(db.prepare('SELECT count(*) AS n FROM case_index WHERE id = ?').get(caseId)).toEqual({ n: 0 });
  });

  it('keeps exactly one row per live household, as caseStateOf reads it', () => {
    const rows = db
      .prepare(
        `SELECT ${RECORD_COLUMNS} FROM sync_records WHERE type = 'household' AND deleted = 0 ORDER BY id`,
      )
      .all() as Parameters<typeof rowToRecord>[0][];
    const expected = rows.map(rowToRecord).map((record) => {
      const state = caseStateOf(record);
      return {
        id: record.id,
        stage: state.stage,
        category: state.category,
        stage_entered_at: state.stageEnteredAt,
        unit_path: record.unitPath,
      };
    });
    expect(
      db.prepare('SELECT id, stage, category, stage_entered_at, unit_path FROM case_index ORDER BY id').all(),
    ).toEqual(expected);
  });

  it('pages the city list with the keyset cursor: every page together is the full ordered list', async () => {
    const full = await walk(loop, 'city', 'view=all', 200);
    const paged = await walk(loop, 'city', 'view=all', 5);
    expect(paged.items.map((c) => c.id)).toEqual(full.items.map((c) => c.id));
    expect(full.items.map((c) => c.id)).toEqual(expectedList(loop, 'city', 'all'));
    expect([paged.total, full.total]).toEqual([full.items.length, full.items.length]);
    // A county sees its own only.
    const county = await walk(loop, 'county', 'view=all', 3);
    expect(county.items.map((c) => c.id)).toEqual(expectedList(loop, 'county', 'all'));
    expect(county.items.every((c) => c.countyName === '谯城区')).toBe(true);
  });

  it('searches by name and by the last digits of the ID number', async () => {
    const byName = await walk(loop, 'city', `view=all&q=${encodeURIComponent('十')}`, 50);
    expect(byName.items.map((c) => c.headName).sort()).toEqual(['卫十二', '褚十一', '陈十'].sort());
    const last = (heads[3] ?? '').slice(-6);
    const byDigits = await walk(loop, 'city', `view=all&q=${last}`, 50);
    expect(byDigits.items.map((c) => c.headName)).toEqual(['李四']);
    expect(byDigits.total).toBe(1);
    const percent = await walk(loop, 'city', `view=all&q=${encodeURIComponent('%')}`, 50);
    expect(percent.items).toEqual([]);
  });

  it('gives each role the queue the old full scan gave, across pages', async () => {
    for (const user of ['county', 'township', 'city', 'county2'] as const) {
      const queue = await walk(loop, user, 'view=queue', 1);
      expect(queue.items.map((c) => c.id)).toEqual(expectedList(loop, user, 'queue'));
      expect(queue.total).toBe(queue.items.length);
    }
    const county = await walk(loop, 'county', 'view=queue', 50);
    expect(county.items.map((c) => c.headName).sort()).toEqual(['县审甲', '比对乙'].sort());
  });

  it('fills an existing database from sync_records when the migration runs', () => {
    const before = { persons: persons(db), cases: indexed(db) };
    expect(before.cases.length).toBeGreaterThan(10);
    db.exec('DROP TABLE case_index; DROP TABLE person_ids;');
    db.prepare('DELETE FROM schema_migrations WHERE id = ?').run(caseIndex.id);
    expect(migrate(db)).toEqual([caseIndex.id]);
    // The backfill leaves the queue summary to the server's start.
    expect(db.prepare('SELECT count(*) AS n FROM case_index WHERE queue_roles IS NOT NULL').get()).toEqual({
      n: 0,
    });
    expect(fillQueueRoles(db)).toBe(before.cases.length);
    expect({ persons: persons(db), cases: indexed(db) }).toEqual(before);
  });

  it('reads indexes, never scanning sync_records, for the ID lookup, the list and the queue', async () => {
    const prepared: string[] = [];
    const original = db.prepare.bind(db);
    // Statements are prepared once per database and cached: drop the cache's view by starting a fresh
    // capture of every statement prepared from here on (the list's and the import's are new variants).
    db.prepare = ((sql: string) => {
      prepared.push(sql);
      return original(sql);
    }) as typeof db.prepare;
    try {
      await walk(loop, 'city', 'view=all&category=unclassified&stage=entry', 3);
      await walk(loop, 'city', 'view=all&q=ab', 3);
      await walk(loop, 'township', 'view=queue&category=unclassified', 3);
      const csv = `身份证号,数据来源,结果,备注\n${heads[0] ?? ''},民政,一致,\n`;
      const reply = await api(loop, 'county', 'POST', '/api/cases/comparison-import', csv, {
        'content-type': 'text/csv',
      });
      expect(reply.status).toBe(200);
    } finally {
      db.prepare = original;
    }
    const selects = prepared.filter((sql) => /case_index|person_ids/.test(sql) && /^\s*SELECT/i.test(sql));
    expect(selects.some((sql) => sql.includes('person_ids'))).toBe(true);
    expect(selects.some((sql) => sql.includes('case_index'))).toBe(true);
    const plans = selects.map((sql) => {
      const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
      const detail = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
        (row) => row.detail,
      );
      return { sql, detail };
    });
    for (const { sql, detail } of plans) {
      expect(detail.join('\n'), sql).not.toMatch(
        /SCAN sync_records|SCAN person_ids\b(?! USING)|SCAN case_index$/m,
      );
    }
    // The ID lookup goes straight to its index.
    const lookup = plans.find((p) => p.sql.includes('FROM person_ids'));
    expect(lookup?.detail.join('\n')).toMatch(/SEARCH person_ids USING INDEX person_ids_number \(id_number=/);
    // The ordered listing of a broad scope reads the list order.
    const ordered = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM case_index WHERE +unit_path >= ? AND +unit_path < ?
           AND (unit_path = ? OR unit_path >= ?) ORDER BY stage_entered_at, id LIMIT 51`,
      )
      .all('a', 'b', 'c', 'd') as { detail: string }[];
    expect(ordered.map((r) => r.detail).join('\n')).toMatch(/case_index_order/);
  });
});

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a China day starts (00:00 UTC+8), and its last second. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);
const dayEnd = (date: string) => new Date(`${date}T23:59:59+08:00`);

describe('the queue on either side of a notice end date and a phase-out end date', () => {
  let loop: LoopServer;
  let db: Db;
  let n = 0;
  const today = () => chinaDay(loop.clock.now);
  const cases: Record<string, string> = {};

  /** A case of 谯城区 taken through review, comparison, classification and an approved plan (at 公示). */
  async function caseAtNotice(amountFen = 100_000): Promise<string> {
    n++;
    const caseId = await caseAtCountyReview(loop, {
      headName: `公示${n}`,
      headId: withCheckChar(`34160219750301${String(100 + n)}`),
      memberId: withCheckChar(`34160220100301${String(100 + n)}`),
    });
    const go = (command: string, payload: Parameters<typeof step>[4]) =>
      step(loop, 'county', caseId, command, payload);
    await go('acceptReview', { opinion: '审核通过' });
    await go('recordComparison', {
      results: COMPARISON_SOURCES.map((source) => ({ source, result: 'consistent' })),
    });
    await go('completeComparison', { conclusion: '无异常' });
    await go('classify', { category: 'deep', suggestedCategory: null, reason: '' });
    await go('proposePlan', { measures: [{ measure: 'living_relief', amountFen }] });
    await go('approvePlan', {
      meetingDate: today(),
      attendees: ['王主任', '李委员', '赵委员'],
      decision: 'approved',
      minutes: '同意',
    });
    return caseId;
  }

  function stateOf(caseId: string): { noticeEndDate: string | null; phaseOutUntil: string | null } {
    return db
      .prepare(
        'SELECT notice_end_date AS noticeEndDate, phase_out_until AS phaseOutUntil FROM case_index WHERE id = ?',
      )
      .get(caseId) as { noticeEndDate: string | null; phaseOutUntil: string | null };
  }

  /** Every role's queue, paged, against the old semantics at the clock's instant; the county's ids. */
  async function queuesAt(instant: Date): Promise<Set<string>> {
    loop.clock.now = instant;
    let county: string[] = [];
    for (const user of ['county', 'township', 'city', 'county2'] as const) {
      const queue = await walk(loop, user, 'view=queue', 2);
      const expected = expectedList(loop, user, 'queue');
      expect(
        queue.items.map((c) => c.id),
        `${user} at ${instant.toISOString()}`,
      ).toEqual(expected);
      expect(queue.total).toBe(expected.length);
      if (user === 'county') county = expected;
    }
    return new Set(county);
  }

  beforeAll(async () => {
    loop = await startLoopServer(new Date(Date.now() - 400 * DAY_MS));
    db = loop.server.running.db;
    cases.notStarted = await caseAtNotice();
    cases.notice = await caseAtNotice();
    await step(loop, 'county', cases.notice, 'startNotice', { startDate: today(), place: '社区公示栏' });
    const noticeEnd = stateOf(cases.notice).noticeEndDate ?? '';
    cases.longNotice = await caseAtNotice();
    await step(loop, 'county', cases.longNotice, 'startNotice', {
      startDate: today(),
      endDate: addDays(noticeEnd, 7),
      place: '社区公示栏',
    });
    cases.objection = await caseAtNotice();
    await step(loop, 'county', cases.objection, 'startNotice', { startDate: today(), place: '社区公示栏' });
    await step(loop, 'county', cases.objection, 'recordObjection', {
      objectionId: 'OBJ-1',
      receivedOn: today(),
      content: '该户有车辆',
    });
    // Three cases taken on to the phase-out, after their notice period: two paid in full (only the
    // phase-out's end can put them in the queue), one not (a payment is due whatever the date).
    const phaseOut = [await caseAtNotice(), await caseAtNotice(), await caseAtNotice()];
    for (const caseId of phaseOut) {
      await step(loop, 'county', caseId, 'startNotice', { startDate: today(), place: '社区公示栏' });
    }
    loop.clock.now = new Date(dayStart(addDays(noticeEnd, 1)).getTime() + 9 * 3600_000);
    for (const [i, caseId] of phaseOut.entries()) {
      await step(loop, 'county', caseId, 'completeNotice', {});
      await step(loop, 'city', caseId, 'fileRecord', { fileNumber: `亳工帮备-${i}`, filedOn: today() });
      await step(loop, 'county', caseId, 'disburse', {
        amountFen: i === 2 ? 50_000 : 100_000,
        paidOn: today(),
        bankCardLast4: '0123',
      });
      await step(loop, 'county', caseId, 'exit', {
        reason: 'lifted_out',
        explanation: '户主再就业',
        noticeDate: addDays(today(), i === 0 ? -3 : 0),
      });
    }
    [cases.phaseOut, cases.laterPhaseOut, cases.unpaidPhaseOut] = phaseOut as [string, string, string];
  });
  afterAll(() => loop.close());

  it('summarises every clock stage by a due date: no queue works cases out at listing time', () => {
    for (const role of Object.values(ROLES) as Role[]) {
      expect(evaluatedStages(role), role).toEqual([]);
    }
    expect(clockStages('county_staff').sort()).toEqual(['phase_out', 'public_notice']);
    expect(hasUnsummarisedCases(db)).toBe(false);
  });

  it('keeps the due dates as caseStateOf reads them', () => {
    const rows = db
      .prepare(`SELECT ${RECORD_COLUMNS} FROM sync_records WHERE type = 'household' AND deleted = 0`)
      .all() as Parameters<typeof rowToRecord>[0][];
    for (const record of rows.map(rowToRecord)) {
      const state = caseStateOf(record);
      expect(stateOf(record.id)).toEqual({
        noticeEndDate: state.noticeEndDate,
        phaseOutUntil: state.phaseOutUntil,
      });
    }
    expect(stateOf(cases.phaseOut ?? '').phaseOutUntil).not.toBeNull();
  });

  it('puts a notice in the county queue on the day after it ends (China time), not before', async () => {
    const noticeEnd = stateOf(cases.notice ?? '').noticeEndDate ?? '';
    const longEnd = stateOf(cases.longNotice ?? '').noticeEndDate ?? '';
    expect(longEnd > noticeEnd).toBe(true);

    const started = await queuesAt(dayStart(addDays(noticeEnd, -3)));
    // Not started yet, and an open objection: in the queue whatever the date.
    expect(started.has(cases.notStarted ?? '')).toBe(true);
    expect(started.has(cases.objection ?? '')).toBe(true);
    expect(started.has(cases.notice ?? '')).toBe(false);

    // The last second of the end date in China (still the same UTC day as the next China midnight).
    expect((await queuesAt(dayEnd(noticeEnd))).has(cases.notice ?? '')).toBe(false);
    const after = await queuesAt(dayStart(addDays(noticeEnd, 1)));
    expect([after.has(cases.notice ?? ''), after.has(cases.longNotice ?? '')]).toEqual([true, false]);
    expect((await queuesAt(dayEnd(longEnd))).has(cases.longNotice ?? '')).toBe(false);
    expect((await queuesAt(dayStart(addDays(longEnd, 1)))).has(cases.longNotice ?? '')).toBe(true);
  });

  it('puts a phase-out in the county queue on the day after it ends, not before', async () => {
    const until = stateOf(cases.phaseOut ?? '').phaseOutUntil ?? '';
    const later = stateOf(cases.laterPhaseOut ?? '').phaseOutUntil ?? '';
    expect(later > until).toBe(true);

    const running = await queuesAt(dayEnd(until));
    expect(
      [cases.phaseOut, cases.laterPhaseOut, cases.unpaidPhaseOut].map((id) => running.has(id ?? '')),
    ).toEqual([false, false, true]);
    const ended = await queuesAt(dayStart(addDays(until, 1)));
    expect([ended.has(cases.phaseOut ?? ''), ended.has(cases.laterPhaseOut ?? '')]).toEqual([true, false]);
    expect((await queuesAt(dayEnd(later))).has(cases.laterPhaseOut ?? '')).toBe(false);
    expect((await queuesAt(dayStart(addDays(later, 1)))).has(cases.laterPhaseOut ?? '')).toBe(true);
  });

  /** The summaries dropped and built again the way an existing database gets them: the migration. */
  function migrateAgain() {
    db.exec('DROP TABLE case_index; DROP TABLE person_ids;');
    db.prepare('DELETE FROM schema_migrations WHERE id = ?').run(caseIndex.id);
    expect(migrate(db)).toEqual([caseIndex.id]);
    expect(hasUnsummarisedCases(db)).toBe(true);
  }

  it('writes the same summaries from the migration and the start, whatever the day', async () => {
    const before = indexed(db);
    loop.clock.now = new Date(loop.clock.now.getTime() + 90 * DAY_MS);
    migrateAgain();
    // Before the start fills them, the queue works the cases out with the rules: the same answer.
    await queuesAt(loop.clock.now);
    expect(fillQueueRoles(db)).toBe(before.length);
    expect(indexed(db)).toEqual(before);
    expect(hasUnsummarisedCases(db)).toBe(false);
  });

  it('reads a malformed record as caseStateOf does, even where the backfill read it otherwise', async () => {
    const corrupt = db.prepare('UPDATE sync_records SET data = json_set(data, ?, ?) WHERE id = ?');
    corrupt.run('$.noticeEndDate', '2026-02-30', cases.notice);
    corrupt.run('$.stageEnteredAt', 'soon', cases.longNotice);
    migrateAgain();
    fillQueueRoles(db);
    const rows = db
      .prepare(`SELECT ${RECORD_COLUMNS} FROM sync_records WHERE type = 'household' AND deleted = 0`)
      .all() as Parameters<typeof rowToRecord>[0][];
    for (const record of rows.map(rowToRecord)) {
      const state = caseStateOf(record);
      expect(
        db
          .prepare(
            `SELECT stage, stage_entered_at AS stageEnteredAt, notice_end_date AS noticeEndDate,
                    phase_out_until AS phaseOutUntil FROM case_index WHERE id = ?`,
          )
          .get(record.id),
      ).toEqual({
        stage: state.stage,
        stageEnteredAt: state.stageEnteredAt,
        noticeEndDate: state.noticeEndDate,
        phaseOutUntil: state.phaseOutUntil,
      });
    }
    // A notice without a readable end date can be completed whatever the day.
    expect((await queuesAt(loop.clock.now)).has(cases.notice ?? '')).toBe(true);
  });
});

describe('comparison import in chunks', () => {
  let loop: LoopServer;

  beforeAll(async () => {
    loop = await startLoopServer(new Date(Date.now() - 5 * DAY_MS));
  });
  afterAll(() => loop.close());

  it('applies more cases than one chunk holds, with one reply and one audit row as before', async () => {
    const db = loop.server.running.db;
    const atComparison: string[] = [];
    for (let i = 0; i < 2; i++) {
      const caseId = await caseAtCountyReview(loop, {
        headName: `比对${i}`,
        headId: withCheckChar(`3416021970020130${i}`),
        memberId: withCheckChar(`3416022005020130${i}`),
      });
      await step(loop, 'county', caseId, 'acceptReview', { opinion: '审核通过' });
      atComparison.push(caseId);
    }
    // 58 households at entry: their steps are refused, one by one, across several chunks.
    const entryIds = Array.from({ length: 58 }, (_, i) => withCheckChar(`34160219600101${String(100 + i)}`));
    const pushed = await tabletPush(
      loop,
      'grid',
      entryIds.map((id, i) => newHousehold(GRID, { headName: `入户${i}`, headIdNumber: id })),
    );
    expect(pushed.results.every((r) => r.status === 'applied')).toBe(true);
    const auditBefore = (
      db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'case.comparison_import'").get() as {
        n: number;
      }
    ).n;

    const lines = [
      '身份证号,数据来源,结果,备注',
      `${withCheckChar('34160219700201300')},民政,一致,`,
      ...entryIds.map((id) => `${id},税务,一致,`),
      `${withCheckChar('34160219700201301')},税务,一致,`,
      `${withCheckChar('34160219590101999')},税务,一致,`,
    ];
    const reply = await api(loop, 'county', 'POST', '/api/cases/comparison-import', `${lines.join('\n')}\n`, {
      'content-type': 'text/csv',
    });
    expect(reply.status).toBe(200);
    const result = comparisonImportReplySchema.parse(reply.body);
    expect(result).toMatchObject({ matched: 60, applied: 2 });
    expect(result.unmatchedRows).toHaveLength(1);
    expect(result.cases).toHaveLength(60);
    expect(result.cases[0]).toMatchObject({ caseId: atComparison[0], status: 'applied', lines: [2] });
    expect(result.cases[59]).toMatchObject({ caseId: atComparison[1], status: 'applied', lines: [61] });
    expect(result.cases.slice(1, 59).every((c) => c.status === 'rejected')).toBe(true);
    expect(result.errors).toHaveLength(58);
    const audits = db
      .prepare("SELECT detail FROM audit_log WHERE action = 'case.comparison_import' AND entity_id = ?")
      .all(result.batchId) as { detail: string }[];
    expect(audits).toHaveLength(1);
    expect(auditBefore + 1).toBe(
      (
        db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'case.comparison_import'").get() as {
          n: number;
        }
      ).n,
    );
    const detail = JSON.parse(audits[0]?.detail ?? '{}') as {
      cases: unknown[];
      applied: number;
      rows: number;
    };
    expect(detail).toMatchObject({ applied: 2, rows: 61 });
    expect(detail.cases).toHaveLength(60);
    // The summaries followed the commands' writes (one source recorded: still at 信息比对).
    for (const caseId of atComparison) {
      expect(db.prepare('SELECT stage, rev FROM case_index WHERE id = ?').get(caseId)).toEqual({
        stage: 'comparison',
        rev: revOf(db, caseId),
      });
    }
  });

  it('refuses a file of more than 5,000 rows, in Chinese, before touching anything', async () => {
    const db = loop.server.running.db;
    const maxRev = (db.prepare('SELECT max(rev) AS n FROM sync_writes').get() as { n: number }).n;
    const row = `${withCheckChar('34160219700201300')},民政,一致,`;
    const csv = ['身份证号,数据来源,结果,备注', ...Array.from({ length: 5001 }, () => row)].join('\n');
    const reply = await api<{ error: { code: string; message: string } }>(
      loop,
      'county',
      'POST',
      '/api/cases/comparison-import',
      csv,
      { 'content-type': 'text/csv' },
    );
    expect([reply.status, reply.body.error.code]).toEqual([413, 'too_many_rows']);
    expect(reply.body.error.message).toMatch(/5000/);
    expect(reply.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect((db.prepare('SELECT max(rev) AS n FROM sync_writes').get() as { n: number }).n).toBe(maxRev);
  });
});
