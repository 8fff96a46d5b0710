import type { Db } from '../db/database';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import type { Change, ChangeResult, CommandChange, ResolveConflictChange } from '../../shared/sync/changes';
import { isWithinScope } from '../../shared/org';
import { type SyncActor } from './actor';
import { changeHash } from './change-hash';
import { resolveConflict } from './conflicts';
import { currentCommandHandler, runBatchObservers, type WrittenRecord } from './hooks';
import { applyRecordChange } from './record-change';
import { ChangeRejection, reject } from './rejection';
import { stmt } from './statements';
import { currentSeq, getCurrentRecord, getRecord, toSyncedRecord, withBatchCache } from './store';

/**
 * The push service: applies a batch of changes as one transaction, idempotent by change id. The same
 * service serves online pushes and imported bundle files.
 */

export interface PushContext {
  actor: SyncActor;
  deviceId: string | null;
  /** Extra facts for every audit entry, e.g. `{via: 'bundle', importedBy}`. */
  auditDetail?: Record<string, unknown>;
  /**
   * The device gets the answer (an online push, not a bundle import): the records it writes are marked
   * as answered to it, so its pulls may leave them out (`omitOwnPushes`).
   */
  answered?: boolean;
  /** Filled by the record changes of the batch being applied (see `runBatchObservers`). */
  written?: Map<string, WrittenRecord>;
}

/** A result before the current record is attached; this is what is stored for replays. */
export interface StoredResult {
  result: ChangeResult;
  recordId: string | null;
}

export interface PushOutcome {
  results: ChangeResult[];
  serverSeq: number;
}

interface ChangeRow {
  user_id: string;
  content_hash: string;
  record_id: string | null;
  result: string;
}

function totalChanges(db: Db): number {
  return (stmt(db, 'SELECT total_changes() AS n').get() as { n: number }).n;
}

function rejected(changeId: string, rejection: ChangeRejection): ChangeResult {
  return { changeId, status: 'rejected', error: rejection.toError() };
}

function applyCommand(db: Db, change: CommandChange, ctx: PushContext): StoredResult {
  const handler = currentCommandHandler();
  const existing = getRecord(db, change.caseId);
  // Scope first: a command on a case outside the user's scope is refused whatever the handler would say.
  if (existing && !isWithinScope(existing.unitPath, ctx.actor.unitPath)) reject('out_of_scope');
  if (!handler) reject('unsupported_command');
  const outcome = handler(
    { db, actor: ctx.actor, deviceId: ctx.deviceId, changeId: change.changeId },
    change,
  );
  if (outcome.status === 'rejected') {
    return {
      result: { changeId: change.changeId, status: 'rejected', error: outcome.error },
      recordId: null,
    };
  }
  const record = outcome.record ?? null;
  const result: ChangeResult = { changeId: change.changeId, status: outcome.status };
  if (record) result.rev = record.rev;
  return { result, recordId: record?.id ?? null };
}

function applyResolve(db: Db, change: ResolveConflictChange, ctx: PushContext): StoredResult {
  const { record } = resolveConflict(db, {
    conflictId: change.conflictId,
    value: change.value,
    actor: ctx.actor,
    deviceId: ctx.deviceId,
    changeId: change.changeId,
  });
  return { result: { changeId: change.changeId, status: 'applied', rev: record.rev }, recordId: record.id };
}

function applyFresh(db: Db, change: Change, ctx: PushContext): StoredResult {
  switch (change.kind) {
    case 'record':
      return applyRecordChange(db, change, ctx);
    case 'command':
      return applyCommand(db, change, ctx);
    case 'resolveConflict':
      return applyResolve(db, change, ctx);
  }
}

function storeResult(db: Db, change: Change, hash: string, ctx: PushContext, stored: StoredResult): void {
  stmt(
    db,
    `INSERT INTO sync_changes (change_id, user_id, device_id, content_hash, record_id, status, result, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    change.changeId,
    ctx.actor.id,
    ctx.deviceId,
    hash,
    stored.recordId,
    stored.result.status,
    JSON.stringify(stored.result),
    new Date().toISOString(),
  );
}

function applyOne(db: Db, change: Change, ctx: PushContext): StoredResult {
  const hash = changeHash(change);
  const seen = stmt(
    db,
    'SELECT user_id, content_hash, record_id, result FROM sync_changes WHERE change_id = ?',
  ).get(change.changeId) as ChangeRow | undefined;
  if (seen) {
    if (seen.user_id !== ctx.actor.id || seen.content_hash !== hash) {
      return { result: rejected(change.changeId, new ChangeRejection('change_id_reused')), recordId: null };
    }
    return { result: JSON.parse(seen.result) as ChangeResult, recordId: seen.record_id };
  }
  // Refusals happen before a change writes anything, so record changes need no savepoint of their own
  // (a savepoint per change would cost a sub-journal write per page). Command handlers are outside code
  // and may refuse after writing: they get a savepoint.
  const writesBefore = totalChanges(db);
  let stored: StoredResult;
  try {
    stored =
      change.kind === 'command'
        ? db.transaction(() => applyFresh(db, change, ctx))()
        : applyFresh(db, change, ctx);
  } catch (err) {
    if (change.kind !== 'command' && totalChanges(db) !== writesBefore) {
      // Part of this change reached the database: only rolling back the whole batch undoes it.
      throw err;
    }
    if (err instanceof ChangeRejection) {
      stored = { result: rejected(change.changeId, err), recordId: null };
    } else if (err instanceof HttpError && err.status < 500) {
      stored = {
        result: {
          changeId: change.changeId,
          status: 'rejected',
          error: { code: err.code, message: err.message },
        },
        recordId: null,
      };
    } else {
      // A bug, not a verdict: answer it but do not store it, so the tablet's next retry tries again.
      console.error('[sync] change failed', change.changeId, err);
      return { result: rejected(change.changeId, new ChangeRejection('internal_error')), recordId: null };
    }
  }
  storeResult(db, change, hash, ctx, stored);
  return stored;
}

/**
 * Applies `changes` in order in ONE transaction and answers one result per change. Replays return the
 * stored answer; every result that names a record carries that record as it stands after the whole batch,
 * so a first answer and its replay are identical.
 *
 * Called inside a transaction (the push route, which also records the device; a bundle import), the batch
 * is part of the caller's transaction rather than a savepoint in it: a savepoint keeps a copy of every
 * page the batch changes, which doubled the cost of a push. Such a caller must let an exception from here
 * roll its transaction back, as both do.
 */
export function applyChanges(db: Db, changes: readonly Change[], ctx: PushContext): PushOutcome {
  const apply = () => withBatchCache(db, () => applyBatch(db, changes, ctx));
  return db.inTransaction ? apply() : db.transaction(apply)();
}

function applyBatch(db: Db, changes: readonly Change[], outer: PushContext): PushOutcome {
  const ctx: PushContext = { ...outer, written: new Map() };
  const stored = changes.map((change) => applyOne(db, change, ctx));
  runBatchObservers(db, ctx.actor, [...(ctx.written?.values() ?? [])]);
  const results = stored.map(({ result, recordId }) => {
    if (!recordId || result.status === 'rejected') return result;
    const record = getCurrentRecord(db, recordId);
    if (!record) return result;
    // An accepted edit of a record that has since moved out of the author's scope comes back as the
    // departure tombstone its pull would bring: the tablet drops its copy (docs/sync-protocol.md, section 3).
    const view = isWithinScope(record.unitPath, ctx.actor.unitPath)
      ? toSyncedRecord(record)
      : {
          type: record.type,
          id: record.id,
          unitId: record.unitId,
          rev: record.rev,
          deleted: true,
          data: { movedTo: record.unitId },
          updatedAt: record.updatedAt,
        };
    return { ...result, record: view };
  });
  if (changes.length > 0) {
    appendAudit(db, {
      userId: ctx.actor.id,
      role: ctx.actor.role,
      unitId: ctx.actor.unitId,
      action: 'sync.push',
      detail: { deviceId: ctx.deviceId, changes: changes.length, ...ctx.auditDetail },
    });
  }
  return { results, serverSeq: currentSeq(db) };
}
