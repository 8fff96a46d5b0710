import type { Db } from '../db/database';
import { dibaoStandardAt, loopConfigAt } from '../monitoring/county-settings';
import { dibaoStandardText, type DibaoStandardUsed } from '../../shared/domain/classification';
import type { LoopConfig } from '../../shared/loop';
import { settingsDayOf } from '../../shared/monitoring';

/**
 * The county settings a closed-loop step runs under (docs/administration.md): the loop's local rules in
 * force on the step's relevant day — a notice's start date (working days, holidays, 调休), an exit's date
 * the worker was told (phase-out months), else today — and, for 分类认定, the 低保 standard in force today,
 * recorded in the step's payload so the timeline keeps the standard the classification used.
 */

function sameStandard(a: unknown, b: DibaoStandardUsed | null): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object') return false;
  const sent = a as Record<string, unknown>;
  return sent.monthlyFen === b.monthlyFen && sent.effectiveFrom === b.effectiveFrom;
}

export type CountyRules =
  { ok: true; loopConfig: LoopConfig; payload: unknown } | { ok: false; reason: string };

export function countyRulesFor(
  db: Db,
  input: { command: string; payload: unknown; unitPath: string; today: string; base: LoopConfig },
): CountyRules {
  const { command, payload, unitPath, today } = input;
  const loopConfig = loopConfigAt(db, unitPath, settingsDayOf(command, payload, today), input.base);
  if (command !== 'classify' || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: true, loopConfig, payload };
  }
  const standard = dibaoStandardAt(db, unitPath, today);
  const sent = (payload as Record<string, unknown>).dibaoStandard;
  if (sent !== undefined && !sameStandard(sent, standard)) {
    return {
      ok: false,
      reason: `当地低保标准已调整（现${dibaoStandardText(standard)}），请刷新页面按现行标准重新认定`,
    };
  }
  return { ok: true, loopConfig, payload: { ...payload, dibaoStandard: standard } };
}
