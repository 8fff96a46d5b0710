import type { Migration } from './index';

/**
 * Every register entry of a household, active or removed, by household: an automatic reason is added at
 * most once per occasion, whatever entry carried it before (monitoring-store.ts, `occasionSeen`), and that
 * check ran over the whole register (the only household index covers active entries). A push of finalised
 * visits asks it once per marginal income, so it grew with the register times the push. The register is a
 * small part of a county's households: building the index takes a moment even on a large database.
 */
export const registerHousehold: Migration = {
  id: '20261207-0015-register-household',
  sql: `CREATE INDEX monitoring_register_household ON monitoring_register(household_id);`,
};
