/** The name of the tablet's one IndexedDB database (database.ts opens it with Dexie, session-peek.ts raw). */
export const DATABASE_NAME = 'bangfu';
