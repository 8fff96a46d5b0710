/**
 * "Today" as seen in China (UTC+8, no daylight saving). Validators take today as a parameter so tests are
 * deterministic; callers that have no better source use this with the device clock.
 */
export function todayInChina(now: Date = new Date()): string {
  const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
