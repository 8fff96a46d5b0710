import type { RoundCalendarData } from '../../shared/domain/round-calendar';
import type { CountySettingsData } from '../../shared/monitoring/records';
import type { SessionUserInfo } from '../../shared/auth';
import type { RecordType } from '../../shared/domain/records';

/** A record's flat fields as the shared schemas describe them (JSON values only; blobs live in `blobs`). */
export type RecordData = Record<string, unknown>;

/**
 * The local copy of one synced record, the same shape in every record table (households, members, visits,
 * attachments, trainings, selfAssessments, visitRounds, comparisonBatches).
 */
export interface LocalRecord {
  id: string;
  /** Server revision this copy is based on; null while the record has never reached the server. */
  rev: number | null;
  unitId: string;
  /** For members, visits and attachments: the household (case) they belong to. */
  householdId?: string | null;
  /** 1 once deleted locally (kept until the server has the delete); 0 otherwise. */
  deleted: 0 | 1;
  data: RecordData;
  /** ISO time of the last local change. */
  updatedAt: string;
  /** 1 while the outbox holds a change for this record (IndexedDB cannot index booleans). */
  pending: 0 | 1;
  /** Households only: normalised words for prefix search (see search-tokens.ts). */
  searchTokens?: string[];
  /** Households (the head's) and members: the normalised ID number, indexed (see identity-keys.ts). */
  idKey?: string;
}

/** Per-field change `{from, to}`: `from` is the value the edit started from, so the server can merge 3-way. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

export const OUTBOX_STATES = ['pending', 'inflight', 'held', 'rejected'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

interface OutboxBase {
  /** Auto-increment: the order the changes were made in, which is the order they must be sent in. */
  seq: number;
  /** UUID; the server applies each change id once (idempotent retries). */
  changeId: string;
  recordId: string;
  unitId: string | null;
  /** The record's `rev` when this change was queued. */
  baseRev: number | null;
  /**
   * pending: waiting; merged with later edits while its seq is above the sent-through watermark (meta
   * `sentThrough`), being sent (never touched) once a push has taken it (client/db/outbox.ts `isInflight`);
   * inflight: frozen for a bundle file (or by an earlier version of the app), being sent, never touched;
   * held: kept on the tablet because the shared record check says the server would refuse it (待修正,
   * client/db/held-changes.ts), still merged with later edits and checked again by every sync; rejected:
   * refused by the server.
   */
  state: OutboxState;
  /** Why a held or refused change did not go (Chinese). */
  error?: string;
  /** For a held or refused record change: the field the check or the server named first. */
  errorField?: string;
  createdAt: string;
}

/** A change to one record: an upsert with the fields that changed, or a delete. */
export interface RecordChange extends OutboxBase {
  kind: 'record';
  type: RecordType;
  op: 'upsert' | 'delete';
  fields: Record<string, FieldChange>;
}

/** A closed-loop command on a case (e.g. submit a visit for review); `recordId` is the case (household) id. */
export interface CommandChange extends OutboxBase {
  kind: 'command';
  /** The command name, e.g. "submitVisit". */
  type: string;
  payload: unknown;
}

/**
 * A person's decision on a stored conflict (同步冲突), queued like any other change. `type` and `recordId`
 * name the conflicted record so the local copy shows the chosen value until the server confirms it.
 */
export interface ResolveConflictChange extends OutboxBase {
  kind: 'resolveConflict';
  type: RecordType;
  conflictId: string;
  /** The conflicted field, or `$deleted` for an edit-against-delete conflict. */
  field: string;
  value: unknown;
}

export type OutboxRow = RecordChange | CommandChange | ResolveConflictChange;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An outbox row before IndexedDB has given it its `seq`. */
export type NewOutboxRow = DistributiveOmit<OutboxRow, 'seq'>;

/** PBKDF2-SHA256 of the device PIN (base64 salt and hash). */
export interface PinHash {
  salt: string;
  hash: string;
  iterations: number;
}

/** The one signed-in session on this device (key "current"). */
export interface SessionRow {
  key: 'current';
  token: string;
  expiresAt: string;
  user: SessionUserInfo;
  deviceId: string;
  pin: PinHash;
  /** Wrong PINs in a row; reaching the limit drops this row. */
  pinFailures: number;
  createdAt: string;
}

/** Who the local records belong to: another account signing in on this tablet must not see them. */
export interface DataOwner {
  userId: string;
  username: string;
  displayName: string;
}

/**
 * Typed key/value settings of the device. Add a key here (one line) when a module needs to remember
 * something that is not a record.
 */
export interface MetaValues {
  deviceId: string;
  owner: DataOwner;
  /** Opaque cursor of the last pull (sync engine). */
  syncCursor: string;
  /**
   * A pull has reached the end at least once since this local database was last empty. Only then may
   * pulls leave out what the answers to this device's pushes carried (`omitOwnPushes`): versions answered
   * to this device id before a wipe (the id survives a logout) are older than that first full pull.
   */
  pulledToEnd: boolean;
  /** ISO time of the last completed sync. */
  lastSyncAt: string;
  /** Result of navigator.storage.persist() after login. */
  storagePersisted: boolean;
  /** Warnings the storage checks want to show on the next start (zh-CN). */
  storageWarnings: string[];
  /** The secret this device signs bundle files with (POST /api/sync/device-key), per user and device. */
  deviceKey: { userId: string; deviceId: string; secret: string };
  /** The unsynced count the server last heard from this device (so a changed count is reported once). */
  reportedPending: number;
  /** Set when the server expected unsynced work this (fresh) local database does not have. */
  lostWork: LostWorkNotice;
  /** Kept by client/db/household-counts.ts with every write of a household. */
  householdCounts: HouseholdCounts;
  /** Households merged into another as duplicates, by merged-away id (client/db/merged.ts). */
  mergedHouseholds: Record<string, MergedHousehold>;
  /** The year's visit rounds pulled from the server (`roundCalendar` records), by record id (round-calendars.ts). */
  roundCalendars: Record<string, RoundCalendarData>;
  /** Each county's settings with their history (`countySettings` records), by county (county-settings.ts). */
  countySettings: Record<string, CountySettingsData>;
  /**
   * sha256 of stored files whose records were sent (or are being sent) before their bytes: uploaded after
   * the words, in this order, and removed once the server holds them (client/db/upload-queue.ts).
   */
  uploadQueue: string[];
  /**
   * Present while households of a first pull may lack their search tokens: every household whose id is at
   * most `after` has them (client/db/search-index.ts builds the rest).
   */
  searchTokensPending: { after: string };
  /**
   * The sent-through watermark: the highest outbox seq a push has taken to send. Pending rows at or below
   * it are being sent and never change (client/db/outbox.ts).
   */
  sentThrough: number;
}

/** A household the county merged into another one (one person, one file): where its file went. */
export interface MergedHousehold {
  survivorId: string;
  /** The tombstone's `updatedAt`. */
  mergedAt: string;
}
export type MetaKey = keyof MetaValues;

/** Live households per list bucket (`all`, `stage:<stage>`, `category:<category>`, `pending:1`), and `deleted`. */
export type HouseholdCounts = Record<string, number>;

/** What the server remembered about unsynced work that is not on this tablet (see client/sync/lost-work.ts). */
export interface LostWorkNotice {
  pendingCount: number;
  /** When the device last reported that count (ISO). */
  reportedAt: string | null;
  /** True when the count was reported by this very device id (e.g. after a logout that discarded work). */
  sameDevice: boolean;
  detectedAt: string;
}
export interface MetaRow {
  key: MetaKey;
  value: unknown;
}

/** A photo or scanned document, stored once by content hash. */
export interface BlobRow {
  sha256: string;
  blob: Blob;
  type: string;
  bytes: number;
  createdAt: string;
}

/**
 * Rows the server sends and the tablet only reads (conflicts to resolve, reviewer comments, the case's
 * history in the closed loop). The sync engine fills them; `data` carries the server's fields.
 */
export interface ServerRow {
  id: string;
  householdId: string | null;
  unitId: string;
  data: RecordData;
  createdAt: string;
}

/** A field both sides changed differently, waiting for a person to choose. */
export interface ConflictRow extends ServerRow {
  type: RecordType;
  recordId: string;
}
