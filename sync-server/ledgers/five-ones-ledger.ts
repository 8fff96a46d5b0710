import type { Db } from '../db/database';
import { stmt } from '../sync/statements';
import { RECORD_COLUMNS, rowToRecord, type StoredRecord } from '../sync/store';
import { unitMap, type UnitInfo } from '../cases/case-queries';
import { coverageCounts, roundsAtUnit } from '../rounds/round-store';
import { COMPARISON_SOURCE_LABELS } from '../../shared/domain/comparison-batch';
import { maskIdNumber } from '../../shared/cases/masks';
import type { AnyLedgerSheet, LedgerColumn, LedgerSheet } from './xlsx-writer';

/**
 * 五个一工作台账: the year's data comparisons (数据比对), visit rounds with their coverage (入户走访),
 * self-assessments with scores (自我评估), and policy trainings (政策培训) with their attendees.
 */

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Live records of a type within the scope. Five-ones records belong to no household: the
 * `(household_id, type)` index finds them without walking the scope's households and members.
 */
function recordsOfType(db: Db, scopePath: string, type: string): StoredRecord[] {
  const rows = stmt(
    db,
    `SELECT ${RECORD_COLUMNS} FROM sync_records
      WHERE household_id IS NULL AND type = ? AND (unit_path = ? OR (unit_path >= ? AND unit_path < ?))
        AND deleted = 0 ORDER BY rev`,
  ).all(type, scopePath, `${scopePath}/`, `${scopePath}0`) as Parameters<typeof rowToRecord>[0][];
  return rows.map(rowToRecord);
}

function once<R>(rows: () => R[]): () => R[] {
  let given = false;
  return () => {
    if (given) return [];
    given = true;
    return rows();
  };
}

const unitName = (units: Map<string, UnitInfo>, id: unknown): string =>
  typeof id === 'string' ? (units.get(id)?.name ?? id) : '';

const seq = <R>(): LedgerColumn<R> => ({ header: '序号', width: 6, type: 'int', value: (_row, i) => i + 1 });

export function fiveOnesLedgerSheets(
  db: Db,
  scope: { path: string; name: string },
  year: number,
): { count: number; sheets: AnyLedgerSheet[] } {
  const units = unitMap(db);
  const y = String(year);
  const batches = recordsOfType(db, scope.path, 'comparisonBatch').filter((r) =>
    str(r.data.createdAt).startsWith(y),
  );
  const assessments = recordsOfType(db, scope.path, 'selfAssessment').filter((r) =>
    str(r.data.period).startsWith(y),
  );
  const trainings = recordsOfType(db, scope.path, 'training').filter((r) => str(r.data.date).startsWith(y));
  const rounds = roundsAtUnit(db, scope.path, year).map((round) => ({
    round,
    ...coverageCounts(db, scope.path, round),
  }));
  const attendees = trainings.flatMap((t) =>
    arr(t.data.attendees).map((a) => ({ training: t, attendee: (a ?? {}) as Record<string, unknown> })),
  );
  const count = batches.length + assessments.length + trainings.length + rounds.length + attendees.length;

  const comparisonSheet: LedgerSheet<StoredRecord> = {
    name: '数据比对',
    nextPage: once(() => batches),
    columns: [
      seq(),
      { header: '批次名称', width: 24, type: 'text', value: (r) => str(r.data.name) },
      { header: '比对单位', width: 14, type: 'text', value: (r) => unitName(units, r.data.unitId) },
      { header: '比对日期', width: 11, type: 'date', value: (r) => str(r.data.createdAt) },
      {
        header: '比对数据来源',
        width: 30,
        type: 'text',
        value: (r) =>
          arr(r.data.sources)
            .map((s) => COMPARISON_SOURCE_LABELS[s as keyof typeof COMPARISON_SOURCE_LABELS] ?? String(s))
            .join('、'),
      },
      { header: '比对人次', width: 10, type: 'int', value: (r) => arr(r.data.rows).length },
      {
        header: '不一致',
        width: 8,
        type: 'int',
        value: (r) =>
          arr(r.data.rows).filter((row) => (row as { result?: unknown }).result === 'inconsistent').length,
      },
      {
        header: '未匹配建档家庭',
        width: 14,
        type: 'int',
        value: (r) =>
          arr(r.data.rows).filter((row) => (row as { householdId?: unknown }).householdId === null).length,
      },
    ],
  };

  const roundSheet: LedgerSheet<(typeof rounds)[number]> = {
    name: '入户走访',
    nextPage: once(() => rounds),
    columns: [
      seq(),
      { header: '走访轮次', width: 20, type: 'text', value: (r) => r.round.name },
      { header: '开始日期', width: 11, type: 'date', value: (r) => r.round.startDate },
      { header: '结束日期', width: 11, type: 'date', value: (r) => r.round.endDate },
      { header: '统计单位', width: 14, type: 'text', value: () => scope.name },
      { header: '应走访户数', width: 11, type: 'int', value: (r) => r.due },
      { header: '已走访户数', width: 11, type: 'int', value: (r) => r.visited },
      {
        header: '覆盖率（%）',
        width: 11,
        type: 'decimal',
        value: (r) => (r.due === 0 ? null : Math.round((r.visited / r.due) * 10000) / 100),
      },
    ],
  };

  const assessmentSheet: LedgerSheet<StoredRecord> = {
    name: '自我评估',
    nextPage: once(() => assessments),
    columns: [
      seq(),
      { header: '评估单位', width: 16, type: 'text', value: (r) => unitName(units, r.data.unitId) },
      { header: '评估期间', width: 10, type: 'text', value: (r) => str(r.data.period) },
      { header: '评估人', width: 10, type: 'text', value: (r) => str(r.data.assessor) },
      {
        header: '总分',
        width: 8,
        type: 'decimal',
        value: (r) => (typeof r.data.totalScore === 'number' ? r.data.totalScore : null),
      },
      { header: '评估日期', width: 11, type: 'date', value: (r) => r.updatedAt },
      { header: '说明', width: 40, type: 'text', value: (r) => str(r.data.notes) },
    ],
  };

  const trainingSheet: LedgerSheet<StoredRecord> = {
    name: '政策培训',
    nextPage: once(() => trainings),
    columns: [
      seq(),
      { header: '培训日期', width: 11, type: 'date', value: (r) => str(r.data.date) },
      { header: '组织单位', width: 16, type: 'text', value: (r) => unitName(units, r.data.unitId) },
      { header: '培训主题', width: 28, type: 'text', value: (r) => str(r.data.topic) },
      { header: '培训地点', width: 18, type: 'text', value: (r) => str(r.data.place) },
      { header: '授课人', width: 10, type: 'text', value: (r) => str(r.data.trainer) },
      { header: '参训人数', width: 9, type: 'int', value: (r) => arr(r.data.attendees).length },
    ],
  };

  const attendeeSheet: LedgerSheet<(typeof attendees)[number]> = {
    name: '参训人员',
    nextPage: once(() => attendees),
    columns: [
      seq(),
      { header: '培训日期', width: 11, type: 'date', value: (r) => str(r.training.data.date) },
      { header: '培训主题', width: 28, type: 'text', value: (r) => str(r.training.data.topic) },
      { header: '姓名', width: 10, type: 'text', value: (r) => str(r.attendee.name) },
      { header: '单位', width: 20, type: 'text', value: (r) => str(r.attendee.unit) },
      {
        header: '身份证号',
        width: 21,
        type: 'text',
        value: (r) => (str(r.attendee.idNumber) ? maskIdNumber(str(r.attendee.idNumber)) : ''),
      },
      { header: '签到日期', width: 11, type: 'date', value: (r) => str(r.attendee.signedAt) },
    ],
  };

  return { count, sheets: [comparisonSheet, roundSheet, assessmentSheet, trainingSheet, attendeeSheet] };
}
