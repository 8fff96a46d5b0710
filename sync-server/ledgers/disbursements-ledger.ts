import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { getRecord } from '../sync/store';
import { unitMap } from '../cases/case-queries';
import { countDisbursements, disbursementPage, type DisbursementRow } from '../funds/fund-store';
import { kindRows } from '../funds/service';
import { listUnitsWithin } from '../org/units';
import { countyOfPath } from '../monitoring/county-settings';
import { CATEGORY_LABELS } from '../../shared/domain/household-codes';
import { FUND_KIND_LABELS, type FundKind } from '../../shared/funds/kinds';
import type { FundKindRow } from '../../shared/funds/api';
import { ledgerBankCard, ledgerIdNumber } from '../../shared/ledgers/api';
import type { LedgerSheet } from './xlsx-writer';
import { LEDGER_PAGE } from './households-ledger';
import { unitColumns } from './units';

/** 帮扶资金发放台账: one row per payment, and the year's budget against spending per kind. */

interface PaymentRow extends DisbursementRow {
  headName: string;
  headIdNumber: string;
  category: string;
}

export function disbursementsLedgerSheets(
  db: Db,
  user: SessionUser,
  filter: { scopePath: string; year: number; kind?: FundKind },
): { count: number; sheets: [LedgerSheet<PaymentRow>, LedgerSheet<FundKindRow & { county: string }>] } {
  const units = unitMap(db);
  const count = countDisbursements(db, filter);
  let after: readonly [string, string] | null = null;
  let done = false;
  const nextPage = (): PaymentRow[] => {
    if (done) return [];
    const page = disbursementPage(db, filter, after, LEDGER_PAGE);
    const last = page.at(-1);
    if (!last || page.length < LEDGER_PAGE) done = true;
    if (last) after = [last.paidOn, last.eventId];
    return page.map((row) => {
      const data = getRecord(db, row.householdId)?.data ?? {};
      return {
        ...row,
        headName: typeof data.headName === 'string' ? data.headName : '',
        headIdNumber: typeof data.headIdNumber === 'string' ? data.headIdNumber : '',
        category: typeof data.category === 'string' ? data.category : '',
      };
    });
  };
  const unit = (row: PaymentRow) => unitColumns(units, row.unitPath);

  // Budget execution of the counties the scope covers (the scope's own county, or those below it).
  const own = countyOfPath(db, filter.scopePath);
  const counties = own
    ? [own]
    : listUnitsWithin(db, filter.scopePath)
        .filter((u) => u.level === 'county')
        .map((u) => u.id);
  const budgetRows = counties.flatMap((id) =>
    kindRows(db, id, filter.year).map((row) => ({ ...row, county: units.get(id)?.name ?? id })),
  );
  let budgetsGiven = false;

  return {
    count,
    sheets: [
      {
        name: '帮扶资金发放台账',
        nextPage,
        columns: [
          { header: '序号', width: 6, type: 'int', value: (_row, i) => i + 1 },
          { header: '发放日期', width: 11, type: 'date', value: (row) => row.paidOn },
          { header: '县（区）', width: 10, type: 'text', value: (row) => unit(row).county },
          { header: '乡镇（街道）', width: 12, type: 'text', value: (row) => unit(row).township },
          { header: '社区/网格', width: 14, type: 'text', value: (row) => unit(row).grid },
          { header: '户主姓名', width: 10, type: 'text', value: (row) => row.headName },
          {
            header: '身份证号',
            width: 21,
            type: 'text',
            value: (row) => ledgerIdNumber(user.role, row.headIdNumber),
          },
          {
            header: '困难类别',
            width: 10,
            type: 'text',
            value: (row) => CATEGORY_LABELS[row.category as keyof typeof CATEGORY_LABELS] ?? row.category,
          },
          { header: '资金项目类别', width: 18, type: 'text', value: (row) => FUND_KIND_LABELS[row.kind] },
          { header: '发放金额（元）', width: 14, type: 'money', value: (row) => row.amountFen },
          { header: '银行卡号', width: 20, type: 'text', value: (row) => ledgerBankCard(row.bankCardLast4) },
          { header: '经办人', width: 10, type: 'text', value: (row) => row.actorName ?? '' },
          { header: '备注', width: 24, type: 'text', value: (row) => row.note },
        ],
      },
      {
        name: '预算执行情况',
        nextPage: () => {
          if (budgetsGiven) return [];
          budgetsGiven = true;
          return budgetRows;
        },
        columns: [
          { header: '县（区）', width: 12, type: 'text', value: (row) => row.county },
          { header: '项目类别', width: 20, type: 'text', value: (row) => row.label },
          { header: '年初预算（元）', width: 16, type: 'money', value: (row) => row.baseFen },
          { header: '调整（元）', width: 14, type: 'money', value: (row) => row.adjustedFen },
          { header: '调整后预算（元）', width: 16, type: 'money', value: (row) => row.budgetFen },
          { header: '已发放（元）', width: 14, type: 'money', value: (row) => row.spentFen },
          { header: '结余（元）', width: 14, type: 'money', value: (row) => row.remainingFen },
          { header: '发放笔数', width: 10, type: 'int', value: (row) => row.disbursements },
        ],
      },
    ],
  };
}
