import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { listingScope, unitMap } from '../cases/case-queries';
import { thisYear } from '../funds/service';
import {
  LEDGER_LABELS,
  LEDGER_ROLES,
  MAX_LEDGER_ROWS,
  disbursementsLedgerQuerySchema,
  fiveOnesLedgerQuerySchema,
  householdsLedgerQuerySchema,
  type LedgerKind,
} from '../../shared/ledgers/api';
import { householdsLedgerSheet } from './households-ledger';
import { disbursementsLedgerSheets } from './disbursements-ledger';
import { fiveOnesLedgerSheets } from './five-ones-ledger';
import { writeLedgerFile, type AnyLedgerSheet } from './xlsx-writer';

/**
 * Builds one ledger export: checks the role and the unit, counts the rows first (refusing more than
 * MAX_LEDGER_ROWS), writes the xlsx to a temporary file page by page (xlsx-writer.ts yields between pages),
 * and records the export in the audit log — who, which ledger, which filter, how many rows.
 */

/** Exports built at the same time; more wait for a retry instead of piling work on the server. */
const MAX_CONCURRENT_EXPORTS = 2;
let running = 0;

export interface LedgerFile {
  file: string;
  filename: string;
  rows: number;
}

interface Plan {
  count: number;
  sheets: AnyLedgerSheet[];
  filter: Record<string, unknown>;
  scopeName: string;
  year: number;
}

function plan(db: Db, user: SessionUser, kind: LedgerKind, query: unknown): Plan {
  const units = unitMap(db);
  const nameOf = (scopePath: string) => units.get(scopePath.split('/').at(-1) ?? '')?.name ?? '';
  switch (kind) {
    case 'households': {
      const q = householdsLedgerQuerySchema.parse(query);
      const scopePath = listingScope(db, user, q.unitId);
      const year = q.year ?? thisYear(db);
      const built = householdsLedgerSheet(
        db,
        user,
        {
          scopePath,
          ...(q.stage ? { stage: q.stage } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.q ? { q: q.q } : {}),
        },
        year,
      );
      return {
        count: built.count,
        sheets: [built.sheet],
        filter: { ...q, year },
        scopeName: nameOf(scopePath),
        year,
      };
    }
    case 'disbursements': {
      const q = disbursementsLedgerQuerySchema.parse(query);
      const scopePath = listingScope(db, user, q.unitId);
      const year = q.year ?? thisYear(db);
      const built = disbursementsLedgerSheets(db, user, {
        scopePath,
        year,
        ...(q.fundKind ? { kind: q.fundKind } : {}),
      });
      return {
        count: built.count,
        sheets: built.sheets,
        filter: { ...q, year },
        scopeName: nameOf(scopePath),
        year,
      };
    }
    case 'five-ones': {
      const q = fiveOnesLedgerQuerySchema.parse(query);
      const scopePath = listingScope(db, user, q.unitId);
      const year = q.year ?? thisYear(db);
      const built = fiveOnesLedgerSheets(db, { path: scopePath, name: nameOf(scopePath) }, year);
      return {
        count: built.count,
        sheets: built.sheets,
        filter: { ...q, year },
        scopeName: nameOf(scopePath),
        year,
      };
    }
  }
}

export async function exportLedger(
  db: Db,
  user: SessionUser,
  kind: LedgerKind,
  query: unknown,
): Promise<LedgerFile> {
  if (!LEDGER_ROLES[kind].includes(user.role)) {
    throw new HttpError(403, 'forbidden_role', `您的角色无权导出${LEDGER_LABELS[kind]}`);
  }
  const planned = plan(db, user, kind, query);
  if (planned.count > MAX_LEDGER_ROWS) {
    throw new HttpError(
      413,
      'ledger_too_large',
      `符合条件的记录有${planned.count}条，一次最多导出${MAX_LEDGER_ROWS}条，请按单位或环节缩小范围`,
    );
  }
  if (running >= MAX_CONCURRENT_EXPORTS) {
    throw new HttpError(429, 'export_busy', '正在生成其他台账，请稍后再试');
  }
  running += 1;
  const file = path.join(os.tmpdir(), `ledger-${randomUUID()}.xlsx`);
  try {
    const title = `${LEDGER_LABELS[kind]}（${planned.scopeName} ${planned.year}年）`;
    // The count above bounds the export; rows written since (new payments) may add a page at most.
    const counts = await writeLedgerFile(file, planned.sheets, { title, maxRows: MAX_LEDGER_ROWS + 1000 });
    const rows = counts.reduce((sum, n) => sum + n, 0);
    appendAudit(db, {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      action: 'ledger.export',
      entityType: 'ledger',
      entityId: kind,
      detail: {
        ledger: kind,
        ledgerLabel: LEDGER_LABELS[kind],
        filter: planned.filter,
        rows,
        sheets: Object.fromEntries(planned.sheets.map((sheet, i) => [sheet.name, counts[i] ?? 0])),
        idNumbers: user.role === 'county_staff' ? 'full' : 'masked',
      },
    });
    return { file, filename: `${LEDGER_LABELS[kind]}-${planned.scopeName}-${planned.year}.xlsx`, rows };
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  } finally {
    running -= 1;
  }
}
