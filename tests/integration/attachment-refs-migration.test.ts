import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../sync-server/db/database';
import { MIGRATIONS } from '../../sync-server/db/migrations';

/**
 * A database from before file ownership (migration 20261207-0001): its existing references are found in
 * the records' JSON, and a record that named another county's file does not come to own it.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-refs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const before = MIGRATIONS.findIndex((m) => m.id === '20261207-0001-attachment-refs');

function oldDatabase(): Database.Database {
  const db = new Database(path.join(dir, 'old.sqlite'));
  db.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const migration of MIGRATIONS.slice(0, before)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.id, '2026-11-25T00:00:00Z');
  }
  const unit = db.prepare('INSERT INTO units (id, parent_id, level, name, path) VALUES (?, ?, ?, ?, ?)');
  unit.run('341600', null, 'city', '亳州市', '341600');
  unit.run('341602', '341600', 'county', '谯城区', '341600/341602');
  unit.run('341621', '341600', 'county', '涡阳县', '341600/341621');
  const user = db.prepare(
    `INSERT INTO users (id, username, display_name, role, unit_id, password_hash, created_at, updated_at)
     VALUES (?, ?, ?, 'grid_worker', ?, 'x', 'now', 'now')`,
  );
  user.run('u-a', 'a', '甲', '341602');
  user.run('u-b', 'b', '乙', '341621');
  const blob = db.prepare(
    "INSERT INTO attachment_blobs (sha256, size, created_by, created_at) VALUES (?, 10, ?, 'now')",
  );
  blob.run('a'.repeat(64), 'u-a');
  blob.run('b'.repeat(64), 'u-a');
  let rev = 0;
  const record = (id: string, type: string, unitPath: string, by: string, data: unknown) => {
    rev++;
    db.prepare("INSERT INTO sync_writes (rev, record_id, at) VALUES (?, ?, 'now')").run(rev, id);
    db.prepare(
      `INSERT INTO sync_records (id, type, unit_id, unit_path, household_id, data, rev, deleted, created_by,
         updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?, 0, ?, ?, 'now', 'now')`,
    ).run(id, type, unitPath.split('/').at(-1), unitPath, JSON.stringify(data), rev, by, by);
  };
  record('att-a', 'attachment', '341600/341602', 'u-a', { sha256: 'a'.repeat(64), mimeType: 'image/jpeg' });
  record('train-a', 'training', '341600/341602', 'u-a', {
    photoShas: ['b'.repeat(64)],
    attendees: [{ signatureSha: 'c'.repeat(64) }],
  });
  record('visit-a', 'visit', '341600/341602', 'u-a', {
    checklist: [{ itemId: 'x', ticked: true, attachmentShas: ['b'.repeat(64)] }],
    signatures: [{ attachmentSha: 'd'.repeat(64) }],
  });
  // County B's record naming county A's file before the rule.
  record('att-b', 'attachment', '341600/341621', 'u-b', { sha256: 'a'.repeat(64), mimeType: 'image/jpeg' });
  return db;
}

describe('migration 20261207-0001: file references of an existing database', () => {
  it('indexes every reference and gives ownership only where the file belongs', () => {
    const db = oldDatabase();
    const ran = migrate(db);
    expect(ran[0]).toBe('20261207-0001-attachment-refs');
    const refs = db
      .prepare('SELECT record_id, sha256, owned FROM attachment_refs ORDER BY record_id, sha256')
      .all() as { record_id: string; sha256: string; owned: number }[];
    expect(refs.map((r) => [r.record_id, r.sha256[0], r.owned])).toEqual([
      ['att-a', 'a', 1],
      ['att-b', 'a', 0],
      ['train-a', 'b', 1],
      ['train-a', 'c', 0],
      ['visit-a', 'b', 1],
      ['visit-a', 'd', 0],
    ]);
    const grants = db.prepare('SELECT sha256, user_id FROM attachment_grants ORDER BY sha256').all();
    expect(grants).toEqual([
      { sha256: 'a'.repeat(64), user_id: 'u-a' },
      { sha256: 'b'.repeat(64), user_id: 'u-a' },
    ]);
    db.close();
  });
});
