import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { newHousehold, push, startSyncTestServer } from './sync-fixtures';

const run = promisify(execFile);

describe('npm run identity:scan', () => {
  it('raises findings for duplicates already in the database, from the command line', async () => {
    const server = await startSyncTestServer();
    const dataDir = server.dataDir;
    const person = withCheckChar('34160219790203555');
    const first = newHousehold('341602001001', { headIdNumber: person });
    const second = newHousehold('341602001002', { headIdNumber: person });
    expect((await push(server, server.accounts.grid.token, randomUUID(), [first])).status).toBe(200);
    expect((await push(server, server.accounts.grid2.token, randomUUID(), [second])).status).toBe(200);
    // As if both had been filed before the check existed.
    server.db.prepare('DELETE FROM identity_findings').run();
    await server.running.close();
    const root = path.resolve(import.meta.dirname, '../..');
    const { stdout } = await run(
      path.join(root, 'node_modules/.bin/tsx'),
      ['sync-server/identity/scan-cli.ts'],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir },
      },
    );
    expect(stdout).toMatch(/扫描完成：\d+ 人，新发现 1 条疑似重复/);
    const db = new Database(path.join(dataDir, 'bangfu.sqlite'));
    const rows = db
      .prepare("SELECT kind, source, held_household_id FROM identity_findings WHERE status = 'open'")
      .all();
    expect(rows).toEqual([{ kind: 'same_id', source: 'scan', held_household_id: second.id }]);
    const audited = db.prepare("SELECT user_id FROM audit_log WHERE action = 'identity.scan'").all();
    expect(audited).toEqual([{ user_id: 'system:identity-scan' }]);
    db.close();
  }, 60_000);
});
