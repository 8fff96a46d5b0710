import type { Db } from '../db/database';
import { SYSTEM_ACTOR } from '../audit/audit';
import { verifyPassword } from '../auth/passwords';
import { countUsers, createUser, getUserByUsername } from '../auth/users';
import { createUnit, getUnit } from '../org/units';
import type { UserAccount } from '../../shared/users';
import { countySettingRows, writeCountySetting } from '../monitoring/county-settings';
import { DEMO_ACCOUNTS, DEMO_DIBAO_STANDARDS, DEMO_PASSWORD, DEMO_UNITS } from './demo-data';

const SEED_ACTOR = SYSTEM_ACTOR;

export interface SeedOptions {
  /**
   * Whether the demo accounts must choose their own password at their first login. Defaults to true, as
   * `npm start` runs: the demo password is published in the README. Test fixtures pass false so that every
   * test can sign in with the demo password and go straight to work (DEMO_PASSWORDS_MUST_CHANGE=0 for the
   * built server).
   */
  demoPasswordsMustChange?: boolean;
}

/**
 * Creates the demo organisation and accounts through the same services the administration API uses.
 * Units already present are kept (so a seed interrupted after the units can be completed); accounts go
 * through `createUser`, hashed concurrently to keep the first start quick.
 */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<UserAccount[]> {
  db.transaction(() => {
    for (const unit of DEMO_UNITS) if (!getUnit(db, unit.id)) createUnit(db, unit, SEED_ACTOR);
    for (const { countyId, monthlyFen, effectiveFrom } of DEMO_DIBAO_STANDARDS) {
      if (countySettingRows(db, countyId).some((row) => row.key === 'dibaoMonthlyFen')) continue;
      writeCountySetting(
        db,
        { countyId, key: 'dibaoMonthlyFen', value: monthlyFen, effectiveFrom },
        { id: null, displayName: '系统（演示数据）' },
        new Date().toISOString(),
      );
    }
  })();
  const created = await Promise.all(
    DEMO_ACCOUNTS.map((account) =>
      createUser(db, { ...account, password: DEMO_PASSWORD }, SEED_ACTOR, null, {
        mustChangePassword: options.demoPasswordsMustChange ?? true,
        checkPasswordPolicy: false,
      }),
    ),
  );
  return created.map((c) => c.user);
}

export type StartupSeed =
  { kind: 'seeded'; accounts: UserAccount[] } | { kind: 'existing'; accounts: UserAccount[] };

/**
 * Seeds on the first start only, i.e. while the database has no user at all. On later starts it returns
 * the demo accounts that are still active and still have the demo password, so the reminder printed at
 * start never shows a password that no longer works. Unless told otherwise, such an account (e.g. seeded
 * before passwords had to be changed) is marked to choose its own password at its next login.
 */
export async function seedOnFirstStart(db: Db, options: SeedOptions = {}): Promise<StartupSeed> {
  if (countUsers(db) === 0) return { kind: 'seeded', accounts: await seedDemo(db, options) };
  const candidates = DEMO_ACCOUNTS.flatMap((account) => {
    const row = db
      .prepare('SELECT password_hash FROM users WHERE username = ? AND active = 1')
      .get(account.username) as { password_hash: string } | undefined;
    return row ? [{ username: account.username, hash: row.password_hash }] : [];
  });
  const checked = await Promise.all(
    candidates.map(async ({ username, hash }) =>
      (await verifyPassword(DEMO_PASSWORD, hash)) ? username : null,
    ),
  );
  const stillDemo = checked.filter((username): username is string => username !== null);
  if (options.demoPasswordsMustChange ?? true) {
    const mark = db.prepare('UPDATE users SET must_change_password = 1 WHERE username = ?');
    db.transaction(() => stillDemo.forEach((username) => mark.run(username)))();
  }
  const accounts = stillDemo.flatMap((username) => {
    const user = getUserByUsername(db, username);
    return user ? [user] : [];
  });
  return { kind: 'existing', accounts };
}
