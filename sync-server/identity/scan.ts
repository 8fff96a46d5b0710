import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { type StoredRecord } from '../sync/store';
import { type ScanReply } from '../../shared/identity/api';
import { MAX_SHARED_KEY_HOUSEHOLDS, raiseFinding } from './findings';
import {
  activeHolders,
  countOpenFindings,
  countPeople,
  dropScanKeys,
  householdsWithScanKey,
  insertScanKey,
  type KeyKind,
  keysOf,
  openFinding,
  pairKey,
  personRecordsAfter,
  resetScanKeys,
  walkPersonIds,
  type WalkRow,
  walkScanKeys,
} from './identity-store';

/** The one-off scan of stored households for duplicates (docs/identity.md). */

// ------------------------------------------------------------------------------------------ scan

const SCAN_BATCH = 200;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records read per chunk while the scan gathers mobiles, bank cards and names with birth dates. */
const SCAN_CHUNK = 2000;
const scanning = new WeakSet<Db>();

/**
 * Gathers the evidence keys of every live household and member into a temporary table, in chunks that
 * yield to other requests between them (the keys are not kept on every write: pushes pay only for the
 * ID-number check).
 */
async function gatherKeys(db: Db): Promise<void> {
  resetScanKeys(db);
  let after = 0;
  for (;;) {
    const rows = personRecordsAfter(db, after, SCAN_CHUNK);
    if (rows.length === 0) break;
    db.transaction(() => {
      for (const row of rows) {
        const householdId = row.type === 'household' ? row.id : row.household_id;
        if (!householdId) continue;
        const data: unknown = JSON.parse(row.data);
        const record = {
          id: row.id,
          type: row.type,
          householdId: row.household_id,
          deleted: false,
          data: typeof data === 'object' && data !== null ? data : {},
        } as StoredRecord;
        for (const key of keysOf(record)) insertScanKey(db, key.kind, key.value, householdId);
      }
    })();
    after = rows.at(-1)?.rowid ?? after;
    await nextTurn();
  }
}

/** Rows read per step while the scan walks an index in order. */
const WALK_CHUNK = 5000;

/**
 * Walks an ordered index (`walk`: rows after a value, at most a limit) in chunks that yield between them, and returns the
 * values held by a number of distinct households that `keep` accepts. A run of one value is never split
 * across chunks (unless it alone fills one). Every query stays short: no GROUP BY over a whole table.
 */
async function sharedValues(
  walk: (after: string, limit: number) => WalkRow[],
  keep: (households: number) => boolean,
): Promise<string[]> {
  const out: string[] = [];
  let after = '';
  for (;;) {
    const rows = walk(after, WALK_CHUNK);
    if (rows.length === 0) break;
    const values = rows.map((row) => row.value);
    let end = rows.length;
    if (rows.length === WALK_CHUNK) {
      const last = values[values.length - 1];
      while (end > 0 && values[end - 1] === last) end--;
      if (end === 0) end = rows.length;
    }
    let current: string | null = null;
    let households = new Set<string>();
    for (let i = 0; i < end; i++) {
      const value = values[i] ?? '';
      if (value !== current) {
        if (current !== null && keep(households.size)) out.push(current);
        current = value;
        households = new Set();
      }
      households.add(rows[i]?.household_id ?? '');
    }
    if (current !== null && keep(households.size)) out.push(current);
    after = values[end - 1] ?? after;
    await nextTurn();
  }
  return out;
}

/**
 * One pass over the stored households (a one-off for data from before this check, or after an import):
 * every ID number active in more than one household raises a same-ID finding holding the later ones; every
 * mobile, bank card or name + birth date shared by two to `MAX_SHARED_KEY_HOUSEHOLDS` active households
 * raises possible findings. Dismissed pairs stay dismissed, open ones are not doubled. Runs in batches that
 * yield to other requests; one scan at a time per server (409 otherwise).
 */
export async function scanForDuplicates(db: Db, actor: SessionUser): Promise<ScanReply> {
  if (scanning.has(db)) throw new HttpError(409, 'scan_running', '已有一次扫描正在进行，请稍后查看结果');
  scanning.add(db);
  try {
    return await scan(db, actor);
  } finally {
    scanning.delete(db);
    dropScanKeys(db);
  }
}

async function scan(db: Db, actor: SessionUser): Promise<ScanReply> {
  const started = Date.now();
  const ids = await sharedValues(
    (after, limit) => walkPersonIds(db, after, limit),
    (count) => count > 1,
  );
  const scannedPeople = countPeople(db);
  let newFindings = 0;

  for (let i = 0; i < ids.length; i += SCAN_BATCH) {
    db.transaction(() => {
      for (const idNumber of ids.slice(i, i + SCAN_BATCH)) {
        const holders = activeHolders(db, idNumber);
        const first = holders[0];
        if (!first) continue;
        for (const holder of holders) {
          if (holder.householdId === first.householdId) continue;
          const outcome = raiseFinding(db, {
            kind: 'same_id',
            evidence: { id_number: idNumber },
            held: {
              householdId: holder.householdId,
              unitPath: holder.householdPath,
              recordId: holder.recordId,
              role: holder.role,
            },
            other: {
              householdId: first.householdId,
              unitPath: first.householdPath,
              recordId: first.recordId,
              role: first.role,
            },
            source: 'scan',
            actorId: actor.id,
          });
          if (outcome?.created) newFindings++;
        }
      }
    })();
    await nextTurn();
  }

  await gatherKeys(db);
  const keys = (
    await sharedValues(
      (after, limit) => walkScanKeys(db, after, limit),
      (count) => count >= 2 && count <= MAX_SHARED_KEY_HOUSEHOLDS,
    )
  ).map((joined) => {
    const [kind = '', value = ''] = joined.split('\u0000');
    return { kind: kind as KeyKind, value };
  });
  for (let i = 0; i < keys.length; i += SCAN_BATCH) {
    db.transaction(() => {
      for (const key of keys.slice(i, i + SCAN_BATCH)) {
        const households = householdsWithScanKey(db, key.kind, key.value);
        // Each later household against each earlier one; a pair with an open same-ID finding is left to it.
        households.forEach((later, index) => {
          for (const earlier of households.slice(0, index)) {
            if (openFinding(db, pairKey(later.id, earlier.id), 'same_id')) continue;
            const outcome = raiseFinding(db, {
              kind: 'possible',
              evidence: { [key.kind]: key.value },
              held: { householdId: later.id, unitPath: later.path, recordId: null, role: null },
              other: { householdId: earlier.id, unitPath: earlier.path, recordId: null, role: null },
              source: 'scan',
              actorId: actor.id,
            });
            if (outcome?.created) newFindings++;
          }
        });
      }
    })();
    await nextTurn();
  }
  const openFindings = countOpenFindings(db);
  const reply: ScanReply = {
    scannedPeople,
    newFindings,
    openFindings,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  appendAudit(db, {
    userId: actor.id,
    role: actor.role,
    unitId: actor.unitId,
    action: 'identity.scan',
    detail: { ...reply },
  });
  return reply;
}
