import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../sync-server/db/database';
import { MIGRATIONS } from '../../sync-server/db/migrations';
import { countySettingRows, writeCountySetting } from '../../sync-server/monitoring/county-settings';

/**
 * A database from before county settings kept every write (migration 20261207-0010): its rows survive in
 * the order written, a correction no longer replaces the earlier row, and the demo counties get the 低保
 * standard that used to live in the code unless they already store one.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-settings-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ID = '20261207-0010-county-settings-history';
const before = MIGRATIONS.findIndex((m) => m.id === ID);

function oldDatabase(): Database.Database {
  const db = new Database(path.join(dir, 'old.sqlite'));
  db.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const migration of MIGRATIONS.slice(0, before)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.id, '2026-12-01T00:00:00Z');
  }
  const unit = db.prepare('INSERT INTO units (id, parent_id, level, name, path) VALUES (?, ?, ?, ?, ?)');
  unit.run('341600', null, 'city', '亳州市', '341600');
  unit.run('341602', '341600', 'county', '谯城区', '341600/341602');
  unit.run('341621', '341600', 'county', '涡阳县', '341600/341621');
  unit.run('341623', '341600', 'county', '利辛县', '341600/341623');
  const row = db.prepare(
    `INSERT INTO county_settings (county_id, key, value_json, effective_from, set_by, set_by_name, set_at)
     VALUES (?, ?, ?, ?, 'u', '王县总', ?)`,
  );
  row.run('341602', 'dibaoMonthlyFen', '86000', '2026-07-01', '2026-06-20T00:00:00Z');
  row.run('341602', 'visitOverdueMonths', '3', '2026-01-01', '2026-06-01T00:00:00Z');
  return db;
}

describe('migration 20261207-0010: county settings with every write', () => {
  it('keeps the rows in the order written, carries the demo standards over, and keeps corrections', () => {
    const db = oldDatabase();
    expect(migrate(db)[0]).toBe(ID);
    const rows = (county: string) =>
      countySettingRows(db, county).map((r) => [r.key, r.value, r.effectiveFrom, r.setByName]);
    // 谯城区 stored its own standard: nothing is added; the rows come in the order they were written.
    expect(rows('341602')).toEqual([
      ['visitOverdueMonths', 3, '2026-01-01', '王县总'],
      ['dibaoMonthlyFen', 86_000, '2026-07-01', '王县总'],
    ]);
    expect(rows('341621')).toEqual([['dibaoMonthlyFen', 80_000, '2026-01-01', '系统（原演示配置）']]);
    expect(rows('341623')).toEqual([]);

    writeCountySetting(
      db,
      { countyId: '341602', key: 'dibaoMonthlyFen', value: 87_000, effectiveFrom: '2026-07-01' },
      { id: null, displayName: '李市总' },
      '2026-12-01T00:00:00Z',
    );
    expect(rows('341602').filter(([key]) => key === 'dibaoMonthlyFen')).toEqual([
      ['dibaoMonthlyFen', 86_000, '2026-07-01', '王县总'],
      ['dibaoMonthlyFen', 87_000, '2026-07-01', '李市总'],
    ]);
    db.close();
  });
});
