import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { unitMap } from '../cases/case-queries';
import { HttpError } from '../http/errors';
import { countyOfPath, settingsOn } from '../monitoring/county-settings';
import { dataMonitoring } from '../monitoring/service';
import { getUnit, listChildren } from '../org/units';
import type { Unit } from '../../shared/org';
import { coverageCounts, roundsAtUnit, type CoverageCounts } from '../rounds/round-store';
import { currentRound, type DueRound } from '../../shared/domain/round-calendar';
import {
  asOfDay,
  coverageAt,
  laggingIndicators,
  monthFigures,
  parsePeriod,
  periodFigures,
  rankUnits,
  trendMonths,
  type IndicatorCaseRow,
  type IndicatorCasesReply,
  type IndicatorKey,
  type IndicatorPart,
  type IndicatorsReply,
  type MonthCount,
  type Period,
  type RoundCount,
} from '../../shared/indicators';
import { MONITORING_KINDS, type MonitoringKind } from '../../shared/monitoring';
import { isWithinScope } from '../../shared/org';
import { oversightToday } from './indicator-facts';
import { counterRows, factsInMonths, onFileAt, reliefInMonths, type FactCaseRow } from './oversight-store';

/** What GET /api/oversight/indicators and its drill-down do, after the route checked the role. */

const CASES_LIMIT = 200;

/** The unit a dashboard is read for: the caller's own or one below, at city or county level. */
export function oversightUnit(db: Db, user: SessionUser, unitId: string | undefined): Unit {
  const unit = getUnit(db, unitId ?? user.unitId);
  if (!unit) throw new HttpError(404, 'unit_not_found', '没有这个单位');
  if (!isWithinScope(unit.path, user.unitPath)) {
    throw new HttpError(403, 'out_of_scope', '无权查看其他单位的督导指标');
  }
  if (unit.level !== 'city' && unit.level !== 'county') {
    throw new HttpError(400, 'invalid_unit', '督导指标按市或县（市、区）查看');
  }
  return unit;
}

function periodOf(id: string): Period {
  const period = parsePeriod(id);
  if (!period) throw new HttpError(400, 'invalid_period', '统计期间不正确');
  return period;
}

/** Rounds' coverage counts per unit, kept for a minute (the dashboard's figure may be a minute old). */
const ROUND_COUNTS_TTL_MS = 60_000;
const coverageCache = new WeakMap<Db, Map<string, { at: number; counts: CoverageCounts }>>();

/** Lets pushes and other requests run between two coverage counts (each one unit's, one round's). */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Coverage of one round in one unit: the rounds' own count (`coverageCounts`, as /api/rounds/coverage),
 * after yielding to other requests; counted at most once a minute per unit and round.
 */
async function roundCoverage(db: Db, unitPath: string, round: DueRound): Promise<CoverageCounts> {
  const key = `${unitPath}|${round.id}|${round.startDate}|${round.endDate}`;
  let cache = coverageCache.get(db);
  if (!cache) {
    cache = new Map();
    coverageCache.set(db, cache);
  }
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < ROUND_COUNTS_TTL_MS) return hit.counts;
  await yieldToOthers();
  const counts = coverageCounts(db, unitPath, round);
  cache.set(key, { at: Date.now(), counts });
  return counts;
}

/** The rounds the file-update indicator judges in a unit: those ending in the period that have begun. */
function roundsInPeriod(db: Db, unitPath: string, period: Period, today: string): DueRound[] {
  return roundsAtUnit(db, unitPath, period.year).filter(
    (r) => r.endDate >= period.start && r.endDate <= period.end && r.startDate <= today,
  );
}

function audit(db: Db, user: SessionUser, action: string, unit: Unit, detail: Record<string, unknown>): void {
  appendAudit(db, {
    userId: user.id,
    role: user.role,
    unitId: user.unitId,
    action,
    entityType: 'unit',
    entityId: unit.id,
    detail,
  });
}

/**
 * The six indicators of `unit` for the period, per child unit (the city's counties, a county's
 * townships), the month-by-month trend of the period's year, the period's data-monitoring counts and the
 * current visit round's coverage. Reads counters, the data-monitoring counts and the rounds' coverage
 * counts; audited as `oversight.indicators.read`.
 */
export async function indicatorsView(
  db: Db,
  user: SessionUser,
  unit: Unit,
  periodId: string,
): Promise<IndicatorsReply> {
  const period = periodOf(periodId);
  const today = oversightToday(db);
  const asOf = asOfDay(period, today);
  const asOfYm = asOf.slice(0, 7);
  const children = listChildren(db, unit.id).filter((c) => c.level !== 'enterprise');
  const depth = unit.path.split('/').length;
  const childOf = (path: string) => path.split('/')[depth] ?? null;

  const counts: MonthCount[] = [];
  for (const row of counterRows(db, unit.path, period.end.slice(0, 7))) {
    counts.push({
      unitId: childOf(row.unitPath) ?? unit.id,
      kind: row.kind,
      ym: row.ym,
      ok: row.ok,
      n: row.n,
    });
  }
  // First payments on time or late: data monitoring's own counts (the same rows, not counted again).
  const monitoring = dataMonitoring(db, { ...user, unitPath: unit.path }, period.year);
  const monitoringTotals = Object.fromEntries(MONITORING_KINDS.map((k) => [k, 0])) as Record<
    MonitoringKind,
    number
  >;
  for (const row of monitoring.units) {
    for (const kind of MONITORING_KINDS) {
      (row.months[kind] ?? []).forEach((n, m) => {
        const ym = `${period.year}-${String(m + 1).padStart(2, '0')}`;
        if (n > 0 && period.months.includes(ym)) monitoringTotals[kind] += n;
        if (n > 0 && (kind === 'relief_on_time' || kind === 'relief_late')) {
          counts.push({ unitId: row.unitId, kind, ym, ok: 1, n });
        }
      });
    }
  }

  const roundCounts: RoundCount[] = [];
  const judged = new Map<string, DueRound>();
  for (const child of children) {
    for (const round of roundsInPeriod(db, child.path, period, today)) {
      judged.set(round.id, round);
      roundCounts.push({
        unitId: child.id,
        roundId: round.id,
        roundName: round.name,
        endDate: round.endDate,
        ...(await roundCoverage(db, child.path, round)),
      });
    }
  }

  const units = children.map((child) => {
    const figures = periodFigures(
      counts.filter((c) => c.unitId === child.id),
      roundCounts.filter((r) => r.unitId === child.id),
      period.months,
      asOfYm,
    );
    const target = settingsOn(db, countyOfPath(db, child.path), today).indicatorTarget;
    return {
      unitId: child.id,
      unitName: child.name,
      figures,
      target,
      lagging: laggingIndicators(figures, target),
    };
  });
  const ranks = new Map(rankUnits(units).map((r) => [r.unitId, r.rank]));
  const target = settingsOn(db, countyOfPath(db, unit.path), today).indicatorTarget;

  // The current round: its coverage summed over the children when each judged it, else counted once.
  const current = currentRound(roundsAtUnit(db, unit.path, Number(today.slice(0, 4))), today);
  let currentRoundView: IndicatorsReply['currentRound'] = null;
  if (current) {
    const rows = roundCounts.filter((r) => r.roundId === current.id);
    const counted =
      children.length > 0 && rows.length === children.length
        ? rows.reduce((a, r) => ({ due: a.due + r.due, visited: a.visited + r.visited }), {
            due: 0,
            visited: 0,
          })
        : await roundCoverage(db, unit.path, current);
    currentRoundView = {
      id: current.id,
      name: current.name,
      startDate: current.startDate,
      endDate: current.endDate,
      ...counted,
    };
  }

  audit(db, user, 'oversight.indicators.read', unit, { period: period.id });
  return {
    unit: { id: unit.id, name: unit.name, level: unit.level },
    period: { id: period.id, label: period.label, start: period.start, end: period.end },
    today,
    asOf,
    target,
    totals: periodFigures(counts, roundCounts, period.months, asOfYm),
    units: units.map((u) => ({ ...u, rank: ranks.get(u.unitId) ?? 0 })),
    trend: trendMonths(period, asOfYm).map((month) => ({
      month,
      figures: monthFigures(counts, roundCounts, month),
    })),
    rounds: [...judged.values()].map(({ id, name, startDate, endDate }) => ({
      id,
      name,
      startDate,
      endDate,
    })),
    monitoring: monitoringTotals,
    currentRound: currentRoundView,
  };
}

function okFor(part: IndicatorPart): 0 | 1 | null {
  return part === 'numerator' ? 1 : part === 'gap' ? 0 : null;
}

/**
 * The cases behind one figure (`unit` may be any unit within the caller's scope, e.g. a township row of
 * a county's table): first 200 and the total. For the file-update indicator the cases are the rounds' own
 * not-visited lists, named in `rounds` for the 走访覆盖 screen. Audited as `oversight.indicators.cases`.
 */
export function indicatorCases(
  db: Db,
  user: SessionUser,
  unitId: string | undefined,
  periodId: string,
  indicator: IndicatorKey,
  part: IndicatorPart,
): IndicatorCasesReply {
  const unit = getUnit(db, unitId ?? user.unitId);
  if (!unit) throw new HttpError(404, 'unit_not_found', '没有这个单位');
  if (!isWithinScope(unit.path, user.unitPath)) {
    throw new HttpError(403, 'out_of_scope', '无权查看其他单位的案件');
  }
  const period = periodOf(periodId);
  const today = oversightToday(db);
  const asOfYm = asOfDay(period, today).slice(0, 7);
  let found: { total: number; rows: FactCaseRow[] } = { total: 0, rows: [] };
  let rounds: IndicatorCasesReply['rounds'] = [];
  switch (indicator) {
    case 'identification':
      found = factsInMonths(db, unit.path, 'filed', period.months, okFor(part), CASES_LIMIT);
      break;
    case 'method':
      found = factsInMonths(db, unit.path, 'plan', period.months, okFor(part), CASES_LIMIT);
      break;
    case 'exit':
      found = factsInMonths(db, unit.path, 'exit', period.months, okFor(part), CASES_LIMIT);
      break;
    case 'coverage': {
      // The total from the counters (the figure itself); the page from the facts.
      const counts = counterRows(db, unit.path, asOfYm).map((r) => ({ ...r, unitId: unit.id }));
      const f = coverageAt(counts, asOfYm);
      found = {
        total:
          part === 'numerator' ? f.numerator : part === 'gap' ? f.denominator - f.numerator : f.denominator,
        rows: onFileAt(
          db,
          unit.path,
          asOfYm,
          part === 'denominator' ? null : part === 'numerator',
          CASES_LIMIT,
        ),
      };
      break;
    }
    case 'disbursement':
      found = reliefInMonths(
        db,
        unit.path,
        period.months,
        part === 'numerator'
          ? ['relief_on_time']
          : part === 'gap'
            ? ['relief_late']
            : ['relief_on_time', 'relief_late'],
        CASES_LIMIT,
      );
      break;
    case 'fileUpdate':
      rounds = roundsInPeriod(db, unit.path, period, today).map((r) => ({ id: r.id, name: r.name }));
      break;
  }
  const units = unitMap(db);
  const cases: IndicatorCaseRow[] = found.rows.map((row) => {
    const id = row.unitId ?? row.unitPath.split('/').at(-1) ?? '';
    return {
      id: row.id,
      headName: row.headName,
      unitId: id,
      unitName: units.get(id)?.name ?? id,
      stage: row.stage,
      day: row.day,
      ok: row.ok === 1,
    };
  });
  audit(db, user, 'oversight.indicators.cases', unit, {
    period: period.id,
    indicator,
    part,
    total: found.total,
  });
  return { total: found.total, cases, rounds };
}
