import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncedRecord } from '../../../shared/sync/protocol';
import { db } from '../../db/database';
import { setMeta } from '../../db/meta';
import { householdMonitoring, monitoredHouseholdIds } from '../../db/monitoring';
import { applyPulledPage } from '../../db/sync-pull';
import { dueHouseholds, dueNotVisitedIds, loadRoundDueList } from './round-due';

/**
 * The tablet's due list (docs/dynamic-management.md, "Visit rounds"): filed households and households on
 * the monitoring register — known offline from the server's `monitoringEntry` records — are due in every
 * round; leaving the register (a tombstone) makes a household that is not filed due no more.
 */

const UNIT = '341602001001';
const OWNER = 'u-grid';
// 20 March 2026: inside the default 在档走访 round (03-01 to 04-30).
const TODAY = '2026-03-20';
const SPRING = { id: '341600-2026-1', name: '在档走访', startDate: '2026-03-01', endDate: '2026-04-30' };

let rev = 0;
function record(partial: Partial<SyncedRecord> & Pick<SyncedRecord, 'type' | 'id'>): SyncedRecord {
  rev += 1;
  return { unitId: UNIT, rev, deleted: false, data: {}, updatedAt: '2026-03-01T00:00:00.000Z', ...partial };
}

function household(id: string, headName: string, stage: string): SyncedRecord {
  return record({ type: 'household', id, data: { headName, stage, category: 'deep' } });
}

function finalVisit(id: string, householdId: string, visitDate: string): SyncedRecord {
  return record({ type: 'visit', id, data: { householdId, visitDate, status: 'final' } });
}

function entry(id: string, householdId: string, reasons = [manualReason]): SyncedRecord {
  return record({
    type: 'monitoringEntry',
    id,
    data: { householdId, reasons, createdAt: '2026-03-02T01:00:00.000Z' },
  });
}

const manualReason = { reason: 'manual', label: '人工纳入', note: '家中突发变故', on: '2026-03-02' };
const marginalReason = { reason: 'marginal', label: '边缘易致困户', note: '', on: '2026-03-05' };

async function pulled(records: SyncedRecord[]): Promise<void> {
  await applyPulledPage(records, String(rev), OWNER);
}

async function dueList() {
  const list = await loadRoundDueList(TODAY);
  return {
    round: list.round?.name,
    open: list.open.map((e) => [e.household.data.headName, e.status, e.monitored]),
    done: list.done.map((e) => [e.household.data.headName, e.status, e.monitored]),
  };
}

beforeEach(async () => {
  rev = 0;
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: OWNER, username: 'grid', displayName: '刘网格' });
  await pulled([
    household('h-managed', '张建国', 'managed'),
    household('h-entry', '李秀英', 'entry'),
    household('h-review', '王小红', 'county_review'),
    household('h-exited', '赵四', 'exited'),
  ]);
});

describe('the due list with households on the monitoring register', () => {
  it('counts only filed households while nobody is monitored', async () => {
    expect(await dueList()).toEqual({
      round: '在档走访',
      open: [['张建国', 'due', false]],
      done: [],
    });
    expect(await dueNotVisitedIds(SPRING)).toEqual(new Set(['h-managed']));
  });

  it('makes a monitored household due at any stage, visited once it has a final visit in the round', async () => {
    await pulled([
      entry('m-entry', 'h-entry'),
      entry('m-review', 'h-review', [manualReason, marginalReason]),
      entry('m-managed', 'h-managed'),
      // The county's review visit of 王小红, inside the round: it counts as the round's visit.
      finalVisit('v-review', 'h-review', '2026-03-10'),
      // A register entry of a household this tablet does not hold is no household to visit.
      entry('m-elsewhere', 'h-not-here'),
    ]);
    expect(await monitoredHouseholdIds()).toEqual(
      new Set(['h-entry', 'h-review', 'h-managed', 'h-not-here']),
    );
    const due = await dueHouseholds();
    expect(due.ids).toEqual(['h-managed', 'h-entry', 'h-review']);
    expect(await dueList()).toEqual({
      round: '在档走访',
      // By the head's name (pinyin order).
      open: [
        ['李秀英', 'due', true],
        ['张建国', 'due', true],
      ],
      done: [['王小红', 'done', true]],
    });
    // 本期待走访 (the household list's filter) holds the same households.
    expect(await dueNotVisitedIds(SPRING)).toEqual(new Set(['h-managed', 'h-entry']));
    // The household page says why.
    expect((await householdMonitoring('h-review'))?.text).toBe(
      '监测中：人工纳入（家中突发变故）；边缘易致困户',
    );
    expect(await householdMonitoring('h-exited')).toBeNull();
  });

  it('drops a household that left the register (a tombstone), and one deleted on the tablet', async () => {
    await pulled([entry('m-entry', 'h-entry'), entry('m-exited', 'h-exited')]);
    expect(await dueNotVisitedIds(SPRING)).toEqual(new Set(['h-managed', 'h-entry', 'h-exited']));
    await pulled([
      record({ type: 'monitoringEntry', id: 'm-entry', deleted: true, data: {} }),
      record({ type: 'household', id: 'h-exited', deleted: true, data: {} }),
    ]);
    expect(await monitoredHouseholdIds()).toEqual(new Set(['h-exited']));
    expect(await householdMonitoring('h-entry')).toBeNull();
    expect(await dueNotVisitedIds(SPRING)).toEqual(new Set(['h-managed']));
    expect((await dueList()).open).toEqual([['张建国', 'due', false]]);
  });
});
