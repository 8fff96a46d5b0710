import type { LoopStage } from '../../../shared/loop/stages';

/**
 * When a household is due a visit. The source plan asks for a visit to every filed household in March–April
 * and a file update again in September–October. Each window opens a half-year period that lasts until the
 * next window opens: 1 March – 31 August and 1 September – end of February. A household is due when it has
 * no final visit dated inside the current period (so a visit made in February does not count for the
 * spring round) and it has not left the loop.
 */
export const UPDATE_WINDOWS = [
  { startMonth: 3, endMonth: 4, label: '3—4月走访更新' },
  { startMonth: 9, endMonth: 10, label: '9—10月档案更新' },
] as const;

/** Stages whose households are no longer visited (list queries leave their keys out). */
export const STAGES_NEVER_DUE: readonly LoopStage[] = ['exited'];

function pad(month: number): string {
  return String(month).padStart(2, '0');
}

/** First day (`YYYY-MM-DD`) of the half-year visit period that contains `today` (`YYYY-MM-DD`). */
export function visitPeriodStart(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const [spring, autumn] = UPDATE_WINDOWS;
  if (month >= autumn.startMonth) return `${year}-${pad(autumn.startMonth)}-01`;
  if (month >= spring.startMonth) return `${year}-${pad(spring.startMonth)}-01`;
  return `${year - 1}-${pad(autumn.startMonth)}-01`;
}

/** The update window `today` falls in (for a hint on the list), or null between windows. */
export function currentUpdateWindow(today: string): (typeof UPDATE_WINDOWS)[number] | null {
  const month = Number(today.slice(5, 7));
  return UPDATE_WINDOWS.find((w) => month >= w.startMonth && month <= w.endMonth) ?? null;
}

/**
 * True when the household needs a visit in the current period: it is still in the loop and its latest
 * final visit (`YYYY-MM-DD`, null when it never had one) is older than the period's first day.
 */
export function isVisitDue(input: {
  stage: LoopStage | null | undefined;
  lastFinalVisitDate: string | null;
  today: string;
}): boolean {
  if (input.stage && STAGES_NEVER_DUE.includes(input.stage)) return false;
  if (input.lastFinalVisitDate === null) return true;
  return input.lastFinalVisitDate < visitPeriodStart(input.today);
}
