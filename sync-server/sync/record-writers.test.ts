import Database from 'better-sqlite3';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../db/database';
import { foundation } from '../db/migrations/20261125-0001-foundation';
import { sync } from '../db/migrations/20261125-0002-sync';
import { changedByOthersSince, withBatchCache, writeRecord } from './store';

// A delete is a conflict when someone other than the deleting device wrote the record after the rev the
// tablet saw. The server answers that from two columns kept on the record; the write log still holds
// every write, so the answer can be checked against the log itself for any history of writes.

const DEVICES = ['device-a', 'device-b', null] as const;
const ASKERS = ['device-a', 'device-b', 'device-c', null] as const;
const RECORDS = ['rec-1', 'rec-2'] as const;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-writers-'));
  dirs.push(dir);
  return dir;
}

function addUnit(db: Db): void {
  db.prepare(
    `INSERT INTO units (id, parent_id, level, name, path) VALUES ('u1', NULL, 'city', '测试', 'u1')`,
  ).run();
}

/** What the write log says: whether someone other than `deviceId` wrote after `baseRev`. */
function fromWriteLog(db: Db, recordId: string, baseRev: number, deviceId: string | null): boolean {
  const row = db
    .prepare(
      `SELECT 1 FROM sync_writes WHERE record_id = ? AND rev > ? AND (device_id IS NULL OR device_id IS NOT ?)`,
    )
    .get(recordId, baseRev, deviceId);
  return row !== undefined;
}

function expectSameAnswers(db: Db): void {
  const maxRev = (db.prepare('SELECT max(rev) AS n FROM sync_writes').get() as { n: number | null }).n ?? 0;
  for (const recordId of RECORDS) {
    for (let baseRev = 0; baseRev <= maxRev; baseRev++) {
      for (const asker of ASKERS) {
        expect(
          changedByOthersSince(db, recordId, baseRev, asker),
          `${recordId} after ${baseRev} for ${asker}`,
        ).toBe(fromWriteLog(db, recordId, baseRev, asker));
      }
    }
  }
}

const writes = fc.array(
  fc.record({ record: fc.constantFrom(...RECORDS), device: fc.constantFrom(...DEVICES) }),
  {
    minLength: 1,
    maxLength: 12,
  },
);

describe('who else wrote a record since a rev', () => {
  it('answers as the write log does, whatever the order of writers', () => {
    const db = openDatabase(tempDir());
    addUnit(db);
    try {
      fc.assert(
        fc.property(writes, (history) => {
          db.exec('SAVEPOINT history');
          try {
            withBatchCache(db, () => {
              for (const write of history) {
                writeRecord(db, {
                  id: write.record,
                  type: 'household',
                  unitId: 'u1',
                  householdId: write.record,
                  data: {},
                  deleted: false,
                  userId: null,
                  deviceId: write.device,
                });
              }
            });
            expectSameAnswers(db);
          } finally {
            db.exec('ROLLBACK TO history');
            db.exec('RELEASE history');
          }
        }),
        { numRuns: 150 },
      );
    } finally {
      db.close();
    }
  });

  it('fills the columns from the write log when a database written before them is migrated', () => {
    fc.assert(
      fc.property(writes, (history) => {
        const file = path.join(tempDir(), 'old.sqlite');
        const old = new Database(file);
        // The schema as it stood before the columns existed, written the way the server wrote it then.
        old.exec(`CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
        for (const migration of [foundation, sync]) {
          old.exec(migration.sql);
          old
            .prepare('INSERT INTO schema_migrations VALUES (?, ?)')
            .run(migration.id, '2026-11-25T00:00:00.000Z');
        }
        addUnit(old);
        for (const write of history) {
          const rev = Number(
            old
              .prepare(`INSERT INTO sync_writes (record_id, device_id, at) VALUES (?, ?, 'x')`)
              .run(write.record, write.device).lastInsertRowid,
          );
          old
            .prepare(
              `INSERT INTO sync_records (id, type, unit_id, unit_path, household_id, data, rev, deleted, created_at, updated_at)
               VALUES (?, 'household', 'u1', 'u1', ?, '{}', ?, 0, 'x', 'x')
               ON CONFLICT(id) DO UPDATE SET rev = excluded.rev`,
            )
            .run(write.record, write.record, rev);
        }
        expect(migrate(old).slice(0, 2)).toEqual([
          '20261125-0003-record-writers',
          '20261125-0004-answered-device',
        ]);
        try {
          expectSameAnswers(old);
        } finally {
          old.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
