import type { Db } from '../db/database';
import type { StoredRecord } from '../sync/store';
import { countyOfPath } from '../monitoring/county-settings';
import { defaultFundKind, fundKindSchema } from '../../shared/funds/kinds';
import type { CaseEvent, CaseState } from '../../shared/loop';
import { bookDisbursement } from './fund-store';

/**
 * Books an accepted `disburse` step to its project kind (the one chosen on the form, else the default of
 * the plan's measures). Called by the case command service in the step's transaction.
 */
export function bookDisbursementStep(
  db: Db,
  input: { state: CaseState | null; event: CaseEvent; eventRecord: StoredRecord; household: StoredRecord },
): void {
  if (input.event.command !== 'disburse') return;
  const payload = input.event.payload as {
    amountFen: number;
    paidOn: string;
    bankCardLast4?: string;
    note?: string;
    fundKind?: unknown;
  };
  const chosen = fundKindSchema.safeParse(payload.fundKind);
  bookDisbursement(db, {
    eventId: input.eventRecord.id,
    householdId: input.household.id,
    countyId: countyOfPath(db, input.household.unitPath),
    unitPath: input.household.unitPath,
    paidOn: payload.paidOn,
    amountFen: payload.amountFen,
    kind: chosen.success ? chosen.data : defaultFundKind(input.state?.planMeasures ?? []),
    bankCardLast4: payload.bankCardLast4 ?? null,
    note: payload.note ?? '',
    actorName: typeof input.eventRecord.data.actorName === 'string' ? input.eventRecord.data.actorName : null,
    recordedAt: input.event.at,
  });
}
