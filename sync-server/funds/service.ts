import { newId } from '../../shared/sync/ids';
import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { caseSettings } from '../cases/context';
import { unitMap } from '../cases/case-queries';
import { countyOfPath } from '../monitoring/county-settings';
import { listUnitsWithin } from '../org/units';
import { isWithinScope } from '../../shared/org';
import { todayInChina } from '../../shared/validation/clock';
import { formatFen } from '../../shared/validation/money';
import { FUND_KINDS, FUND_KIND_LABELS, type FundKind } from '../../shared/funds/kinds';
import type { AdjustmentWrite, BudgetWrite, FundKindRow, FundsReply } from '../../shared/funds/api';
import {
  adjustments,
  baseBudgets,
  insertAdjustment,
  netAdjustments,
  setBaseBudget,
  spentByKind,
} from './fund-store';

/**
 * Funds by project kind (docs/ledgers.md). Budgets per county, year and kind are set by the county once
 * and afterwards only by the city (which allocates them); money moves between kinds only with a recorded
 * adjustment report, and never more than the source kind has left.
 */

interface County {
  id: string;
  name: string;
  path: string;
}

/** The county a request is about: the named one within the caller's scope, or the caller's own. */
export function fundsCounty(db: Db, user: SessionUser, countyId: string | undefined): County {
  const units = unitMap(db);
  const wanted = countyId ?? countyOfPath(db, user.unitPath) ?? undefined;
  if (wanted === undefined) {
    const first = countiesOf(db, user)[0];
    if (!first) throw new HttpError(400, 'invalid_request', '请指定县（市、区）');
    return first;
  }
  const unit = units.get(wanted);
  if (!unit || unit.level !== 'county') throw new HttpError(400, 'unknown_unit', `县级单位不存在：${wanted}`);
  if (!isWithinScope(unit.path, user.unitPath)) {
    throw new HttpError(403, 'out_of_scope', '只能查看或管理本县（市、区）的帮扶资金');
  }
  return { id: unit.id, name: unit.name, path: unit.path };
}

function countiesOf(db: Db, user: SessionUser): County[] {
  const own = countyOfPath(db, user.unitPath);
  if (own) {
    const unit = unitMap(db).get(own);
    return unit ? [{ id: unit.id, name: unit.name, path: unit.path }] : [];
  }
  return listUnitsWithin(db, user.unitPath)
    .filter((u) => u.level === 'county')
    .map((u) => ({ id: u.id, name: u.name, path: u.path }));
}

function today(db: Db): string {
  return todayInChina(caseSettings(db).clock());
}

export function thisYear(db: Db): number {
  return Number(today(db).slice(0, 4));
}

/** Budget, adjustments, spent and remaining per kind. */
export function kindRows(db: Db, countyId: string, year: number): FundKindRow[] {
  const base = baseBudgets(db, countyId, year);
  const net = netAdjustments(db, countyId, year);
  const spent = spentByKind(db, countyId, year);
  return FUND_KINDS.map((kind) => {
    const baseFen = base[kind] ?? null;
    const budgetFen = (baseFen ?? 0) + net[kind];
    return {
      kind,
      label: FUND_KIND_LABELS[kind],
      baseFen,
      adjustedFen: net[kind],
      budgetFen,
      spentFen: spent.sum[kind],
      remainingFen: budgetFen - spent.sum[kind],
      disbursements: spent.count[kind],
    };
  });
}

function canSetBudget(user: SessionUser, base: Partial<Record<FundKind, number>>, kind: FundKind): boolean {
  if (user.role === 'city_staff') return true;
  return user.role === 'county_staff' && base[kind] === undefined;
}

export function fundsView(
  db: Db,
  user: SessionUser,
  query: { countyId?: string; year?: number },
): FundsReply {
  const county = fundsCounty(db, user, query.countyId);
  const year = query.year ?? thisYear(db);
  const kinds = kindRows(db, county.id, year);
  const sum = (pick: (row: FundKindRow) => number) => kinds.reduce((total, row) => total + pick(row), 0);
  const base = baseBudgets(db, county.id, year);
  return {
    countyId: county.id,
    countyName: county.name,
    year,
    kinds,
    total: {
      baseFen: kinds.some((k) => k.baseFen !== null) ? sum((k) => k.baseFen ?? 0) : null,
      adjustedFen: sum((k) => k.adjustedFen),
      budgetFen: sum((k) => k.budgetFen),
      spentFen: sum((k) => k.spentFen),
      remainingFen: sum((k) => k.remainingFen),
      disbursements: sum((k) => k.disbursements),
    },
    adjustments: adjustments(db, county.id, year),
    counties: countiesOf(db, user).map(({ id, name }) => ({ id, name })),
    canSetBudget: {
      prevention: canSetBudget(user, base, 'prevention'),
      relief: canSetBudget(user, base, 'relief'),
      warmth: canSetBudget(user, base, 'warmth'),
    },
  };
}

export function setBudget(db: Db, user: SessionUser, write: BudgetWrite): FundsReply {
  db.transaction(() => {
    const county = fundsCounty(db, user, write.countyId);
    const base = baseBudgets(db, county.id, write.year);
    if (!canSetBudget(user, base, write.kind)) {
      throw new HttpError(
        409,
        'budget_already_set',
        `${write.year}年「${FUND_KIND_LABELS[write.kind]}」预算已设定；在项目类别间调整资金请填写调整报告，调整总额请由市总帮扶中心修改`,
      );
    }
    const at = caseSettings(db).clock().toISOString();
    setBaseBudget(db, { ...write, countyId: county.id }, { id: user.id, name: user.displayName }, at);
    appendAudit(db, {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      action: 'funds.budget.set',
      entityType: 'fundBudget',
      entityId: `${county.id}:${write.year}:${write.kind}`,
      detail: {
        countyId: county.id,
        year: write.year,
        kind: write.kind,
        from: base[write.kind] ?? null,
        to: write.amountFen,
      },
    });
  })();
  return fundsView(db, user, { countyId: write.countyId, year: write.year });
}

export function recordAdjustment(db: Db, user: SessionUser, write: AdjustmentWrite): FundsReply {
  db.transaction(() => {
    const county = fundsCounty(db, user, write.countyId);
    const day = today(db);
    if (write.reportedOn > day) {
      throw new HttpError(400, 'invalid_request', `报告日期（${write.reportedOn}）不能晚于今天（${day}）`);
    }
    const rows = kindRows(db, county.id, write.year);
    const from = rows.find((r) => r.kind === write.fromKind);
    if (!from || from.baseFen === null) {
      throw new HttpError(
        409,
        'budget_not_set',
        `${write.year}年「${FUND_KIND_LABELS[write.fromKind]}」尚未设定预算，不能调出资金`,
      );
    }
    if (write.amountFen > from.remainingFen) {
      throw new HttpError(
        409,
        'over_budget',
        `「${FUND_KIND_LABELS[write.fromKind]}」剩余${formatFen(from.remainingFen)}，不能调出${formatFen(write.amountFen)}`,
      );
    }
    const id = newId();
    const recordedAt = caseSettings(db).clock().toISOString();
    insertAdjustment(db, {
      id,
      countyId: county.id,
      year: write.year,
      fromKind: write.fromKind,
      toKind: write.toKind,
      amountFen: write.amountFen,
      reason: write.reason,
      reportNumber: write.reportNumber,
      reportedOn: write.reportedOn,
      recordedAt,
      recordedBy: user.id,
      recordedByName: user.displayName,
    });
    appendAudit(db, {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      action: 'funds.adjustment.record',
      entityType: 'fundAdjustment',
      entityId: id,
      detail: { ...write, countyId: county.id },
    });
  })();
  return fundsView(db, user, { countyId: write.countyId, year: write.year });
}
