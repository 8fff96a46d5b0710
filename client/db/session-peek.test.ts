import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { BangfuDatabase } from './database';
import { peekSession } from './session-peek';
import type { SessionRow } from './types';

const names: string[] = [];
function databaseName(): string {
  const name = `peek-${names.length}-${Math.random().toString(36).slice(2)}`;
  names.push(name);
  return name;
}

afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => Dexie.delete(name)));
});

const SESSION: SessionRow = {
  key: 'current',
  token: 'tok',
  expiresAt: '2026-12-09T00:00:00.000Z',
  user: {
    id: 'u-grid',
    username: 'grid',
    displayName: '刘网格',
    role: 'grid_worker',
    unitId: '341602001001',
    unitName: '网格',
  } as SessionRow['user'],
  deviceId: 'dev-1',
  pin: { salt: 'c2FsdA==', hash: 'aGFzaA==', iterations: 1 } as unknown as SessionRow['pin'],
  pinFailures: 1,
  createdAt: '2026-12-08T00:00:00.000Z',
};

describe('peekSession (the first screen reads the session without Dexie)', () => {
  it('answers "no session" on a new device and leaves no database behind for Dexie to find', async () => {
    const name = databaseName();
    expect(await peekSession(name)).toBeUndefined();
    expect(await Dexie.exists(name)).toBe(false);
    // Dexie then creates the database with its whole schema.
    const db = new BangfuDatabase(name);
    await db.session.put(SESSION);
    expect(db.tables.length).toBeGreaterThan(10);
    db.close();
  });

  it('reads the row Dexie stored, and an empty table as no session', async () => {
    const name = databaseName();
    const db = new BangfuDatabase(name);
    await db.open();
    expect(await peekSession(name)).toBeUndefined();
    await db.session.put(SESSION);
    expect(await peekSession(name)).toEqual(SESSION);
    db.close();
  });

  it('closes its connection, so Dexie can still delete or upgrade the database', async () => {
    const name = databaseName();
    const db = new BangfuDatabase(name);
    await db.session.put(SESSION);
    db.close();
    await peekSession(name);
    const upgraded = new Dexie(name);
    upgraded.version(db.verno + 1).stores({ session: 'key', extra: 'id' });
    await upgraded.open();
    expect(upgraded.verno).toBe(db.verno + 1);
    upgraded.close();
  });
});
