import { Router } from 'express';
import type { AppContext } from '../app';
import { auditActor } from '../audit/audit';
import { assertInScope, authOf, requireAuth, requireRole } from '../auth/middleware';
import { caseSettings } from '../cases/context';
import { HttpError } from '../http/errors';
import { getUnit, listChildren } from '../org/units';
import {
  calendarsAt,
  coverageCounts,
  findRound,
  installRoundIndexers,
  notVisited,
  writeCalendar,
} from '../rounds/round-store';
import { z } from 'zod';
import { ROLES } from '../../shared/roles';
import { todayInChina } from '../../shared/validation/clock';
import {
  putRoundCalendarReplySchema,
  putRoundCalendarRequestSchema,
  roundCalendarsReplySchema,
  roundCoverageQuerySchema,
  roundCoverageReplySchema,
  roundsAt,
  type DueRound,
  type RoundCoverageRow,
} from '../../shared/domain/round-calendar';

const NOT_VISITED_LIMIT = 200;

const yearQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/**
 * /api/rounds: the year's visit rounds (在档走访, 档案更新, a county's own) and their coverage per unit
 * (docs/dynamic-management.md, "Visit rounds").
 */
export function roundsRouter({ db }: AppContext): Router {
  installRoundIndexers();
  const today = () => todayInChina(caseSettings(db).clock());

  const router = Router();
  router.use(requireAuth(db));

  // The calendars that apply to the signed-in user (their unit's and those above it) for a year.
  router.get('/calendar', (req, res) => {
    const { user } = authOf(res);
    const year = yearQuerySchema.parse(req.query).year ?? Number(today().slice(0, 4));
    const calendars = calendarsAt(db, user.unitPath, year);
    res.json(
      roundCalendarsReplySchema.parse({
        year,
        today: today(),
        calendars,
        rounds: roundsAt(calendars, user.unitPath, year),
      }),
    );
  });

  // The city sets the year's rounds (replacing the defaults); a county adds rounds of its own. The body
  // schema (shared, also run by the office screen 走访轮次安排) checks names, dates within the year, order,
  // overlaps and ids; the rounds are stored by start date and every save is audited (writeCalendar).
  router.put('/calendar', requireRole(ROLES.cityStaff, ROLES.countyStaff), (req, res) => {
    const auth = authOf(res);
    const scope = z.object({ unitId: z.unknown() }).safeParse(req.body);
    if (scope.success && typeof scope.data.unitId === 'string' && scope.data.unitId !== auth.user.unitId) {
      throw new HttpError(403, 'out_of_scope', '只能设置本单位的走访轮次');
    }
    const body = putRoundCalendarRequestSchema.parse(req.body);
    if (body.unitId !== auth.user.unitId) {
      throw new HttpError(403, 'out_of_scope', '只能设置本单位的走访轮次');
    }
    const rounds = [...body.rounds].sort(
      (a, b) => a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id),
    );
    const calendar = db.transaction(() =>
      writeCalendar(
        db,
        { unitId: auth.user.unitId, unitPath: auth.user.unitPath, year: body.year, rounds },
        auditActor(auth),
      ),
    )();
    res.json(putRoundCalendarReplySchema.parse({ calendar }));
  });

  // Coverage of one round in one unit: due / visited / overdue per child unit, and who is still to visit.
  router.get(
    '/coverage',
    requireRole(ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff),
    (req, res) => {
      const auth = authOf(res);
      const query = roundCoverageQuerySchema.parse(req.query);
      const unit = getUnit(db, query.unitId ?? auth.user.unitId);
      if (!unit) throw new HttpError(404, 'unit_not_found', '没有这个单位');
      assertInScope(auth, unit.path);
      const round = findRound(db, unit.path, query.roundId, Number(today().slice(0, 4)));
      if (!round) throw new HttpError(404, 'round_not_found', '没有这个走访轮次');
      const now = today();
      const rowOf = (id: string, name: string, path: string): RoundCoverageRow => {
        const counts = coverageCounts(db, path, round);
        return { unitId: id, unitName: name, ...counts, overdue: overdueOf(round, now, counts) };
      };
      const total = rowOf(unit.id, unit.name, unit.path);
      res.json(
        roundCoverageReplySchema.parse({
          round,
          today: now,
          unit: { id: unit.id, name: unit.name },
          total,
          units: listChildren(db, unit.id).map((child) => rowOf(child.id, child.name, child.path)),
          notVisited: notVisited(db, unit.path, round, NOT_VISITED_LIMIT),
          notVisitedTotal: total.due - total.visited,
        }),
      );
    },
  );

  return router;
}

/** After the round has ended, every due household not visited in it is overdue. */
function overdueOf(round: DueRound, today: string, counts: { due: number; visited: number }): number {
  return today > round.endDate ? counts.due - counts.visited : 0;
}
