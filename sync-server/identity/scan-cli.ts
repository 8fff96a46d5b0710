import path from 'node:path';
import { openDatabase } from '../db/database';
import { ROLES } from '../../shared/roles';
import { scanForDuplicates } from './scan';

/**
 * `npm run identity:scan` — the one-off scan for duplicates already in the database (docs/identity.md),
 * from the command line: for an operator after importing old files, or on a schedule. Opens the database
 * in `DATA_DIR` (default `./data`) beside a running server (SQLite WAL lets both write; each scan batch is
 * one short transaction) and prints the counts. Audited as the system (`identity.scan`, no user).
 */
const rootUnit = (dataDir: string) => {
  const db = openDatabase(dataDir);
  const row = db
    .prepare('SELECT id, name, level, path FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1')
    .get() as { id: string; name: string; level: string; path: string } | undefined;
  return { db, row };
};

const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const { db, row } = rootUnit(dataDir);
if (!row) {
  console.error(`error: no organisation in ${dataDir} — 数据库中没有组织单位，请先启动一次服务器`);
  process.exit(1);
}
try {
  const reply = await scanForDuplicates(db, {
    id: 'system:identity-scan',
    username: 'system',
    displayName: '系统（命令行扫描）',
    role: ROLES.cityStaff,
    unitId: row.id,
    unitName: row.name,
    unitLevel: row.level,
    unitPath: row.path,
  });
  console.log(
    `扫描完成：${reply.scannedPeople} 人，新发现 ${reply.newFindings} 条疑似重复，待核实共 ${reply.openFindings} 条（${reply.seconds} 秒）`,
  );
} finally {
  db.close();
}
