import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import { appendAudit, type AuditActor } from '../audit/audit';
import { HttpError } from '../http/errors';
import { getUnit } from '../org/units';
import { generateOneTimePassword, hashOneTimePassword } from './passwords';
import { getUser, insertUser, isUniqueViolation } from './users';
import { parseAccountCsv, type AccountCsvRow } from '../../shared/account-csv';
import type { AccountImportPreview, AccountImportReply, AccountImportRow } from '../../shared/accounts';
import { isWithinScope } from '../../shared/org';
import { roleSchema } from '../../shared/role-schema';
import { roleFitsUnitLevel, roleUnitMismatchMessage } from '../../shared/users';

/**
 * Many accounts from one CSV (e.g. 200 grid workers): a preview that judges every row (nothing written),
 * then an apply that creates all of them in one transaction or none, each with a one-time password.
 * The file holds at most ACCOUNT_CSV_MAX_ROWS rows, so the transaction stays short.
 */

/** Usernames of `names` already taken (case-insensitive, as the column's collation). */
function takenUsernames(db: Db, names: readonly string[]): Set<string> {
  const taken = new Set<string>();
  const CHUNK = 500;
  for (let i = 0; i < names.length; i += CHUNK) {
    const chunk = names.slice(i, i + CHUNK);
    const rows = db
      .prepare(`SELECT username FROM users WHERE username IN (${chunk.map(() => '?').join(',')})`)
      .pluck()
      .all(...chunk) as string[];
    for (const name of rows) taken.add(name.toLowerCase());
  }
  return taken;
}

/** Adds what only the database knows to each row's own problems: unit, scope, level, free username. */
function judgeRows(db: Db, rows: readonly AccountCsvRow[], scope: string): AccountImportRow[] {
  const taken = takenUsernames(
    db,
    rows.map((row) => row.username).filter((name) => name !== ''),
  );
  return rows.map((row) => {
    const problems = [...row.problems];
    const unit = row.unitId === '' ? null : getUnit(db, row.unitId);
    if (row.unitId !== '' && !unit) problems.push(`单位编码“${row.unitId}”不存在`);
    else if (unit && !isWithinScope(unit.path, scope)) problems.push(`单位“${unit.name}”不在您的管理范围内`);
    else if (unit && row.role && !roleFitsUnitLevel(row.role, unit.level)) {
      problems.push(roleUnitMismatchMessage(row.role, unit.level));
    }
    if (row.username !== '' && taken.has(row.username.toLowerCase())) {
      problems.push(`用户名“${row.username}”已被使用`);
    }
    return {
      line: row.line,
      username: row.username,
      displayName: row.displayName,
      role: row.role ?? row.roleText,
      unitId: row.unitId,
      unitName: unit?.name ?? null,
      problems,
    };
  });
}

export function previewAccountImport(db: Db, csv: string, scope: string): AccountImportPreview {
  const parsed = parseAccountCsv(csv);
  const rows = judgeRows(db, parsed.rows, scope);
  const ready =
    parsed.fileErrors.length === 0 && rows.length > 0 && rows.every((r) => r.problems.length === 0);
  return { rows, fileErrors: parsed.fileErrors, ready };
}

/** Hashes with at most `limit` scrypt runs at once, so an import leaves the thread pool to other requests. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function notReady(preview: AccountImportPreview): HttpError {
  const bad = preview.rows.filter((r) => r.problems.length > 0);
  const first =
    preview.fileErrors[0] ??
    (bad[0] ? `第 ${bad[0].line} 行：${bad[0].problems.join('；')}` : '文件中没有账号');
  const count = bad.length > 0 ? `有 ${bad.length} 行有问题，` : '';
  return new HttpError(400, 'import_not_ready', `${count}未创建任何账号。${first}`, preview);
}

/** Creates every account of the file, or none (400 `import_not_ready` with the preview as details). */
export async function applyAccountImport(
  db: Db,
  csv: string,
  actor: AuditActor,
  scope: string,
): Promise<AccountImportReply> {
  const first = previewAccountImport(db, csv, scope);
  if (!first.ready) throw notReady(first);
  const prepared = await mapLimited(first.rows, 2, async (row) => {
    const oneTimePassword = generateOneTimePassword();
    return {
      row,
      id: randomUUID(),
      oneTimePassword,
      passwordHash: await hashOneTimePassword(oneTimePassword),
    };
  });
  try {
    return db.transaction((): AccountImportReply => {
      // Judged again inside the transaction: an account may have been created while hashing.
      const again = previewAccountImport(db, csv, scope);
      if (!again.ready) throw notReady(again);
      const created = prepared.map(({ row, id, oneTimePassword, passwordHash }) => {
        insertUser(
          db,
          {
            id,
            username: row.username,
            displayName: row.displayName,
            role: roleSchema.parse(row.role),
            unitId: row.unitId,
            passwordHash,
          },
          actor,
          { mustChangePassword: true, oneTimePasswordIssued: true, importLine: row.line },
        );
        const user = getUser(db, id);
        if (!user) throw new Error(`user ${id} vanished after insert`);
        return { line: row.line, user, oneTimePassword };
      });
      appendAudit(db, {
        ...actor,
        action: 'user.import',
        entityType: 'user',
        detail: { count: created.length, usernames: created.map((c) => c.user.username) },
      });
      return { created };
    })();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new HttpError(409, 'username_taken', '导入期间有用户名被占用，请重新预览后再导入');
    throw err;
  }
}
