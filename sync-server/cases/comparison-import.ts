import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { HttpError } from '../http/errors';
import { appendAudit } from '../audit/audit';
import type { StoredRecord } from '../sync/store';
import type { ComparisonImportReply } from '../../shared/cases/api';
import { parseComparisonCsv, type ComparisonCsvRow } from '../../shared/cases/comparison-csv';
import { COMPARISON_SOURCES, type ComparisonResult, type ComparisonSource } from '../../shared/loop';
import { checkIdNumber } from '../../shared/validation/id-number';
import { todayInChina } from '../../shared/validation/clock';
import { householdsByIdNumber } from './case-queries';
import { executeCaseCommand } from './command-service';
import { caseSettings } from './context';

/**
 * Information-comparison results imported from the comparison centre's CSV (信息比对结果导入). Rows are
 * matched by ID number — the head of household's, or a member's — against households in the importer's
 * scope; each matched case gets one `recordComparison` step (via `csv_import`, with the batch id) through
 * the command service. Several rows for one case and source (head and members) combine: inconsistent if
 * any is, with every note kept.
 */

interface CaseRows {
  household: StoredRecord;
  lines: number[];
  bySource: Map<ComparisonSource, { result: ComparisonResult; notes: string[] }>;
}

/** Rows one import may hold (a county's batch is a few hundred to a few thousand). */
export const COMPARISON_MAX_ROWS = 5000;
/**
 * Cases whose steps are applied per transaction before yielding to other requests: a step is about 0.6 ms
 * (a household and its event written, the summaries kept), so a chunk holds the server ~15 ms — well under
 * one push (office bench: idle push p99 ~55 ms), which is the most a tablet's push should wait for it.
 */
export const COMPARISON_CHUNK_CASES = 20;
/** Rows looked up between yields (an index lookup and one household read each: ~15 ms a slice). */
const LOOKUP_CHUNK_ROWS = 250;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function describe(row: ComparisonCsvRow, memberName: string | null): string {
  if (row.note === '') return '';
  return memberName ? `家庭成员${memberName}：${row.note}` : row.note;
}

/**
 * Imports a comparison CSV. The server is one process with a synchronous database, so the import never
 * holds it for long: rows are looked up through the `person_ids` index in slices, and the cases' steps are
 * applied `COMPARISON_CHUNK_CASES` at a time, each slice in its own transaction, yielding to the event loop
 * in between so a tablet's push waits for one slice at most.
 *
 * The import is therefore not one transaction, on purpose: each case's `recordComparison` is its own atomic
 * command (its household and event written together, or neither), and nothing ties one case's step to
 * another's. A crash mid-way leaves the cases already applied applied, each carrying this import's batch
 * id on its event, so staff can see which were and import the rest again. The audit row is written once at
 * the end with everything.
 */
export async function importComparisonCsv(
  db: Db,
  actor: SessionUser,
  csv: string,
): Promise<ComparisonImportReply> {
  const batchId = randomUUID();
  const parsed = parseComparisonCsv(csv);
  const lines = parsed.rows.length + parsed.errors.length;
  if (parsed.rows.length > COMPARISON_MAX_ROWS) {
    throw new HttpError(
      413,
      'too_many_rows',
      `比对结果文件共 ${lines} 行，超过单次导入上限 ${COMPARISON_MAX_ROWS} 行，请拆分后分批导入`,
      { rows: lines, limit: COMPARISON_MAX_ROWS },
    );
  }
  const today = todayInChina(caseSettings(db).clock());
  const unmatchedRows: ComparisonImportReply['unmatchedRows'] = [];
  const errors: ComparisonImportReply['errors'] = [...parsed.errors];
  const cases = new Map<string, CaseRows>();
  let matched = 0;

  for (const [index, row] of parsed.rows.entries()) {
    if (index > 0 && index % LOOKUP_CHUNK_ROWS === 0) await yieldToEventLoop();
    const check = checkIdNumber(row.idNumber, today);
    if (!check.ok) {
      unmatchedRows.push({ line: row.line, idNumber: row.idNumber, reason: `身份证号${check.problem}` });
      continue;
    }
    const found = householdsByIdNumber(db, actor.unitPath, check.idNumber);
    if (found.length === 0) {
      unmatchedRows.push({
        line: row.line,
        idNumber: row.idNumber,
        reason: '在您的管辖范围内没有该身份证号的户主或家庭成员档案',
      });
      continue;
    }
    matched++;
    for (const { household, memberName } of found) {
      const entry: CaseRows = cases.get(household.id) ?? { household, lines: [], bySource: new Map() };
      entry.lines.push(row.line);
      const previous = entry.bySource.get(row.source);
      const note = describe(row, memberName);
      entry.bySource.set(row.source, {
        result: previous?.result === 'inconsistent' ? 'inconsistent' : row.result,
        notes: note === '' ? (previous?.notes ?? []) : [...(previous?.notes ?? []), note],
      });
      cases.set(household.id, entry);
    }
  }

  const reply: ComparisonImportReply['cases'] = [];
  const appliedLines = new Set<number>();
  const entries = [...cases.values()];
  for (let start = 0; start < entries.length; start += COMPARISON_CHUNK_CASES) {
    // (Also before the first chunk: the last slice of lookups has just run.)
    await yieldToEventLoop();
    db.transaction(() => {
      for (const entry of entries.slice(start, start + COMPARISON_CHUNK_CASES)) {
        const results = COMPARISON_SOURCES.flatMap((source) => {
          const value = entry.bySource.get(source);
          return value ? [{ source, result: value.result, note: value.notes.join('；').slice(0, 500) }] : [];
        });
        const outcome = executeCaseCommand(db, {
          caseId: entry.household.id,
          command: 'recordComparison',
          payload: { results, via: 'csv_import', batchId },
          actor,
          via: 'csv_import',
        });
        const headName =
          typeof entry.household.data.headName === 'string' ? entry.household.data.headName : null;
        if (outcome.ok) {
          entry.lines.forEach((line) => appliedLines.add(line));
        } else {
          errors.push({ line: entry.lines[0] ?? 0, message: `${headName ?? '该家庭'}：${outcome.reason}` });
        }
        reply.push({
          caseId: entry.household.id,
          headName,
          lines: entry.lines,
          status: outcome.ok ? 'applied' : 'rejected',
          reason: outcome.ok ? null : outcome.reason,
        });
      }
    })();
  }
  const summary: ComparisonImportReply = {
    batchId,
    matched,
    applied: appliedLines.size,
    unmatchedRows,
    errors: errors.sort((a, b) => a.line - b.line),
    cases: reply,
  };
  appendAudit(db, {
    userId: actor.id,
    role: actor.role,
    unitId: actor.unitId,
    action: 'case.comparison_import',
    entityType: 'comparisonImport',
    entityId: batchId,
    detail: {
      rows: lines,
      matched,
      applied: summary.applied,
      unmatched: unmatchedRows.length,
      errors: summary.errors.length,
      cases: reply.map((c) => ({ caseId: c.caseId, status: c.status })),
    },
  });
  return summary;
}
