import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  edit,
  newHousehold,
  pullAll,
  push,
  call,
  startSyncTestServer,
  type SyncTestServer,
} from './sync-fixtures';

/**
 * Each role gets the fields its work needs (field notes: full bank-card numbers reached every screen's
 * API): the grid worker who keeps the file reads the card number in full; township, county and city staff
 * get it masked in pulls, push answers, case pages and the audit.
 */

const GRID = '341602001001';
const CARD = '6222021234567890123';

let server: SyncTestServer;
let householdId: string;
beforeAll(async () => {
  server = await startSyncTestServer();
  const household = newHousehold(GRID, { bankCardNumber: CARD });
  householdId = household.id;
  const reply = await push(server, server.accounts.grid.token, randomUUID(), [household]);
  expect(reply.body.results[0]?.status).toBe('applied');
  // The full number reached the grid worker's own answer.
  expect(reply.body.results[0]?.record?.data.bankCardNumber).toBe(CARD);
});
afterAll(() => server.close());

const masked = '**** **** **** 0123';

describe('bank-card numbers by role', () => {
  it('pulls the full number for the grid worker and a masked one for office staff', async () => {
    const grid = await pullAll(server, server.accounts.grid.token);
    expect(grid.records.find((r) => r.id === householdId)?.data.bankCardNumber).toBe(CARD);
    for (const who of ['township', 'county', 'city'] as const) {
      const pulled = await pullAll(server, server.accounts[who].token);
      expect(pulled.records.find((r) => r.id === householdId)?.data.bankCardNumber).toBe(masked);
      expect(JSON.stringify(pulled.records)).not.toContain(CARD);
    }
  });

  it('answers a township push, the case page and the audit with the number masked', async () => {
    const reply = await push(server, server.accounts.township.token, randomUUID(), [
      edit('household', householdId, GRID, { address: [null, '新地址'] }, 1),
    ]);
    expect(reply.body.results[0]?.status).toBe('applied');
    expect(reply.body.results[0]?.record?.data.bankCardNumber).toBe(masked);
    const detail = await call(server.url, server.accounts.county.token, 'GET', `/api/cases/${householdId}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).not.toContain(CARD);
    expect(JSON.stringify(detail.body)).toContain(masked);
    const audit = await call(
      server.url,
      server.accounts.county.token,
      'GET',
      `/api/cases/${householdId}/audit`,
    );
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).not.toContain(CARD);
    expect(JSON.stringify(audit.body)).toContain(masked);
    // The stored record still holds the number the worker typed.
    const stored = server.db.prepare('SELECT data FROM sync_records WHERE id = ?').get(householdId) as {
      data: string;
    };
    expect(JSON.parse(stored.data).bankCardNumber).toBe(CARD);
  });
});
