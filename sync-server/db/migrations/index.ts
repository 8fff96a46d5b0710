import { foundation } from './20261125-0001-foundation';
import { sync } from './20261125-0002-sync';
import { recordWriters } from './20261125-0003-record-writers';
import { answeredDevice } from './20261125-0004-answered-device';
import { attachmentRefs } from './20261207-0001-attachment-refs';
import { caseIndex } from './20261207-0002-case-index';
import { identity } from './20261207-0003-identity';
import { roundCalendar } from './20261207-0004-round-calendar';
import { monitoring } from './20261207-0005-monitoring';
import { monitoringRegisterScope } from './20261207-0006-monitoring-register-scope';
import { reminders } from './20261207-0014-reminders';
import { registerHousehold } from './20261207-0015-register-household';
import { derivedWork } from './20261208-0001-derived-work';
import { orgTree } from './20261207-0007-org-tree';
import { auditViews } from './20261207-0011-audit-views';
import { deviceRevocation } from './20261207-0009-device-revocation';
import { accounts } from './20261207-0008-accounts';
import { countySettingsHistory } from './20261207-0010-county-settings-history';
import { funds } from './20261207-0013-funds';
import { indicators } from './20261207-0012-indicators';

export interface Migration {
  /** Timestamped id; migrations run in this list's order and never twice. */
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  foundation,
  sync,
  recordWriters,
  answeredDevice,
  attachmentRefs,
  caseIndex,
  identity,
  roundCalendar,
  monitoring,
  monitoringRegisterScope,
  orgTree,
  accounts,
  deviceRevocation,
  countySettingsHistory,
  auditViews,
  indicators,
  funds,
  reminders,
  registerHousehold,
  derivedWork,
];
