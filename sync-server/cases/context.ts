import type { Db } from '../db/database';
import { DEFAULT_LOOP_CONFIG, type LoopConfig } from '../../shared/loop';

/**
 * What the closed-loop rules need besides the database: the clock ("today" decides notice periods and
 * phase-outs) and the county's loop configuration. Kept per database, because several servers can run in
 * one process (integration tests) and the sync command hook is process-wide: the hook finds each server's
 * settings through the database it is handed.
 */
export type CaseClock = () => Date;

export interface CaseSettings {
  clock: CaseClock;
  loopConfig: LoopConfig;
}

const settingsByDb = new WeakMap<Db, CaseSettings>();

/**
 * The clock from the environment: `BANGFU_NOW=<ISO timestamp>` starts the case clock at that instant when
 * the server starts and lets it run on from there (demos and browser tests that need a notice period to
 * have passed). Unset or unparsable: the real clock.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv, realNow: () => number = Date.now): CaseClock {
  const fixed = env.BANGFU_NOW ? Date.parse(env.BANGFU_NOW) : NaN;
  if (Number.isNaN(fixed)) return () => new Date(realNow());
  const offset = fixed - realNow();
  return () => new Date(realNow() + offset);
}

/** Sets up a server's case settings once (at app start); later calls keep what is there. */
export function initCaseSettings(db: Db, settings: CaseSettings): void {
  if (!settingsByDb.has(db)) settingsByDb.set(db, settings);
}

/**
 * Test and demo hook: replaces the case clock (and optionally the loop configuration) of the server that
 * uses `db`. Integration tests call it with `running.db` to move "today" past a notice period.
 */
export function setCaseClock(db: Db, clock: CaseClock, loopConfig?: LoopConfig): void {
  const current = caseSettings(db);
  settingsByDb.set(db, { clock, loopConfig: loopConfig ?? current.loopConfig });
}

export function caseSettings(db: Db): CaseSettings {
  return (
    settingsByDb.get(db) ?? {
      clock: () => new Date(),
      loopConfig: DEFAULT_LOOP_CONFIG,
    }
  );
}
