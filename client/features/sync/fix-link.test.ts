import { describe, expect, it } from 'vitest';
import type { RejectedChange } from '../../db/sync-review';
import type { LocalRecord, OutboxRow } from '../../db/types';
import { fixLinkOf } from './fix-link';

const household = { id: 'h1', data: {} } as unknown as LocalRecord;

function refused(row: Partial<OutboxRow>, latestVisitId: string | null = 'v9'): RejectedChange {
  const base = {
    seq: 1,
    changeId: 'c1',
    recordId: 'm1',
    unitId: 'g1',
    baseRev: 3,
    state: 'rejected',
    error: '数据不符合要求：出生日期与身份证号不一致',
    createdAt: '2026-12-07T08:00:00.000Z',
    kind: 'record',
    type: 'member',
    op: 'upsert',
    fields: { birthDate: { from: '1980-01-01', to: '1981-01-01' } },
  };
  return { row: { ...base, ...row } as OutboxRow, record: null, household, latestVisitId };
}

describe('where a refused change is fixed', () => {
  it('opens the latest visit form at the member field the server named', () => {
    expect(fixLinkOf(refused({ errorField: 'birthDate' }))).toEqual({
      to: '/visits/v9#member-m1-birthDate',
      anchor: 'member-m1-birthDate',
    });
  });
  it('falls back to the first field the change touched, and to the household page without a visit', () => {
    expect(fixLinkOf(refused({}))?.to).toBe('/visits/v9#member-m1-birthDate');
    expect(fixLinkOf(refused({}, null))).toEqual({ to: '/households/h1', anchor: null });
  });
  it('opens a refused visit itself, and the household page for a command', () => {
    const visit = refused({
      type: 'visit',
      recordId: 'v2',
      fields: { visitDate: { from: null, to: '2027-01-01' } },
    });
    expect(fixLinkOf(visit)?.to.startsWith('/visits/v2#')).toBe(true);
    const command = refused({ kind: 'command', type: 'submitVisit', recordId: 'h1' } as Partial<OutboxRow>);
    expect(fixLinkOf(command)).toEqual({ to: '/households/h1', anchor: null });
  });
});
