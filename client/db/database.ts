import { Dexie, type Table } from 'dexie';
import type { RecordType } from '../../shared/domain/records';
import type {
  BlobRow,
  HouseholdCounts,
  ConflictRow,
  LocalRecord,
  MetaRow,
  NewOutboxRow,
  OutboxRow,
  ServerRow,
  SessionRow,
} from './types';
import { ackedMiddleware, type AckedRow } from './acked';
import { DATABASE_NAME } from './database-name';
import { COUNTS_KEY, addToCounts, householdCountsMiddleware } from './household-counts';
import { identityKeyOf } from './identity-keys';
import { householdSearchTokens } from './search-tokens';

/**
 * The tablet's one IndexedDB database. Only modules in client/db/ touch its tables; components and the sync
 * engine go through the functions those modules export. Schema changes add a new `version(n)` below (never
 * edit a released one) with an upgrade function when existing rows must change.
 */
export class BangfuDatabase extends Dexie {
  session!: Table<SessionRow, 'current'>;
  meta!: Table<MetaRow, string>;
  households!: Table<LocalRecord, string>;
  members!: Table<LocalRecord, string>;
  visits!: Table<LocalRecord, string>;
  attachments!: Table<LocalRecord, string>;
  blobs!: Table<BlobRow, string>;
  trainings!: Table<LocalRecord, string>;
  selfAssessments!: Table<LocalRecord, string>;
  visitRounds!: Table<LocalRecord, string>;
  comparisonBatches!: Table<LocalRecord, string>;
  conflicts!: Table<ConflictRow, string>;
  comments!: Table<ServerRow, string>;
  caseEvents!: Table<ServerRow, string>;
  duplicateFindings!: Table<ServerRow, string>;
  monitoringEntries!: Table<ServerRow, string>;
  outbox!: Table<OutboxRow, number, NewOutboxRow>;
  /** Acknowledged visits and members whose rows were not rewritten (client/db/acked.ts). */
  acked!: Table<AckedRow, number>;

  constructor(name = DATABASE_NAME) {
    super(name);
    const record = 'id, unitId, householdId, pending, deleted, updatedAt';
    this.version(1).stores({
      session: 'key',
      meta: 'key',
      households: `${record}, data.name, data.idNumber, data.mobile, data.stage, data.category, *searchTokens`,
      members: record,
      visits: record,
      attachments: `${record}, data.sha256`,
      blobs: 'sha256',
      trainings: record,
      selfAssessments: record,
      visitRounds: record,
      comparisonBatches: record,
      conflicts: 'id, recordId, householdId, createdAt',
      comments: 'id, householdId, createdAt',
      caseEvents: 'id, householdId, createdAt',
      outbox: '++seq, &changeId, [type+recordId], recordId, state',
    });
    // Household keys carry the head prefix (headName, headIdNumber). The compound indexes let the
    // "My households" list count and page any single filter, newest change first, without reading rows;
    // the visit index answers "which households had a final visit since <date>" from keys alone.
    this.version(2)
      .stores({
        households:
          `${record}, data.headName, data.headIdNumber, data.mobile, data.stage, data.category, ` +
          '*searchTokens, [deleted+updatedAt], [deleted+data.stage+updatedAt], ' +
          '[deleted+data.category+updatedAt], [deleted+pending+updatedAt]',
        visits: `${record}, [data.status+data.visitDate+householdId]`,
      })
      .upgrade((tx) =>
        tx
          .table<LocalRecord, string>('households')
          .toCollection()
          .modify((row) => {
            row.searchTokens = householdSearchTokens(row.data);
          }),
      );
    // Every index is written on every put, and a first sync writes 50,000 rows: only indexes a query
    // uses stay. Households are listed, counted and searched through the compound `[deleted+…]` indexes
    // (a `deleted` count is a range of `[deleted+updatedAt]`); members and visits are read per household.
    // Address tokens no longer start inside the province/city/district prefix every household shares.
    // The list's counts are kept in `meta` from here on (household-counts.ts), counted once here.
    this.version(3)
      .stores({
        households:
          'id, *searchTokens, [deleted+updatedAt], [deleted+data.stage+updatedAt], ' +
          '[deleted+data.category+updatedAt], [deleted+pending+updatedAt]',
        members: 'id, householdId',
        visits: 'id, householdId, deleted, [data.status+data.visitDate+householdId]',
      })
      .upgrade((tx) =>
        tx
          .table<LocalRecord, string>('households')
          .toCollection()
          .modify((row) => {
            row.searchTokens = householdSearchTokens(row.data);
          })
          .then(async () => {
            const counts: HouseholdCounts = {};
            await tx.table<LocalRecord, string>('households').each((row) => addToCounts(counts, row));
            await tx.table<MetaRow, string>('meta').put({ key: COUNTS_KEY, value: counts });
          }),
      );
    // One person, one file (issue 9): the normalised ID number of a household's head and of each member
    // (`idKey`, identity-keys.ts) is indexed, so the form warns at once when a number is already on this
    // tablet; the server's duplicate findings are kept like comments and case events.
    this.version(4)
      .stores({
        households:
          'id, *searchTokens, [deleted+updatedAt], [deleted+data.stage+updatedAt], ' +
          '[deleted+data.category+updatedAt], [deleted+pending+updatedAt], idKey',
        members: 'id, householdId, idKey',
        duplicateFindings: 'id, householdId, createdAt',
      })
      .upgrade(async (tx) => {
        for (const [table, type] of [
          ['households', 'household'],
          ['members', 'member'],
        ] as const) {
          await tx
            .table<LocalRecord, string>(table)
            .toCollection()
            .modify((row) => {
              const key = identityKeyOf(type, row.data);
              if (key) row.idKey = key;
            });
        }
      });
    // Households on the monitoring register (issue 10): the server's `monitoringEntry` records, kept like
    // duplicate findings; they make a household due in every visit round (monitoring.ts, round-due.ts).
    this.version(5).stores({
      monitoringEntries: 'id, householdId',
    });
    // A push's answer no longer rewrites each acknowledged visit or member: one row per answer here
    // carries their new revs, laid over the records wherever they are read (client/db/acked.ts).
    this.version(6).stores({
      acked: '++seq',
    });
    this.use(householdCountsMiddleware);
    this.use(ackedMiddleware);
  }
}

export { DATABASE_NAME };

/** The singleton every client module uses. */
export const db = new BangfuDatabase();

/** The table of each record type (shared/domain/records.ts names the types). */
export const RECORD_TABLES = {
  household: 'households',
  member: 'members',
  visit: 'visits',
  attachment: 'attachments',
  training: 'trainings',
  selfAssessment: 'selfAssessments',
  visitRound: 'visitRounds',
  comparisonBatch: 'comparisonBatches',
} as const satisfies Record<RecordType, keyof BangfuDatabase>;

export function recordTable(type: RecordType): Table<LocalRecord, string> {
  return db[RECORD_TABLES[type]];
}
