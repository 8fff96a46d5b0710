import type { Dexie, Table } from 'dexie';
import type { SessionUserInfo } from '../../shared/auth';

/**
 * The parts of the tablet's code (client/) the in-page benchmark calls. The benchmark bundle
 * (tablet/bundle.ts) hands the real modules in; they are described here rather than imported because the
 * tools project that type-checks bench/ does not build client/. `bundle.ts` checks at load time that
 * every function is there, so a renamed export fails loudly instead of measuring nothing.
 */

export interface LocalRow {
  id: string;
  rev: number | null;
  unitId: string;
  householdId?: string | null;
  deleted: 0 | 1;
  data: Record<string, unknown>;
  updatedAt: string;
  pending: 0 | 1;
  searchTokens?: string[];
}

/** The Dexie database of client/db/database.ts (the record tables the benchmark touches). */
export type TabletDb = Dexie & {
  households: Table<LocalRow, string>;
  members: Table<LocalRow, string>;
  visits: Table<LocalRow, string>;
  outbox: Table<OutboxLike, number>;
  meta: Table<{ key: string; value: unknown }, string>;
  /** Acknowledged visits and members not rewritten (client/db/acked.ts, schema version 6). */
  acked: Table<{ seq?: number; entries: Record<string, [number, string]> }, number>;
};

/** An outbox row of client/db/types.ts (the fields the benchmark reads). */
export interface OutboxLike {
  seq: number;
  state: string;
  kind: string;
  changeId: string;
  type: string;
  recordId: string;
  unitId: string | null;
  baseRev: number | null;
  op?: 'upsert' | 'delete';
  fields?: Record<string, { from: unknown; to: unknown }>;
}

export interface SyncProgressPatch {
  phase?: string;
  pulled?: number;
  push?: { done: number; total: number };
}

/** client/sync/context.ts SyncContext. */
export interface SyncCtx {
  token(): string;
  deviceId: string;
  user: SessionUserInfo;
  report(patch: SyncProgressPatch): void;
}

export interface SyncSummary {
  pushed: number;
  conflicts: number;
  rejected: number;
  retryLater: number;
  pulled: number;
  /** Files the run could not upload (client/sync/uploads.ts UploadProblem). */
  uploadProblems?: unknown[];
}

export interface ListQuery {
  search: string;
  filter: 'all' | 'due' | 'returned' | 'pending';
  stage: string | null;
  category: string | null;
}

export interface ClientApi {
  db: TabletDb;
  /** A second database with the tablet's schema under another name (raw write comparison). */
  openScratch(name: string): TabletDb;
  /** client/db/records.ts */
  saveFields(
    type: string,
    id: string,
    unitId: string,
    patch: Record<string, unknown>,
    extra?: { householdId?: string | null },
  ): Promise<unknown>;
  /** client/db/blobs.ts: stores bytes and the attachment record naming them, with its outbox change. */
  attachBlob(
    blob: Blob,
    kind: 'photo',
    target: { householdId: string; visitId: string; unitId: string; checklistItemId: string },
  ): Promise<unknown>;
  /** client/db/session.ts */
  readSession(): Promise<{ token: string; user: SessionUserInfo } | undefined>;
  /** client/db/meta.ts */
  deviceId(): Promise<string>;
  /** client/db/search-tokens.ts */
  householdSearchTokens(data: Record<string, unknown>): string[];
  /** client/sync/run.ts, run under client/sync/lock.ts as the engine does. */
  runSync(ctx: SyncCtx): Promise<SyncSummary>;
  /** client/db/search-index.ts: the search index a first pull leaves to build (null before that module). */
  buildSearchIndex: (() => Promise<void>) | null;
  /** client/features/households/household-list-data.ts, when that module exists (null otherwise). */
  householdList: {
    plan(query: ListQuery, today: string): Promise<unknown>;
    rows(plan: unknown, offset: number, limit: number): Promise<LocalRow[]>;
    /** The whole list and its length (a count, or every match of a broad search). */
    complete(plan: unknown, query: ListQuery, today: string): Promise<{ total: number }>;
  } | null;
}
