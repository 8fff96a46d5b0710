import type { Db } from '../db/database';
import type { CommandChange, ChangeError } from '../../shared/sync/changes';
import type { FieldEdit } from '../../shared/sync/merge';
import type { SyncActor } from './actor';
import { enqueueDerivedWork, registerDerivedWorkHandler } from './derived-work';
import type { StoredRecord } from './store';

/**
 * Extension points of the push service, so the closed-loop rules plug in without touching the merge:
 * one command handler (case commands such as submitting a visit) and any number of record guards
 * (e.g. "the case stage changes only through commands").
 */

export interface CommandContext {
  db: Db;
  actor: SyncActor;
  deviceId: string | null;
  changeId: string;
}

/**
 * What a command did. `record` is the case (or other record) after the command, returned to the tablet so
 * it can rebase; `rejected` needs an error code and a zh-CN message.
 */
export type CommandOutcome =
  { status: 'applied' | 'noop'; record?: StoredRecord } | { status: 'rejected'; error: ChangeError };

/**
 * Runs inside the push transaction. Write records with `writeRecord` (sync-server/sync/store.ts) so they
 * get revs and reach tablets; throw `ChangeRejection` or return `rejected` to refuse.
 */
export type CommandHandler = (ctx: CommandContext, change: CommandChange) => CommandOutcome;

let commandHandler: CommandHandler | null = null;

/**
 * The unit path a command on a case the server does not hold yet would act on (a registration names its
 * unit in the payload), or null when the handler cannot tell. Bundle imports check it against the
 * importer's and the author's scope before anything is applied.
 */
export type CommandTargetResolver = (db: Db, actor: SyncActor, change: CommandChange) => string | null;

let commandTarget: CommandTargetResolver | null = null;

export function registerCommandTargetResolver(resolver: CommandTargetResolver): void {
  commandTarget = resolver;
}

export function newCaseTargetPath(db: Db, actor: SyncActor, change: CommandChange): string | null {
  return commandTarget ? commandTarget(db, actor, change) : null;
}

/** Installs the closed-loop command handler (replacing any earlier one). Returns a function that removes it. */
export function registerCommandHandler(handler: CommandHandler): () => void {
  commandHandler = handler;
  return () => {
    if (commandHandler === handler) commandHandler = null;
  };
}

export function currentCommandHandler(): CommandHandler | null {
  return commandHandler;
}

export interface RecordGuardInput {
  actor: SyncActor;
  type: string;
  /** The stored record before the change, or null for a new record. */
  existing: StoredRecord | null;
  fields: Readonly<Record<string, FieldEdit>>;
  op: 'upsert' | 'delete';
}

/** Returns an error to refuse the change (e.g. code `field_not_writable`), or null to let it through. */
export type RecordGuard = (input: RecordGuardInput) => ChangeError | null;

const recordGuards = new Set<RecordGuard>();

/** Adds a rule every record change from a tablet must pass. Returns a function that removes it. */
export function registerRecordGuard(guard: RecordGuard): () => void {
  recordGuards.add(guard);
  return () => {
    recordGuards.delete(guard);
  };
}

export function runRecordGuards(input: RecordGuardInput): ChangeError | null {
  for (const guard of recordGuards) {
    const error = guard(input);
    if (error) return error;
  }
  return null;
}

/**
 * Runs after a record change from a tablet (or a bundle) was written, inside the push transaction, with
 * the record as stored and as it was before (null for a new record). Observers may write other records
 * (e.g. a duplicate finding) but must not refuse: the change is already applied.
 */
export type RecordObserver = (
  db: Db,
  actor: SyncActor,
  record: StoredRecord,
  before: StoredRecord | null,
) => void;

const recordObservers = new Map<string, RecordObserver>();

/** Adds (or replaces) the observer registered under `name`. */
export function registerRecordObserver(name: string, observer: RecordObserver): void {
  recordObservers.set(name, observer);
}

/** Removes the observer registered under `name` (benchmarks measure what one costs). */
export function removeRecordObserver(name: string): void {
  recordObservers.delete(name);
}

export function runRecordObservers(
  db: Db,
  actor: SyncActor,
  record: StoredRecord,
  before: StoredRecord | null,
): void {
  for (const observer of recordObservers.values()) observer(db, actor, record, before);
}

/** A record a push batch wrote, with how it stood before the batch first touched it. */
export interface WrittenRecord {
  record: StoredRecord;
  before: StoredRecord | null;
}

/**
 * Runs once at the end of every push batch (online or imported), inside its transaction, with every
 * record the batch's record changes wrote, in the order first written. Looking at the whole batch at
 * once lets an observer answer with a few set queries instead of several queries per record. Like record
 * observers, batch observers may write other records but must not refuse.
 */
export type BatchObserver = (db: Db, actor: SyncActor, written: readonly WrittenRecord[]) => void;

const batchObservers = new Map<string, BatchObserver>();

/** Adds (or replaces) the batch observer registered under `name`. */
export function registerBatchObserver(name: string, observer: BatchObserver): void {
  batchObservers.set(name, observer);
}

/** Removes the batch observer registered under `name` (benchmarks measure what one costs). */
export function removeBatchObserver(name: string): void {
  batchObservers.delete(name);
}

/**
 * A batch observer whose work is not part of the push's answer, done after the reply
 * (sync-server/sync/derived-work.ts): `collect` runs inside the push transaction and returns what the
 * work needs (plain JSON, stored with the push), or null for nothing to do; `run` does the work later,
 * in a transaction of its own, once per batch.
 */
export interface DeferredBatchObserver<P> {
  collect(db: Db, actor: SyncActor, written: readonly WrittenRecord[]): P | null;
  run(db: Db, payload: P): void;
}

const deferredObservers = new Map<string, DeferredBatchObserver<unknown>>();

/** Adds (or replaces) the deferred batch observer registered under `name` (also its queue kind). */
export function registerDeferredBatchObserver<P>(name: string, observer: DeferredBatchObserver<P>): void {
  deferredObservers.set(name, observer as DeferredBatchObserver<unknown>);
  registerDerivedWorkHandler(name, (db, payload) => observer.run(db, payload as P));
}

export function runBatchObservers(db: Db, actor: SyncActor, written: readonly WrittenRecord[]): void {
  if (written.length === 0) return;
  for (const observer of batchObservers.values()) observer(db, actor, written);
  for (const [name, observer] of deferredObservers) {
    const payload = observer.collect(db, actor, written);
    if (payload !== null) enqueueDerivedWork(db, name, payload);
  }
}
