import { ROLES, type Role } from '../../shared/roles';
import { registerRecordGuard, type RecordGuard } from '../sync/hooks';

/** Who plans visit rounds (入户走访轮次): the township and county unions; grid workers only carry them out. */
const ROUND_PLANNERS: readonly Role[] = [ROLES.townshipStaff, ROLES.countyStaff];

export const visitRoundGuard: RecordGuard = ({ actor, type }) => {
  if (type !== 'visitRound' || ROUND_PLANNERS.includes(actor.role)) return null;
  return {
    code: 'forbidden_role',
    message: '走访轮次只能由乡镇（街道）工会或县总帮扶中心安排，平板上的修改未被接受',
    details: { reason: 'visit_round_planners_only' },
  };
};

let installed = false;

/** Installs the five-ones sync rules once per process (the guard itself is stateless). */
export function installFiveOnesSyncGuards(): void {
  if (installed) return;
  registerRecordGuard(visitRoundGuard);
  installed = true;
}
