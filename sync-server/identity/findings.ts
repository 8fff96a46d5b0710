import type { Db } from '../db/database';
import { appendAudit } from '../audit/audit';
import { unitMap, unitsAlong, type UnitInfo } from '../cases/case-queries';
import type { SyncActor } from '../sync/actor';
import type { WrittenRecord } from '../sync/hooks';
import { writeRecord, type StoredRecord } from '../sync/store';
import { maskIdNumber } from '../../shared/cases/masks';
import {
  EVIDENCE_KINDS,
  normaliseIdNumber,
  type EvidenceKind,
  type FindingKind,
  type PersonRole,
} from '../../shared/identity/api';
import { DUPLICATE_FINDING_TYPE, type DuplicateFindingData } from '../../shared/identity/records';
import { LOOP_STAGE_LABELS, type LoopStage } from '../../shared/loop';
import { isWithinScope } from '../../shared/org';
import type { JsonObject } from '../../shared/sync/canonical-json';
import { newId } from '../../shared/sync/ids';
import {
  activeHoldersOf,
  type FindingRow,
  getFinding,
  householdHead,
  householdUnitId,
  insertFinding,
  isDismissed,
  openFinding,
  pairKey,
  personNameOf,
  updateFindingEvidence,
} from './identity-store';

/**
 * Raising duplicate findings (docs/identity.md): at sync, when a pushed household or member carries an
 * ID number already filed in another active household (the pushed household's case is held), or shares a
 * mobile, bank card or name + birth date with one (a possible duplicate, not held); and by the scan.
 * Also how a unit and a finding are described to a person who may not see the other side.
 */

// ------------------------------------------------------------------------------------------ wording

export interface UnitWords {
  /** County + township (+ grid when `withGrid`), e.g. 谯城区花戏楼街道. */
  unitName: string;
  countyName: string | null;
  contact: string;
}

export function unitWords(units: Map<string, UnitInfo>, path: string, withGrid: boolean): UnitWords {
  const along = unitsAlong(units, path);
  const county = along.find((u) => u.level === 'county') ?? null;
  const named = along.filter(
    (u) => u.level === 'county' || u.level === 'township' || (withGrid && u.level !== 'city'),
  );
  const unitName = named.map((u) => u.name).join('') || (along.at(-1)?.name ?? '其他单位');
  return {
    unitName,
    countyName: county?.name ?? null,
    contact: county ? `${county.name}总工会帮扶中心` : '市总工会帮扶中心',
  };
}

export function stageWords(stage: LoopStage): string {
  return LOOP_STAGE_LABELS[stage];
}

/** `已在谯城区花戏楼街道建档（当前环节：县总审核），请联系谯城区总工会帮扶中心核实`. */
export function filedElsewhereMessage(words: UnitWords, stage: LoopStage): string {
  return `已在${words.unitName}建档（当前环节：${stageWords(stage)}），请联系${words.contact}核实`;
}

function parseEvidence(text: string): EvidenceKind[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed)
    ? EVIDENCE_KINDS.filter((kind) => (parsed as unknown[]).includes(kind))
    : ['id_number'];
}

export function evidenceOf(row: FindingRow): EvidenceKind[] {
  return parseEvidence(row.evidence);
}

export function evidenceValuesOf(row: FindingRow): Partial<Record<EvidenceKind, string>> {
  const parsed: unknown = JSON.parse(row.evidence_values);
  return typeof parsed === 'object' && parsed !== null
    ? (parsed as Partial<Record<EvidenceKind, string>>)
    : {};
}

function maskTail(value: string): string {
  return value.length <= 4 ? '*'.repeat(value.length) : `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}

/** The evidence in words, masked: no full ID, card or phone number ever leaves in it. */
export function evidenceText(row: FindingRow, showNames: boolean): string {
  const values = evidenceValuesOf(row);
  return evidenceOf(row)
    .map((kind) => {
      const value = values[kind] ?? '';
      switch (kind) {
        case 'id_number':
          return `身份证号相同（${maskIdNumber(value)}）`;
        case 'mobile':
          return `联系电话相同（${maskTail(value)}）`;
        case 'bank_card':
          return `银行卡号相同（${maskTail(value)}）`;
        case 'name_birth': {
          const [name = '', birth = ''] = value.split('|');
          return showNames ? `姓名和出生日期相同（${name}，${birth}）` : `姓名和出生日期相同（${birth}）`;
        }
      }
    })
    .join('；');
}

// ------------------------------------------------------------------------------------------ mirrors

function personWords(db: Db, recordId: string | null, role: PersonRole | null): string {
  if (role !== 'member' || recordId === null) return '户主';
  const name = personNameOf(db, recordId);
  return name ? `家庭成员「${name}」` : '家庭成员';
}

function resolutionWords(row: FindingRow, heldId: string): string | null {
  if (row.status === 'open') return null;
  if (row.status === 'not_duplicate') return `已核实不是重复建档：${row.reason ?? ''}`;
  return row.survivor_id === heldId
    ? '已核实为同一家庭：另一户的档案已合并到本户'
    : '已核实为同一家庭：本户已合并到另一户的档案，请以合并后的档案为准';
}

/**
 * Writes the tablet's copy of a same-ID finding (type `duplicateFinding`, in the held household's unit),
 * so the grid worker who holds that household sees why its case waits. `heldId` is the household the
 * copy was first written for (it stays in that unit even after a merge moved the finding).
 */
export function writeFindingMirror(db: Db, row: FindingRow, heldId = row.held_household_id): void {
  if (row.kind !== 'same_id') return;
  const unitId = householdUnitId(db, heldId);
  if (unitId === null) return;
  const units = unitMap(db);
  const other = unitWords(units, row.other_unit_path, false);
  const otherStage = householdHead(db, row.other_household_id)?.stage;
  const values = evidenceValuesOf(row);
  const who = personWords(db, row.held_record_id, row.held_role);
  const masked = values.id_number ? maskIdNumber(values.id_number) : '';
  const contact = unitWords(units, row.held_unit_path, false).contact;
  const message =
    `${who}身份证号 ${masked} 已在${other.unitName}建档` +
    (otherStage ? `（当前环节：${stageWords(otherStage)}）` : '') +
    `：本户暂停办理，待${contact}核实。已填写的内容都已保存。`;
  const data: DuplicateFindingData = {
    householdId: heldId,
    kind: row.kind,
    evidence: evidenceOf(row),
    status: row.status,
    message,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolutionText: resolutionWords(row, heldId),
    survivorId: row.survivor_id,
  };
  writeRecord(db, {
    id: row.id,
    type: DUPLICATE_FINDING_TYPE,
    unitId,
    householdId: heldId,
    data: data as unknown as JsonObject,
    deleted: false,
    userId: null,
    deviceId: null,
  });
}

// ------------------------------------------------------------------------------------------ raising

export interface Side {
  householdId: string;
  unitPath: string;
  recordId: string | null;
  role: PersonRole | null;
}

export interface RaiseInput {
  kind: FindingKind;
  evidence: Partial<Record<EvidenceKind, string>>;
  held: Side;
  other: Side;
  source: FindingRow['source'];
  actorId: string | null;
}

/**
 * Raises a finding for a pair of households, or adds evidence to the open one of the same kind. A pair a
 * person marked "not a duplicate" is never raised again. Returns the finding, or null when dismissed.
 */
export function raiseFinding(db: Db, input: RaiseInput): { row: FindingRow; created: boolean } | null {
  const pair = pairKey(input.held.householdId, input.other.householdId);
  if (isDismissed(db, pair)) return null;
  const existing = openFinding(db, pair, input.kind);
  if (existing) {
    const evidence = new Set([...evidenceOf(existing), ...(Object.keys(input.evidence) as EvidenceKind[])]);
    const values = { ...evidenceValuesOf(existing), ...input.evidence };
    const ordered = EVIDENCE_KINDS.filter((kind) => evidence.has(kind));
    if (ordered.length !== evidenceOf(existing).length) {
      updateFindingEvidence(db, existing.id, JSON.stringify(ordered), JSON.stringify(values));
    }
    return { row: getFinding(db, existing.id) ?? existing, created: false };
  }
  const row: FindingRow = {
    id: newId(),
    kind: input.kind,
    evidence: JSON.stringify(EVIDENCE_KINDS.filter((kind) => kind in input.evidence)),
    evidence_values: JSON.stringify(input.evidence),
    pair_key: pair,
    held_household_id: input.held.householdId,
    held_unit_path: input.held.unitPath,
    held_record_id: input.held.recordId,
    held_role: input.held.role,
    other_household_id: input.other.householdId,
    other_unit_path: input.other.unitPath,
    other_record_id: input.other.recordId,
    other_role: input.other.role,
    source: input.source,
    status: 'open',
    created_at: new Date().toISOString(),
    created_by: input.actorId,
    resolved_at: null,
    resolved_by: null,
    resolved_by_name: null,
    reason: null,
    survivor_id: null,
  };
  insertFinding(db, row);
  writeFindingMirror(db, row);
  appendAudit(db, {
    userId: input.actorId,
    role: null,
    unitId: null,
    action: 'identity.finding',
    entityType: 'identityFinding',
    entityId: row.id,
    caseId: row.held_household_id,
    detail: {
      kind: row.kind,
      evidence: evidenceOf(row),
      source: row.source,
      heldHouseholdId: row.held_household_id,
      otherHouseholdId: row.other_household_id,
      idNumber: input.evidence.id_number ? maskIdNumber(input.evidence.id_number) : null,
    },
  });
  return { row, created: true };
}

function personOf(record: StoredRecord): { idNumber: string | null; householdId: string | null } {
  if (record.type === 'household') {
    return { idNumber: normaliseIdNumber(record.data.headIdNumber), householdId: record.id };
  }
  if (record.type === 'member') {
    return { idNumber: normaliseIdNumber(record.data.idNumber), householdId: record.householdId };
  }
  return { idNumber: null, householdId: null };
}

interface Candidate {
  record: StoredRecord;
  householdId: string;
  role: PersonRole;
  /** The ID number, new on this record in the batch. */
  idNumber: string;
}

function candidatesOf(written: readonly WrittenRecord[]): Candidate[] {
  const out: Candidate[] = [];
  for (const { record, before } of written) {
    if (record.deleted || (record.type !== 'household' && record.type !== 'member')) continue;
    const { idNumber, householdId } = personOf(record);
    if (householdId === null || idNumber === null) continue;
    const previous = before && !before.deleted ? personOf(before).idNumber : null;
    if (idNumber === previous) continue;
    out.push({ record, householdId, role: record.type === 'household' ? 'head' : 'member', idNumber });
  }
  return out;
}

/**
 * The batch observer run at the end of every push (sync-server/sync/hooks.ts): a person whose ID number
 * is new on a record and already active in another household raises a same-ID finding that holds the
 * record's household. Nothing is refused: the tablet's data is stored either way. One set query answers
 * the whole batch; households written in the same batch are paired in the order they were written, so the
 * later one is held, as across batches. (Possible duplicates — a shared mobile, bank card, or name and
 * birth date — are the scan's work: `scanForDuplicates`.)
 */
export function detectDuplicatesInBatch(db: Db, actor: SyncActor, written: readonly WrittenRecord[]): void {
  const candidates = candidatesOf(written);
  if (candidates.length === 0) return;
  const holders = activeHoldersOf(db, [...new Set(candidates.map((c) => c.idNumber))]);
  // Which household was written first in this batch: a later one is held against an earlier one.
  const order = new Map<string, number>();
  written.forEach(({ record }, index) => {
    const householdId = record.type === 'household' ? record.id : record.householdId;
    if (householdId !== null && !order.has(householdId)) order.set(householdId, index);
  });
  const laterInBatch = (own: string, other: string) =>
    (order.get(other) ?? -1) > (order.get(own) ?? Number.MAX_SAFE_INTEGER);

  for (const candidate of candidates) {
    const own = candidate.householdId;
    const matches = (holders.get(candidate.idNumber) ?? []).filter(
      (h) => h.householdId !== own && !laterInBatch(own, h.householdId),
    );
    if (matches.length === 0) continue;
    const state = householdHead(db, own);
    if (state === null || state.stage === 'exited') continue;
    const held: Side = {
      householdId: own,
      unitPath: state.unitPath,
      recordId: candidate.record.id,
      role: candidate.role,
    };
    const paired = new Set<string>();
    for (const holder of matches) {
      if (paired.has(holder.householdId)) continue;
      paired.add(holder.householdId);
      raiseFinding(db, {
        kind: 'same_id',
        evidence: { id_number: candidate.idNumber },
        held,
        other: {
          householdId: holder.householdId,
          unitPath: holder.householdPath,
          recordId: holder.recordId,
          role: holder.role,
        },
        source: 'sync',
        actorId: actor.id,
      });
    }
  }
}

/** Keys shared by more households than this are not one person (an office phone number, a shared card). */
export const MAX_SHARED_KEY_HOUSEHOLDS = 5;

/** Whether a path lies in a scope: re-exported for the API module's side descriptions. */
export const inScope = isWithinScope;
