import type { Db } from '../db/database';
import type { AuditActor } from '../audit/audit';
import { appendAudit } from '../audit/audit';
import { stmt } from '../sync/statements';
import { createManagedUnit, updateManagedUnit, CHILD_LEVELS } from './units';
import { isWithinScope, UNIT_LEVEL_LABELS, type UnitLevel } from '../../shared/org';
import { checkUnitCode } from '../../shared/org/codes';
import type { UnitImportReply, UnitImportRow } from '../../shared/org/api';
import { parseUnitCsv, type UnitCsvRow } from '../../shared/org/unit-csv';
import { checkCreditCode } from '../../shared/validation/credit-code';

/**
 * Importing the city's unit list (单位名册) from CSV: a preview that says per row what would happen (create,
 * rename, unchanged) or why it cannot (zh-CN), then, when no row has an error, the same rows applied in one
 * transaction. Idempotent: importing the same file again finds every unit unchanged. Units are matched by
 * code (enterprise unions by credit code, else by name under the same parent); an import never moves a unit
 * (that is a move, with its transfers, on the screen).
 */

interface Known {
  id: string | null;
  name: string;
  level: UnitLevel;
  code: string | null;
  parentId: string | null;
  path: string | null;
  active: boolean;
}

const LEVEL_ORDER: Record<UnitLevel, number> = { city: 0, county: 1, township: 2, grid: 3, enterprise: 4 };

interface UnitRow {
  id: string;
  name: string;
  level: UnitLevel;
  code: string | null;
  credit_code: string | null;
  parent_id: string | null;
  path: string;
  active: number;
}

interface Planned {
  row: UnitImportRow;
  apply: (() => void) | null;
}

function derivedParentCode(level: UnitLevel, code: string): string | null {
  if (level === 'township') return code.slice(0, 6);
  if (level === 'grid') return code.slice(0, 9);
  return null;
}

export function importUnits(
  db: Db,
  scope: { unitId: string; unitPath: string },
  text: string,
  apply: boolean,
  actor: AuditActor,
): UnitImportReply {
  const parsed = parseUnitCsv(text);
  const all = stmt(
    db,
    'SELECT id, name, level, code, credit_code, parent_id, path, active FROM units',
  ).all() as UnitRow[];
  const byCode = new Map<string, Known>();
  const byCredit = new Map<string, UnitRow>();
  const byId = new Map(all.map((u) => [u.id, u]));
  for (const u of all) {
    const known: Known = {
      id: u.id,
      name: u.name,
      level: u.level,
      code: u.code,
      parentId: u.parent_id,
      path: u.path,
      active: u.active === 1,
    };
    if (u.code) byCode.set(u.code, known);
    if (u.credit_code) byCredit.set(u.credit_code, u);
  }
  const scopeUnit = byId.get(scope.unitId);
  const seenCodes = new Map<string, number>();
  const rows = [...parsed.rows].sort(
    (a, b) => LEVEL_ORDER[a.level ?? 'enterprise'] - LEVEL_ORDER[b.level ?? 'enterprise'] || a.line - b.line,
  );
  const plan: Planned[] = [];

  for (const csv of rows) {
    const base: UnitImportRow = {
      line: csv.line,
      code: csv.code,
      name: csv.name,
      level: csv.level,
      parentCode: csv.parentCode,
      action: 'error',
      message: null,
    };
    const fail = (message: string) => plan.push({ row: { ...base, message }, apply: null });
    const outcome = planRow(csv);
    if (typeof outcome === 'string') fail(outcome);
    else plan.push({ row: { ...base, ...outcome.row }, apply: outcome.apply });

    function planRow(row: UnitCsvRow): string | { row: Partial<UnitImportRow>; apply: (() => void) | null } {
      if (!row.level) {
        return row.levelText
          ? `级别“${row.levelText}”无法识别（应为县（区）、乡镇（街道）、社区/网格或企业工会）`
          : '缺少单位级别';
      }
      if (row.level === 'city') return '市级单位不能导入';
      if (!row.name) return '缺少单位名称';
      if (row.name.length > 60) return '单位名称不能超过 60 个字';
      const level = row.level;
      // A county's parent defaults to the importer's own unit, a township's and a grid's to their code's prefix.
      const parentCode =
        row.parentCode ||
        derivedParentCode(level, row.code) ||
        (level === 'county' ? (scopeUnit?.code ?? '') : '');
      const parentKnown = parentCode ? byCode.get(parentCode) : undefined;
      if (!parentKnown) return `上级单位编码 ${parentCode || '（空）'} 在系统和本文件中都找不到`;
      if (parentKnown.path !== null && !isWithinScope(parentKnown.path, scope.unitPath)) {
        return '上级单位不在您的管辖范围内';
      }
      if (!parentKnown.active) return `上级单位“${parentKnown.name}”已停用`;
      if (!CHILD_LEVELS[parentKnown.level].includes(level)) {
        return `${UNIT_LEVEL_LABELS[parentKnown.level]}“${parentKnown.name}”下不能设${UNIT_LEVEL_LABELS[level]}`;
      }
      if (level === 'enterprise') return planEnterprise(row, parentKnown);
      if (!row.code) return '缺少单位编码';
      const check = checkUnitCode(level, row.code, parentKnown.level, parentKnown.code);
      if (!check.ok) return check.message;
      if (row.creditCode) return '只有企业工会填写统一社会信用代码';
      const earlier = seenCodes.get(row.code);
      if (earlier !== undefined) return `编码与第 ${earlier} 行重复`;
      seenCodes.set(row.code, row.line);
      const existing = byCode.get(row.code);
      if (existing) {
        if (existing.id === null) return `编码与文件中的其他行重复`;
        if (existing.level !== level)
          return `编码已被${UNIT_LEVEL_LABELS[existing.level]}“${existing.name}”使用`;
        if (existing.parentId !== parentKnown.id) {
          return `编码已属于“${existing.name}”，它在另一个上级单位之下；迁移单位请在组织单位页面操作`;
        }
        if (existing.name === row.name) return { row: { action: 'unchanged', message: null }, apply: null };
        const id = existing.id;
        return {
          row: { action: 'rename', message: `由“${existing.name}”更名为“${row.name}”` },
          apply: () => updateManagedUnit(db, scope.unitPath, id, { name: row.name }, actor),
        };
      }
      // Children later in the file find it (its id is known only once applied, so they look it up then).
      const pending: Known = {
        id: null,
        name: row.name,
        level,
        code: row.code,
        parentId: parentKnown.id,
        path: null,
        active: true,
      };
      byCode.set(row.code, pending);
      return {
        row: { action: 'create', message: null },
        apply: () => {
          const parentId = parentKnown.id ?? idOfCode(db, parentKnown.code);
          const unit = createManagedUnit(
            db,
            scope.unitPath,
            { parentId, level, name: row.name, code: row.code },
            actor,
          );
          pending.id = unit.id;
        },
      };
    }

    function planEnterprise(
      row: UnitCsvRow,
      parent: Known,
    ): string | { row: Partial<UnitImportRow>; apply: (() => void) | null } {
      if (row.code && row.code !== row.parentCode)
        return '企业工会不填行政区划编码（上级编码填所属单位的编码）';
      let creditCode: string | undefined;
      if (row.creditCode) {
        const check = checkCreditCode(row.creditCode);
        if (!check.ok) return `统一社会信用代码${check.problem}`;
        creditCode = check.creditCode;
        const holder = byCredit.get(creditCode);
        if (holder) {
          if (holder.parent_id !== parent.id)
            return `统一社会信用代码已属于“${holder.name}”，它在另一个上级单位之下`;
          if (holder.name === row.name) return { row: { action: 'unchanged', message: null }, apply: null };
          return {
            row: { action: 'rename', message: `由“${holder.name}”更名为“${row.name}”` },
            apply: () => updateManagedUnit(db, scope.unitPath, holder.id, { name: row.name }, actor),
          };
        }
      }
      const sameName = all.find(
        (u) => u.level === 'enterprise' && u.parent_id === parent.id && u.name === row.name,
      );
      if (sameName && parent.id !== null) return { row: { action: 'unchanged', message: null }, apply: null };
      return {
        row: { action: 'create', message: null },
        apply: () => {
          const parentId = parent.id ?? idOfCode(db, parent.code);
          createManagedUnit(
            db,
            scope.unitPath,
            { parentId, level: 'enterprise', name: row.name, creditCode },
            actor,
          );
        },
      };
    }
  }

  const ordered = plan.sort((a, b) => a.row.line - b.row.line);
  const counts = { create: 0, rename: 0, unchanged: 0, error: 0 };
  for (const { row } of ordered) counts[row.action] += 1;
  const canApply = apply && parsed.errors.length === 0 && counts.error === 0;
  if (canApply) {
    db.transaction(() => {
      // Parents first: the plan in level order.
      for (const step of plan
        .slice()
        .sort((a, b) => levelRank(a) - levelRank(b) || a.row.line - b.row.line)) {
        step.apply?.();
      }
      appendAudit(db, {
        ...actor,
        action: 'unit.import',
        entityType: 'unit',
        entityId: scope.unitId,
        detail: { counts },
      });
    })();
  }
  return { applied: canApply, rows: ordered.map((p) => p.row), errors: parsed.errors, counts };
}

function levelRank(step: Planned): number {
  return LEVEL_ORDER[step.row.level ?? 'enterprise'];
}

function idOfCode(db: Db, code: string | null): string {
  const row = stmt(db, 'SELECT id FROM units WHERE code = ?').get(code) as { id: string } | undefined;
  return row?.id ?? '';
}
