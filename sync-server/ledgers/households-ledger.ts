import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import {
  countHouseholds,
  findIndexedCases,
  loadHouseholds,
  unitMap,
  type HouseholdFilter,
} from '../cases/case-queries';
import { paidInYear } from '../funds/fund-store';
import { householdIncomeSummary } from '../../shared/domain/classification';
import { CATEGORY_LABELS, CAUSE_LABELS } from '../../shared/domain/household-codes';
import { SEX_LABELS } from '../../shared/domain/person-codes';
import { ASSISTANCE_MEASURE_LABELS, LOOP_STAGE_LABELS } from '../../shared/loop';
import { ledgerBankCard, ledgerIdNumber, ledgerMobile } from '../../shared/ledgers/api';
import type { JsonObject } from '../../shared/sync/canonical-json';
import type { LedgerSheet } from './xlsx-writer';
import { unitColumns } from './units';

/** 困难职工档案台账: one row per household of the case list's filter (docs/ledgers.md). */

export const LEDGER_PAGE = 200;

export interface HouseholdRow {
  data: JsonObject;
  unitPath: string;
  householdSize: number;
  annualIncomeFen: number;
  perCapitaMonthlyIncomeFen: number;
  paidThisYearFen: number;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const label = <T extends string>(labels: Record<T, string>, value: unknown): string =>
  typeof value === 'string' && value in labels ? labels[value as T] : str(value);

function latest(...dates: unknown[]): string {
  return (
    dates
      .filter((d): d is string => typeof d === 'string' && d !== '')
      .sort()
      .at(-1) ?? ''
  );
}

/** Members (with monthly incomes) of the households of one page, by household: one query. */
function membersOf(db: Db, ids: readonly string[]): Map<string, { monthlyIncomeFen: number | null }[]> {
  const found = new Map<string, { monthlyIncomeFen: number | null }[]>();
  if (ids.length === 0) return found;
  const rows = db
    .prepare(
      `SELECT household_id AS id, json_extract(data, '$.monthlyIncomeFen') AS income FROM sync_records
        WHERE type = 'member' AND deleted = 0 AND household_id IN (${ids.map(() => '?').join(', ')})`,
    )
    .all(...ids) as { id: string; income: unknown }[];
  for (const row of rows) {
    const list = found.get(row.id) ?? [];
    list.push({ monthlyIncomeFen: num(row.income) });
    found.set(row.id, list);
  }
  return found;
}

export function householdsLedgerSheet(
  db: Db,
  user: SessionUser,
  filter: HouseholdFilter,
  year: number,
): { count: number; sheet: LedgerSheet<HouseholdRow> } {
  const units = unitMap(db);
  const count = countHouseholds(db, filter);
  let after: readonly [string, string] | undefined;
  let done = false;
  const nextPage = (): HouseholdRow[] => {
    if (done) return [];
    const page = findIndexedCases(db, filter, {
      limit: LEDGER_PAGE,
      expected: count,
      ...(after ? { after } : {}),
    });
    const last = page.at(-1);
    if (!last || page.length < LEDGER_PAGE) done = true;
    if (last) after = [last.stageEnteredAt, last.id];
    const ids = page.map((row) => row.id);
    const members = membersOf(db, ids);
    const paid = paidInYear(db, ids, year);
    return loadHouseholds(db, ids).map((household) => {
      const income = householdIncomeSummary(household.data as never, members.get(household.id) ?? []);
      return {
        data: household.data,
        unitPath: household.unitPath,
        householdSize: income.householdSize,
        annualIncomeFen: income.annualIncomeFen,
        perCapitaMonthlyIncomeFen: income.perCapitaMonthlyIncomeFen,
        paidThisYearFen: paid.get(household.id) ?? 0,
      };
    });
  };
  const unit = (row: HouseholdRow) => unitColumns(units, row.unitPath);
  return {
    count,
    sheet: {
      name: '困难职工档案台账',
      nextPage,
      columns: [
        { header: '序号', width: 6, type: 'int', value: (_row, i) => i + 1 },
        { header: '县（区）', width: 10, type: 'text', value: (row) => unit(row).county },
        { header: '乡镇（街道）', width: 12, type: 'text', value: (row) => unit(row).township },
        { header: '社区/网格', width: 14, type: 'text', value: (row) => unit(row).grid },
        { header: '户主姓名', width: 10, type: 'text', value: (row) => str(row.data.headName) },
        { header: '性别', width: 5, type: 'text', value: (row) => label(SEX_LABELS, row.data.headSex) },
        {
          header: '身份证号',
          width: 21,
          type: 'text',
          value: (row) => ledgerIdNumber(user.role, str(row.data.headIdNumber)),
        },
        {
          header: '联系电话',
          width: 13,
          type: 'text',
          value: (row) => ledgerMobile(user.role, str(row.data.mobile)),
        },
        { header: '工作单位', width: 20, type: 'text', value: (row) => str(row.data.employerName) },
        {
          header: '困难类别',
          width: 10,
          type: 'text',
          value: (row) => label(CATEGORY_LABELS, row.data.category),
        },
        {
          header: '闭环环节',
          width: 12,
          type: 'text',
          value: (row) => label(LOOP_STAGE_LABELS, row.data.stage),
        },
        {
          header: '建档日期',
          width: 11,
          type: 'date',
          value: (row) => str(row.data.filedAt) || str(row.data.cityFiledOn),
        },
        {
          header: '主要致困原因',
          width: 14,
          type: 'text',
          value: (row) => label(CAUSE_LABELS, row.data.mainCause),
        },
        {
          header: '次要致困原因',
          width: 18,
          type: 'text',
          value: (row) =>
            Array.isArray(row.data.secondaryCauses)
              ? row.data.secondaryCauses.map((c) => label(CAUSE_LABELS, c)).join('、')
              : '',
        },
        { header: '家庭人口', width: 8, type: 'int', value: (row) => row.householdSize },
        { header: '家庭年收入（元）', width: 14, type: 'money', value: (row) => row.annualIncomeFen },
        {
          header: '人均月收入（元）',
          width: 14,
          type: 'money',
          value: (row) => row.perCapitaMonthlyIncomeFen,
        },
        {
          header: '帮扶措施',
          width: 18,
          type: 'text',
          value: (row) =>
            Array.isArray(row.data.planMeasures)
              ? row.data.planMeasures.map((m) => label(ASSISTANCE_MEASURE_LABELS, m)).join('、')
              : '',
        },
        { header: `${year}年发放金额（元）`, width: 15, type: 'money', value: (row) => row.paidThisYearFen },
        { header: '最近发放日期', width: 12, type: 'date', value: (row) => str(row.data.lastDisbursedOn) },
        {
          header: '最近走访日期',
          width: 12,
          type: 'date',
          value: (row) => latest(row.data.lastFollowUpOn, row.data.visitSubmittedOn),
        },
        { header: '开户银行', width: 14, type: 'text', value: (row) => str(row.data.bankName) },
        {
          header: '银行卡号',
          width: 20,
          type: 'text',
          value: (row) => ledgerBankCard(str(row.data.bankCardNumber)),
        },
      ],
    },
  };
}
