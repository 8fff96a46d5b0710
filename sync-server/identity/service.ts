import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { caseStateOf } from '../cases/case-state';
import { unitMap } from '../cases/case-queries';
import { stmt } from '../sync/statements';
import { redactRecord } from '../sync/redaction';
import { getRecord, toSyncedRecord, writeRecord, type StoredRecord } from '../sync/store';
import { maskIdNumber } from '../../shared/cases/masks';
import {
  normaliseIdNumber,
  type Finding,
  type FindingSide,
  type IdentityLookupQuery,
  type IdentityLookupReply,
  type IdentityMatch,
  type PersonRole,
  type ScanReply,
} from '../../shared/identity/api';
import { LOOP_STAGE_LABELS, type LoopStage } from '../../shared/loop';
import { isWithinScope } from '../../shared/org';
import { ROLES, type Role } from '../../shared/roles';
import type { JsonObject } from '../../shared/sync/canonical-json';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { newId } from '../../shared/sync/ids';
import {
  evidenceOf,
  evidenceText,
  filedElsewhereMessage,
  MAX_SHARED_KEY_HOUSEHOLDS,
  raiseFinding,
  unitWords,
  writeFindingMirror,
} from './findings';
import {
  activeHolders,
  dismissPair,
  getFinding,
  keysOf,
  openFinding,
  pairKey,
  repointFindings,
  settleFinding,
  type FindingRow,
  type KeyKind,
} from './identity-store';

/** What the identity API does (docs/identity.md); data access is in identity-store.ts. */

const MERGE_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.cityStaff];

function stageOf(record: StoredRecord | null): LoopStage {
  return record && record.type === 'household' ? caseStateOf(record).stage : 'exited';
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

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

// ------------------------------------------------------------------------------------------ views

function count(db: Db, householdId: string, type: string): number {
  return (
    stmt(
      db,
      'SELECT count(*) AS n FROM sync_records WHERE household_id = ? AND type = ? AND deleted = 0',
    ).get(householdId, type) as { n: number }
  ).n;
}

function personName(db: Db, recordId: string | null): string | null {
  if (recordId === null) return null;
  const row = stmt(db, 'SELECT name FROM person_ids WHERE record_id = ?').get(recordId) as
    { name: string | null } | undefined;
  return row?.name ?? null;
}

function side(
  db: Db,
  actor: SessionUser,
  units: ReturnType<typeof unitMap>,
  householdId: string,
  unitPath: string,
  recordId: string | null,
  role: PersonRole | null,
  held: boolean,
): FindingSide {
  const inScope = isWithinScope(unitPath, actor.unitPath);
  const record = getRecord(db, householdId);
  const stage = stageOf(record);
  const base = {
    householdId,
    inScope,
    unitName: unitWords(units, unitPath, inScope).unitName,
    stage,
    stageLabel: record?.deleted ? '已合并（档案已注销）' : LOOP_STAGE_LABELS[stage],
    held,
    personRole: role,
  };
  if (!inScope || !record) {
    return {
      ...base,
      personName: null,
      headName: null,
      headIdNumberMasked: null,
      address: null,
      mobile: null,
      memberCount: null,
      visitCount: null,
      createdAt: null,
    };
  }
  const idNumber = text(record.data.headIdNumber);
  return {
    ...base,
    personName: role === 'member' ? personName(db, recordId) : text(record.data.headName),
    headName: text(record.data.headName),
    headIdNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
    address: text(record.data.address),
    mobile: text(record.data.mobile),
    memberCount: count(db, householdId, 'member'),
    visitCount: count(db, householdId, 'visit'),
    createdAt: record.createdAt,
  };
}

export function findingView(db: Db, actor: SessionUser, row: FindingRow): Finding {
  const units = unitMap(db);
  const held = side(
    db,
    actor,
    units,
    row.held_household_id,
    row.held_unit_path,
    row.held_record_id,
    row.held_role,
    row.kind === 'same_id' && row.status === 'open',
  );
  const other = side(
    db,
    actor,
    units,
    row.other_household_id,
    row.other_unit_path,
    row.other_record_id,
    row.other_role,
    false,
  );
  const mayAct = row.status === 'open' && MERGE_ROLES.includes(actor.role);
  return {
    id: row.id,
    kind: row.kind,
    evidence: evidenceOf(row),
    evidenceText: evidenceText(row, held.inScope && other.inScope),
    status: row.status,
    createdAt: row.created_at,
    source: row.source,
    held,
    other,
    canMerge: mayAct && held.inScope && other.inScope,
    canDismiss: mayAct && held.inScope,
    resolution:
      row.status === 'open' || row.resolved_at === null
        ? null
        : {
            by: row.resolved_by ?? '',
            byName: row.resolved_by_name ?? '',
            at: row.resolved_at,
            reason: row.reason,
            survivorId: row.survivor_id,
          },
  };
}

/** A finding the caller may see (either side in scope), or 404/403. */
export function loadFinding(db: Db, actor: SessionUser, id: string): FindingRow {
  const row = getFinding(db, id);
  if (!row) throw new HttpError(404, 'finding_not_found', '重复建档核查记录不存在');
  if (
    !isWithinScope(row.held_unit_path, actor.unitPath) &&
    !isWithinScope(row.other_unit_path, actor.unitPath)
  ) {
    throw new HttpError(403, 'out_of_scope', '无权查看其他单位的核查记录');
  }
  return row;
}

// ------------------------------------------------------------------------------------------ merge

/** Record types that hang off a household and move with it in a merge. */
const MOVING_TYPES = ['member', 'visit', 'attachment', 'comment', 'caseEvent'] as const;

const HEAD_TO_MEMBER: Record<string, string> = {
  headName: 'name',
  headIdNumber: 'idNumber',
  headSex: 'sex',
  headBirthDate: 'birthDate',
  headHealth: 'health',
  headDiseaseName: 'diseaseName',
  headDisabilityType: 'disabilityType',
  headDisabilityGrade: 'disabilityGrade',
  headMedicalInsurance: 'medicalInsurance',
  headMonthlyIncomeFen: 'monthlyIncomeFen',
};

function householdPeople(db: Db, householdId: string): Set<string> {
  const rows = stmt(db, 'SELECT id_number FROM person_ids WHERE household_id = ?').all(householdId) as {
    id_number: string;
  }[];
  return new Set(rows.map((row) => row.id_number));
}

function liveChildren(db: Db, householdId: string): StoredRecord[] {
  const out: StoredRecord[] = [];
  for (const type of MOVING_TYPES) {
    const ids = stmt(db, 'SELECT id FROM sync_records WHERE household_id = ? AND type = ? AND deleted = 0')
      .pluck()
      .all(householdId, type) as string[];
    for (const id of ids) {
      const record = getRecord(db, id);
      if (record) out.push(record);
    }
  }
  return out;
}

export interface MergeOutcome {
  finding: Finding;
  survivor: SyncedRecord;
  moved: number;
}

/**
 * Merges the two households of a finding: the survivor keeps its file and case; the other's members,
 * visits, photos, comments and timeline move to it (a member who is already in the survivor is retired
 * instead, and the other's head joins as a member when they are not); the other becomes a tombstone whose
 * pulled copy names the survivor (`data.mergedInto`). One transaction, one audit entry listing every record.
 */
export function mergeFinding(db: Db, actor: SessionUser, id: string, survivorId: string): MergeOutcome {
  return db.transaction((): MergeOutcome => {
    const row = loadFinding(db, actor, id);
    if (!MERGE_ROLES.includes(actor.role)) throw new HttpError(403, 'forbidden_role', '您的角色无权合并档案');
    if (row.status !== 'open') throw new HttpError(409, 'finding_settled', '该核查记录已处理');
    if (
      !isWithinScope(row.held_unit_path, actor.unitPath) ||
      !isWithinScope(row.other_unit_path, actor.unitPath)
    ) {
      throw new HttpError(
        403,
        'out_of_scope',
        '两户不都在您的管辖范围内，不能合并：跨县（区）的重复建档由市总帮扶中心合并',
      );
    }
    if (survivorId !== row.held_household_id && survivorId !== row.other_household_id) {
      throw new HttpError(400, 'invalid_request', '保留的家庭必须是核查记录中的两户之一');
    }
    const loserId = survivorId === row.held_household_id ? row.other_household_id : row.held_household_id;
    const survivor = getRecord(db, survivorId);
    const loser = getRecord(db, loserId);
    if (!survivor || survivor.deleted || survivor.type !== 'household' || !loser || loser.deleted) {
      throw new HttpError(409, 'finding_settled', '其中一户已被注销或合并，请刷新后重试');
    }
    const people = householdPeople(db, survivorId);
    const moved: { id: string; type: string }[] = [];
    const retired: string[] = [];
    const write = (record: StoredRecord, data: JsonObject, deleted: boolean) =>
      writeRecord(db, {
        id: record.id,
        type: record.type,
        unitId: survivor.unitId,
        householdId: deleted ? record.householdId : survivorId,
        data,
        deleted,
        userId: actor.id,
        deviceId: null,
      });
    for (const child of liveChildren(db, loserId)) {
      const idNumber = child.type === 'member' ? normaliseIdNumber(child.data.idNumber) : null;
      if (idNumber !== null && people.has(idNumber)) {
        write(child, child.data, true);
        retired.push(child.id);
        continue;
      }
      if (idNumber !== null) people.add(idNumber);
      write(child, { ...child.data, householdId: survivorId }, false);
      moved.push({ id: child.id, type: child.type });
    }
    const loserHead = normaliseIdNumber(loser.data.headIdNumber);
    let headAsMember: string | null = null;
    if (loserHead !== null && !people.has(loserHead)) {
      const data: JsonObject = { householdId: survivorId };
      for (const [from, to] of Object.entries(HEAD_TO_MEMBER)) {
        const value = loser.data[from];
        if (value !== undefined && value !== null) data[to] = value;
      }
      headAsMember = newId();
      writeRecord(db, {
        id: headAsMember,
        type: 'member',
        unitId: survivor.unitId,
        householdId: survivorId,
        data,
        deleted: false,
        userId: actor.id,
        deviceId: null,
      });
    }
    writeRecord(db, {
      id: loser.id,
      type: 'household',
      unitId: loser.unitId,
      householdId: loser.id,
      data: { ...loser.data, mergedInto: survivorId },
      deleted: true,
      userId: actor.id,
      deviceId: null,
    });

    const by = { id: actor.id, name: actor.displayName };
    settleFinding(db, row.id, 'merged', by, null, survivorId);
    const settled = getFinding(db, row.id) ?? row;
    writeFindingMirror(db, settled, row.held_household_id);
    const survivorPath = survivor.unitPath;
    for (const other of repointFindings(db, loserId, survivorId, survivorPath, by)) {
      const now = getFinding(db, other.id);
      if (now) writeFindingMirror(db, now, other.held_household_id);
    }
    appendAudit(db, {
      userId: actor.id,
      role: actor.role,
      unitId: actor.unitId,
      action: 'identity.merge',
      entityType: 'household',
      entityId: survivorId,
      caseId: survivorId,
      detail: {
        findingId: row.id,
        survivorId,
        mergedId: loserId,
        moved,
        retiredMembers: retired,
        headAsMember,
        mergedData: loser.data,
      },
    });
    const current = getRecord(db, survivorId) ?? survivor;
    return {
      finding: findingView(db, actor, settled),
      survivor: redactRecord(actor.role, toSyncedRecord(current)),
      moved: moved.length,
    };
  })();
}

/** "Not a duplicate" (不是重复): settles the finding, lifts the hold, and remembers the pair. */
export function dismissFinding(db: Db, actor: SessionUser, id: string, reason: string): Finding {
  return db.transaction((): Finding => {
    const row = loadFinding(db, actor, id);
    if (!MERGE_ROLES.includes(actor.role))
      throw new HttpError(403, 'forbidden_role', '您的角色无权处理重复建档');
    if (row.status !== 'open') throw new HttpError(409, 'finding_settled', '该核查记录已处理');
    if (!isWithinScope(row.held_unit_path, actor.unitPath)) {
      throw new HttpError(403, 'out_of_scope', '被暂停办理的家庭不在您的管辖范围内，由其所在县（区）核实');
    }
    settleFinding(db, row.id, 'not_duplicate', { id: actor.id, name: actor.displayName }, reason, null);
    dismissPair(db, row.pair_key, row.id, reason, actor.id);
    const settled = getFinding(db, row.id) ?? row;
    writeFindingMirror(db, settled);
    appendAudit(db, {
      userId: actor.id,
      role: actor.role,
      unitId: actor.unitId,
      action: 'identity.dismiss',
      entityType: 'identityFinding',
      entityId: row.id,
      caseId: row.held_household_id,
      detail: { reason, heldHouseholdId: row.held_household_id, otherHouseholdId: row.other_household_id },
    });
    return findingView(db, actor, settled);
  })();
}

// ------------------------------------------------------------------------------------------ scan

const SCAN_BATCH = 200;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records read per chunk while the scan gathers mobiles, bank cards and names with birth dates. */
const SCAN_CHUNK = 2000;
const scanning = new WeakSet<Db>();

/**
 * Gathers the evidence keys of every live household and member into a temporary table, in chunks that
 * yield to other requests between them (the keys are not kept on every write: pushes pay only for the
 * ID-number check).
 */
async function gatherKeys(db: Db): Promise<void> {
  // Kept sorted by its key as it is filled, so no index has to be built in one long statement afterwards.
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS identity_scan_keys (kind TEXT, value TEXT, household_id TEXT,
             PRIMARY KEY (kind, value, household_id)) WITHOUT ROWID;
           DELETE FROM identity_scan_keys;`);
  const read = db.prepare(
    `SELECT rowid, id, type, household_id, data FROM sync_records
      WHERE rowid > ? AND type IN ('household', 'member') AND deleted = 0 ORDER BY rowid LIMIT ?`,
  );
  const insert = db.prepare(
    'INSERT OR IGNORE INTO identity_scan_keys (kind, value, household_id) VALUES (?, ?, ?)',
  );
  let after = 0;
  for (;;) {
    const rows = read.all(after, SCAN_CHUNK) as {
      rowid: number;
      id: string;
      type: string;
      household_id: string | null;
      data: string;
    }[];
    if (rows.length === 0) break;
    db.transaction(() => {
      for (const row of rows) {
        const householdId = row.type === 'household' ? row.id : row.household_id;
        if (!householdId) continue;
        const data: unknown = JSON.parse(row.data);
        const record = {
          id: row.id,
          type: row.type,
          householdId: row.household_id,
          deleted: false,
          data: typeof data === 'object' && data !== null ? data : {},
        } as StoredRecord;
        for (const key of keysOf(record)) insert.run(key.kind, key.value, householdId);
      }
    })();
    after = rows.at(-1)?.rowid ?? after;
    await nextTurn();
  }
}

/** Rows read per step while the scan walks an index in order. */
const WALK_CHUNK = 5000;

/**
 * Walks `sql` (ordered by value, `LIMIT ?` last) in chunks that yield between them, and returns the
 * values held by a number of distinct households that `keep` accepts. A run of one value is never split
 * across chunks (unless it alone fills one). Every query stays short: no GROUP BY over a whole table.
 */
async function sharedValues(
  db: Db,
  sql: string,
  afterParams: (after: string) => unknown[],
  valueOf: (row: { value: string; household_id: string }) => string,
  keep: (households: number) => boolean,
): Promise<string[]> {
  const read = db.prepare(sql);
  const out: string[] = [];
  let after = '';
  for (;;) {
    const rows = read.all(...afterParams(after), WALK_CHUNK) as { value: string; household_id: string }[];
    if (rows.length === 0) break;
    const values = rows.map(valueOf);
    let end = rows.length;
    if (rows.length === WALK_CHUNK) {
      const last = values[values.length - 1];
      while (end > 0 && values[end - 1] === last) end--;
      if (end === 0) end = rows.length;
    }
    let current: string | null = null;
    let households = new Set<string>();
    for (let i = 0; i < end; i++) {
      const value = values[i] ?? '';
      if (value !== current) {
        if (current !== null && keep(households.size)) out.push(current);
        current = value;
        households = new Set();
      }
      households.add(rows[i]?.household_id ?? '');
    }
    if (current !== null && keep(households.size)) out.push(current);
    after = values[end - 1] ?? after;
    await nextTurn();
  }
  return out;
}

/**
 * One pass over the stored households (a one-off for data from before this check, or after an import):
 * every ID number active in more than one household raises a same-ID finding holding the later ones; every
 * mobile, bank card or name + birth date shared by two to `MAX_SHARED_KEY_HOUSEHOLDS` active households
 * raises possible findings. Dismissed pairs stay dismissed, open ones are not doubled. Runs in batches that
 * yield to other requests; one scan at a time per server (409 otherwise).
 */
export async function scanForDuplicates(db: Db, actor: SessionUser): Promise<ScanReply> {
  if (scanning.has(db)) throw new HttpError(409, 'scan_running', '已有一次扫描正在进行，请稍后查看结果');
  scanning.add(db);
  try {
    return await scan(db, actor);
  } finally {
    scanning.delete(db);
    db.exec('DROP TABLE IF EXISTS temp.identity_scan_keys');
  }
}

async function scan(db: Db, actor: SessionUser): Promise<ScanReply> {
  const started = Date.now();
  const ids = await sharedValues(
    db,
    `SELECT id_number AS value, household_id FROM person_ids WHERE id_number > ? ORDER BY id_number LIMIT ?`,
    (after) => [after],
    (row) => row.value,
    (count) => count > 1,
  );
  const scannedPeople = (db.prepare('SELECT count(*) FROM person_ids').pluck().get() as number) ?? 0;
  let newFindings = 0;

  for (let i = 0; i < ids.length; i += SCAN_BATCH) {
    db.transaction(() => {
      for (const idNumber of ids.slice(i, i + SCAN_BATCH)) {
        const holders = activeHolders(db, idNumber);
        const first = holders[0];
        if (!first) continue;
        for (const holder of holders) {
          if (holder.householdId === first.householdId) continue;
          const outcome = raiseFinding(db, {
            kind: 'same_id',
            evidence: { id_number: idNumber },
            held: {
              householdId: holder.householdId,
              unitPath: holder.householdPath,
              recordId: holder.recordId,
              role: holder.role,
            },
            other: {
              householdId: first.householdId,
              unitPath: first.householdPath,
              recordId: first.recordId,
              role: first.role,
            },
            source: 'scan',
            actorId: actor.id,
          });
          if (outcome?.created) newFindings++;
        }
      }
    })();
    await nextTurn();
  }

  await gatherKeys(db);
  const keys = (
    await sharedValues(
      db,
      `SELECT kind || char(0) || value AS value, household_id FROM identity_scan_keys
        WHERE (kind, value) > (?, ?) ORDER BY kind, value LIMIT ?`,
      (after) => {
        const [kind = '', value = ''] = after.split('\u0000');
        return [kind, value];
      },
      (row) => row.value,
      (count) => count >= 2 && count <= MAX_SHARED_KEY_HOUSEHOLDS,
    )
  ).map((joined) => {
    const [kind = '', value = ''] = joined.split('\u0000');
    return { kind: kind as KeyKind, value };
  });
  const sharing = db.prepare(
    `SELECT DISTINCT k.household_id AS id, c.unit_path AS path, c.stage_entered_at, c.id AS at_id
       FROM identity_scan_keys k JOIN case_index c ON c.id = k.household_id
      WHERE k.kind = ? AND k.value = ? AND c.stage <> 'exited' ORDER BY c.stage_entered_at, c.id`,
  );
  for (let i = 0; i < keys.length; i += SCAN_BATCH) {
    db.transaction(() => {
      for (const key of keys.slice(i, i + SCAN_BATCH)) {
        const households = sharing.all(key.kind, key.value) as { id: string; path: string }[];
        // Each later household against each earlier one; a pair with an open same-ID finding is left to it.
        households.forEach((later, index) => {
          for (const earlier of households.slice(0, index)) {
            if (openFinding(db, pairKey(later.id, earlier.id), 'same_id')) continue;
            const outcome = raiseFinding(db, {
              kind: 'possible',
              evidence: { [key.kind]: key.value },
              held: { householdId: later.id, unitPath: later.path, recordId: null, role: null },
              other: { householdId: earlier.id, unitPath: earlier.path, recordId: null, role: null },
              source: 'scan',
              actorId: actor.id,
            });
            if (outcome?.created) newFindings++;
          }
        });
      }
    })();
    await nextTurn();
  }
  const openFindings = db
    .prepare("SELECT count(*) FROM identity_findings WHERE status = 'open'")
    .pluck()
    .get() as number;
  const reply: ScanReply = {
    scannedPeople,
    newFindings,
    openFindings,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  appendAudit(db, {
    userId: actor.id,
    role: actor.role,
    unitId: actor.unitId,
    action: 'identity.scan',
    detail: { ...reply },
  });
  return reply;
}
