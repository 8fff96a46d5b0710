import type { Migration } from './index';

/**
 * Households on the monitoring register are due in every visit round (docs/dynamic-management.md,
 * "Visit rounds"). Coverage (sync-server/rounds/round-store.ts) finds the ones in a unit that are on the
 * register now through this partial index — the active entries by unit, with their household, so the
 * scope's range is read from the index alone and each household is then looked up in `case_index` by key.
 * Removed entries, which stay in the table as history, are not in it.
 */
export const monitoringRegisterScope: Migration = {
  id: '20261207-0006-monitoring-register-scope',
  sql: `
CREATE INDEX monitoring_register_active_scope ON monitoring_register(unit_path, household_id)
  WHERE removed_at IS NULL;
`,
};
