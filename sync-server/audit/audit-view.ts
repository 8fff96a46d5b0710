import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { HttpError } from '../http/errors';
import { redactDeep } from '../sync/redaction';
import { appendAudit } from './audit';
import {
  auditNames,
  countAuditRows,
  iterateAuditRows,
  listAuditRows,
  unitPathOf,
  unitsWithin,
  userUnitPath,
  usersWithin,
  type AuditQuery,
  type AuditRow,
} from './audit-store';
import {
  AUDIT_EXPORT_MAX_ROWS,
  type AuditEntryView,
  type AuditFilter,
  type AuditListReply,
  type AuditOptionsReply,
} from '../../shared/audit/api';
import { describeAudit, type AuditDescription } from '../../shared/audit/describe';
import { AUDIT_KIND_LABELS, type AuditKind } from '../../shared/audit/kinds';
import { maskIdNumber } from '../../shared/cases/masks';
import { formatChinaDateTime } from '../../shared/format/field-value';
import { isWithinScope } from '../../shared/org';
import { ROLES, ROLE_LABELS, type Role } from '../../shared/roles';
import { roleSchema } from '../../shared/role-schema';

/**
 * The audit view (审计日志) for the administrator and the city: every entry of the append-only log within
 * the viewer's unit scope, in words (shared/audit/describe.ts), filtered and paged in SQL, and exported as
 * CSV in chunks. ID numbers and bank cards are masked for every reader: the log is for who did what, the
 * case page is where a reviewer reads a full number.
 */

export const AUDIT_VIEW_ROLES: readonly Role[] = [ROLES.admin, ROLES.cityStaff];

/** The viewer's scope: null for an account at the root (the whole organisation). */
function scopeOf(user: SessionUser): string | null {
  return user.unitPath.includes('/') ? user.unitPath : null;
}

const ID_NUMBER_KEYS: ReadonlySet<string> = new Set(['headIdNumber', 'idNumber']);

function maskId(value: unknown): unknown {
  return typeof value === 'string' && value !== '' ? maskIdNumber(value) : value;
}

/** Every ID number in a detail masked — a plain value, an old → new pair, or `{field, from, to}`. */
export function maskIdNumbersDeep<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const object = node as Record<string, unknown>;
    const isIdField = typeof object.field === 'string' && ID_NUMBER_KEYS.has(object.field);
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      if (ID_NUMBER_KEYS.has(key)) {
        out[key] =
          typeof child === 'object' && child !== null && !Array.isArray(child)
            ? Object.fromEntries(Object.entries(child).map(([k, v]) => [k, maskId(v)]))
            : maskId(child);
      } else if (isIdField && ['from', 'to', 'base', 'server', 'client'].includes(key)) {
        out[key] = maskId(child);
      } else out[key] = walk(child);
    }
    return out;
  };
  return walk(value) as T;
}

/** A stored detail as `role` may read it: bank cards per role, ID numbers always masked. */
export function readableDetail(role: Role, text: string): Record<string, unknown> {
  const raw: unknown = JSON.parse(text);
  const detail = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
  return maskIdNumbersDeep(redactDeep(role, detail as Record<string, unknown>));
}

export interface DescribedRow {
  row: AuditRow;
  detail: Record<string, unknown>;
  described: AuditDescription;
  actorName: string;
  unitName: string | null;
}

/** Rows in words, with the names they mention looked up once for all of them. */
export function describeRows(
  db: Db,
  viewer: SessionUser,
  scopePath: string | null,
  rows: readonly AuditRow[],
): DescribedRow[] {
  const parsed = rows.map((row) => ({ row, detail: readableDetail(viewer.role, row.detail) }));
  const names = auditNames(db, scopePath, parsed);
  return parsed.map(({ row, detail }) => ({
    row,
    detail,
    described: describeAudit(
      {
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        caseId: row.case_id,
        detail,
      },
      names,
    ),
    actorName: row.user_id ? (names.user(row.user_id) ?? '（已删除的账号）') : '系统',
    unitName: row.unit_id ? names.unit(row.unit_id) : null,
  }));
}

function toView(d: DescribedRow): AuditEntryView {
  const role = roleSchema.safeParse(d.row.role);
  return {
    seq: d.row.seq,
    at: d.row.at,
    userId: d.row.user_id,
    actorName: d.actorName,
    actorRole: role.success ? role.data : null,
    unitName: d.unitName,
    action: d.row.action,
    actionLabel: d.described.actionLabel,
    subject: d.described.subject,
    caseId: d.row.case_id,
    facts: d.described.facts,
  };
}

/** The filter checked against the viewer's scope: an account or unit outside it is refused. */
function queryFor(db: Db, viewer: SessionUser, filter: AuditFilter): AuditQuery {
  const scopePath = scopeOf(viewer);
  if (filter.userId) {
    const path = userUnitPath(db, filter.userId);
    if (path === null) throw new HttpError(404, 'user_not_found', '没有这个账号');
    if (scopePath !== null && !isWithinScope(path, scopePath))
      throw new HttpError(403, 'out_of_scope', '该账号不在您的管辖范围内');
  }
  let unitPath: string | null = null;
  if (filter.unitId) {
    unitPath = unitPathOf(db, filter.unitId);
    if (unitPath === null) throw new HttpError(404, 'unit_not_found', `没有这个单位：${filter.unitId}`);
    if (scopePath !== null && !isWithinScope(unitPath, scopePath))
      throw new HttpError(403, 'out_of_scope', '该单位不在您的管辖范围内');
  }
  return { scopePath, filter, unitPath };
}

export function listAudit(
  db: Db,
  viewer: SessionUser,
  filter: AuditFilter,
  before: number | null,
  limit: number,
): AuditListReply {
  const query = queryFor(db, viewer, filter);
  const rows = listAuditRows(db, query, before, limit + 1);
  const page = rows.slice(0, limit);
  return {
    entries: describeRows(db, viewer, query.scopePath, page).map(toView),
    nextBefore: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
  };
}

export function auditOptions(db: Db, viewer: SessionUser): AuditOptionsReply {
  const scopePath = scopeOf(viewer);
  const base = viewer.unitPath.split('/').length;
  return {
    users: usersWithin(db, scopePath).flatMap((u) => {
      const role = roleSchema.safeParse(u.role);
      return role.success
        ? [{ id: u.id, name: u.name, username: u.username, role: role.data, unitName: u.unitName }]
        : [];
    }),
    units: unitsWithin(db, scopePath).map((u) => ({
      id: u.id,
      name: u.name,
      depth: Math.max(0, u.path.split('/').length - base),
    })),
  };
}

// --------------------------------------------------------------------------------------------- export

/** A CSV cell: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs it. */
function cell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_HEADER = ['时间', '操作人', '角色', '单位', '操作', '对象', '详情'];

function csvLine(d: DescribedRow): string {
  const role = roleSchema.safeParse(d.row.role);
  return (
    [
      formatChinaDateTime(d.row.at),
      d.actorName,
      role.success ? ROLE_LABELS[role.data] : '',
      d.unitName ?? '',
      d.described.actionLabel,
      d.described.subject ?? '',
      d.described.facts.map((f) => `${f.label}：${f.value}`).join('\n'),
    ]
      .map(cell)
      .join(',') + '\r\n'
  );
}

/** The filter in words, as the export's own audit entry records it. */
function filterWords(db: Db, filter: AuditFilter): string {
  const parts: string[] = [];
  if (filter.userId) {
    const row = db.prepare('SELECT display_name FROM users WHERE id = ?').get(filter.userId) as
      { display_name: string } | undefined;
    parts.push(`账号：${row?.display_name ?? '（已删除的账号）'}`);
  }
  if (filter.unitId) {
    const row = db.prepare('SELECT name FROM units WHERE id = ?').get(filter.unitId) as
      { name: string } | undefined;
    parts.push(`单位：${row?.name ?? filter.unitId}`);
  }
  if (filter.kind) parts.push(`类别：${AUDIT_KIND_LABELS[filter.kind as AuditKind]}`);
  if (filter.caseId) {
    const row = db
      .prepare("SELECT json_extract(data, '$.headName') AS name FROM sync_records WHERE id = ?")
      .get(filter.caseId) as { name: string | null } | undefined;
    parts.push(`家庭：${row?.name ? `${row.name}户` : '（未知家庭）'}`);
  }
  if (filter.from || filter.to) parts.push(`日期：${filter.from ?? '最早'} 至 ${filter.to ?? '今天'}`);
  return parts.length > 0 ? parts.join('；') : '全部';
}

export interface AuditExport {
  /** How many rows the file will hold (checked against the cap before anything is written). */
  rows: number;
  /** The file in pieces: the header with the BOM first, then one piece per chunk of rows. */
  chunks: Generator<{ text: string; rows: number }>;
  /** Records the export in the audit log (who, which filter, how many rows); call when the file is sent. */
  finish(sentRows: number, complete: boolean): void;
}

/**
 * An export of every row the filter matches, as CSV in UTF-8 with a BOM (Excel then reads the Chinese).
 * Refused above AUDIT_EXPORT_MAX_ROWS rows: the reader narrows the dates instead.
 */
export function exportAudit(db: Db, viewer: SessionUser, filter: AuditFilter): AuditExport {
  const query = queryFor(db, viewer, filter);
  const rows = countAuditRows(db, query, AUDIT_EXPORT_MAX_ROWS);
  if (rows > AUDIT_EXPORT_MAX_ROWS) {
    throw new HttpError(
      413,
      'export_too_large',
      `符合条件的记录超过 ${AUDIT_EXPORT_MAX_ROWS} 条，请缩小日期范围后再导出`,
    );
  }
  // Only rows that existed when the export began: its own audit entry is written after it.
  const newest = (db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number | null }).seq;
  function* chunks(): Generator<{ text: string; rows: number }> {
    yield { text: `\uFEFF${CSV_HEADER.join(',')}\r\n`, rows: 0 };
    for (const page of iterateAuditRows(db, query, rows)) {
      const own = page.filter((row) => newest === null || row.seq <= newest);
      yield { text: describeRows(db, viewer, query.scopePath, own).map(csvLine).join(''), rows: own.length };
    }
  }
  return {
    rows,
    chunks: chunks(),
    finish(sentRows, complete) {
      appendAudit(db, {
        userId: viewer.id,
        role: viewer.role,
        unitId: viewer.unitId,
        action: 'audit.export',
        detail: { filter: filterWords(db, filter), rowCount: sentRows, format: 'CSV', complete },
      });
    },
  };
}
