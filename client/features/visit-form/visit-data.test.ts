import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { validateDraft } from '../../../shared/domain/records';
import { db } from '../../db/database';
import type { OutboxRow } from '../../db/types';
import { createHouseholdOnTheSpot, startNewVisit } from '../households/household-actions';
import {
  addMember,
  finaliseVisit,
  householdMembers,
  householdVisits,
  loadVisitForm,
  removeMember,
  submitStateOf,
} from './visit-data';

const UNIT = '341602001001';
const TODAY = '2026-11-25';

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

async function outbox(): Promise<OutboxRow[]> {
  return db.outbox.orderBy('seq').toArray();
}

describe('adding a household on the spot', () => {
  it('registers it in the worker’s grid as found on a visit and opens its first visit', async () => {
    const { householdId, visitId } = await createHouseholdOnTheSpot({
      unitId: UNIT,
      headName: ' 张建国 ',
      visitorName: '刘网格',
      today: TODAY,
    });
    const household = await db.households.get(householdId);
    expect(household).toMatchObject({ unitId: UNIT, pending: 1, rev: null });
    expect(household?.data).toMatchObject({
      headName: '张建国',
      stage: 'entry',
      entryChannel: 'grassroots_found',
      category: 'unclassified',
      cycle: 1,
      unitId: UNIT,
    });
    expect(household?.searchTokens).toContain('张建国');
    expect(validateDraft('household', household?.data).ok).toBe(true);

    const form = await loadVisitForm(visitId);
    expect(form?.household?.id).toBe(householdId);
    expect(form?.visit.data).toMatchObject({
      householdId,
      status: 'draft',
      applicantKind: 'new',
      visitDate: TODAY,
    });
    expect(validateDraft('visit', form?.visit.data).ok).toBe(true);

    const changes = await outbox();
    expect(changes.map((c) => [c.kind, c.type, c.recordId])).toEqual([
      ['record', 'household', householdId],
      ['record', 'visit', visitId],
    ]);
  });

  it('opens a filed household’s next visit as an already-filed applicant', async () => {
    await db.households.put({
      id: 'h1',
      rev: 3,
      unitId: UNIT,
      deleted: 0,
      data: { headName: '李秀英', stage: 'managed' },
      updatedAt: '2026-11-01T00:00:00.000Z',
      pending: 0,
    });
    const visitId = await startNewVisit({
      householdId: 'h1',
      household: { headName: '李秀英', stage: 'managed' },
      unitId: UNIT,
      visitorName: '刘网格',
      today: TODAY,
    });
    expect((await db.visits.get(visitId))?.data.applicantKind).toBe('filed');
  });
});

describe('members and visits of a household', () => {
  it('keeps members in the order they were added and forgets a removed one', async () => {
    const { householdId } = await createHouseholdOnTheSpot({
      unitId: UNIT,
      headName: '张建国',
      visitorName: '刘网格',
      today: TODAY,
    });
    const first = await addMember(householdId, UNIT);
    const second = await addMember(householdId, UNIT);
    const third = await addMember(householdId, UNIT);
    expect((await householdMembers(householdId)).map((m) => m.id)).toEqual([first, second, third]);
    await removeMember(second);
    expect((await householdMembers(householdId)).map((m) => m.id)).toEqual([first, third]);
    // Never sent, so the removal leaves no trace in the outbox.
    expect((await outbox()).filter((c) => c.recordId === second)).toEqual([]);
  });

  it('lists visits latest first', async () => {
    const { householdId, visitId } = await createHouseholdOnTheSpot({
      unitId: UNIT,
      headName: '张建国',
      visitorName: '刘网格',
      today: '2026-03-10',
    });
    const later = await startNewVisit({
      householdId,
      household: {},
      unitId: UNIT,
      visitorName: '刘网格',
      today: TODAY,
    });
    expect((await householdVisits(householdId)).map((v) => v.id)).toEqual([later, visitId]);
  });
});

describe('finalising', () => {
  it('marks the visit final and queues its submission in one go', async () => {
    const { householdId, visitId } = await createHouseholdOnTheSpot({
      unitId: UNIT,
      headName: '张建国',
      visitorName: '刘网格',
      today: TODAY,
    });
    expect(await submitStateOf(householdId, visitId)).toEqual({ kind: 'none' });
    await finaliseVisit({
      target: { type: 'visit', id: visitId, unitId: UNIT, householdId },
      householdId,
      fields: { householdSize: 1, perCapitaMonthlyIncomeFen: 0 },
      submitPayload: { visitId, visitDate: TODAY, opinion: '属实' },
    });
    expect((await db.visits.get(visitId))?.data).toMatchObject({ status: 'final', householdSize: 1 });
    const command = (await outbox()).find((c) => c.kind === 'command');
    expect(command).toMatchObject({ type: 'submitVisit', recordId: householdId, payload: { visitId } });
    expect(await submitStateOf(householdId, visitId)).toEqual({ kind: 'pending' });
    expect(await submitStateOf(householdId, 'another-visit')).toEqual({ kind: 'none' });

    if (command) await db.outbox.put({ ...command, state: 'rejected', error: '授权书尚未签署' });
    expect(await submitStateOf(householdId, visitId)).toEqual({ kind: 'rejected', reason: '授权书尚未签署' });
  });
});
