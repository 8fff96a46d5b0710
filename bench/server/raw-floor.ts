import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RecordChange } from '../../shared/sync/changes';
import { stopwatch } from '../lib/measure';
import { finishRun, pushBatches, type PushRun } from './seed';

/**
 * The SQLite floor of the server's push: the rows a push of new records writes (the write-log row that
 * takes the rev, the record, the stored answer for replays, the audit entry with the changed fields),
 * inserted with prepared statements in the same batches, one transaction each, on a copy of the server's
 * database with its indexes and pragmas. No request, no checks, no merge, no hashing: what the push
 * service cannot beat while it writes these rows.
 */
export function rawServerFloor(dataDir: string, changes: readonly RecordChange[]): PushRun {
  const source = path.join(dataDir, 'bangfu.sqlite');
  const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-bench-raw-'));
  const copy = path.join(copyDir, 'bangfu.sqlite');
  {
    const db = new Database(source);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  fs.copyFileSync(source, copy);
  const db = new Database(copy);
  try {
    // The pragmas of sync-server/db/database.ts.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    db.pragma('wal_autocheckpoint = 16384');
    const unit = db.prepare('SELECT path FROM units WHERE id = ?');
    const write = db.prepare('INSERT INTO sync_writes (record_id, device_id, at) VALUES (?, ?, ?)');
    const record = db.prepare(
      `INSERT INTO sync_records (id, type, unit_id, unit_path, household_id, data, rev, deleted, created_by,
         updated_by, created_at, updated_at, last_device_id, other_rev)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 0)`,
    );
    const answer = db.prepare(
      `INSERT INTO sync_changes (change_id, user_id, device_id, content_hash, record_id, status, result, created_at)
       VALUES (?, ?, ?, ?, ?, 'applied', ?, ?)`,
    );
    const audit = db.prepare(
      `INSERT INTO audit_log (at, user_id, role, unit_id, action, entity_type, entity_id, case_id, detail)
       VALUES (?, 'bench', 'grid_worker', ?, 'record.create', ?, ?, ?, ?)`,
    );
    const device = 'raw-floor';
    const hash = '0'.repeat(64);
    const batches = pushBatches([...changes]);
    const batchMs: number[] = [];
    const watch = stopwatch();
    for (const batch of batches) {
      const t0 = performance.now();
      db.transaction(() => {
        for (const change of batch) {
          const now = new Date().toISOString();
          const data = Object.fromEntries(Object.entries(change.fields).map(([key, edit]) => [key, edit.to]));
          const householdId = typeof data.householdId === 'string' ? data.householdId : null;
          const unitPath = (unit.get(change.unitId) as { path: string }).path;
          const rev = Number(write.run(change.id, device, now).lastInsertRowid);
          record.run(
            change.id,
            change.type,
            change.unitId,
            unitPath,
            householdId,
            JSON.stringify(data),
            rev,
            'bench',
            'bench',
            now,
            now,
            device,
          );
          answer.run(
            change.changeId,
            'bench',
            device,
            hash,
            change.id,
            JSON.stringify({ changeId: change.changeId, status: 'applied', rev }),
            now,
          );
          audit.run(
            now,
            change.unitId,
            change.type,
            change.id,
            householdId,
            JSON.stringify({ changes: change.fields, rev, deviceId: device, changeId: change.changeId }),
          );
        }
      })();
      batchMs.push(performance.now() - t0);
    }
    return finishRun(changes.length, batchMs, watch);
  } finally {
    db.close();
    fs.rmSync(copyDir, { recursive: true, force: true });
  }
}
