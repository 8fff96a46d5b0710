import type { ClientApi } from './client-api';
import * as list from './page-list';
import * as net from './page-net';
import * as sync from './page-sync';

/**
 * What the benchmark calls inside the tablet's page (`window.__bangfuBench`), with the client modules
 * already bound. Every function returns plain data so it crosses `page.evaluate` as JSON.
 */
export function createPageApi(client: ClientApi) {
  return {
    timedSync: () => sync.timedSync(client),
    countRecords: () => sync.countRecords(client),
    countAcked: () => sync.countAcked(client),
    timedSearchIndex: () => sync.timedSearchIndex(client),
    rawBulkWrite: (chunk?: number) => sync.rawBulkWrite(client, chunk),
    queueFinalVisits: (count: number, seed: number) => sync.queueFinalVisits(client, count, seed),
    pushBreakdown: () => sync.pushBreakdown(client),
    rawPushFloor: () => sync.rawPushFloor(client),
    queueDayOfWork: (visits: number, photosPerVisit: number, photoBytes: number, seed: number) =>
      net.queueDayOfWork(client, visits, photosPerVisit, photoBytes, seed),
    startUploadCount: () => net.startUploadCount(),
    takeUploadCount: () => net.takeUploadCount(),
    seedHouseholds: (count: number, seed: number) => list.seedHouseholds(client, count, seed),
    hasListModule: () => client.householdList !== null,
    timeListQuery: (label: string, search: string) => list.timeListQuery(client, label, search),
    timeListFirstScreen: () => list.timeListFirstScreen(),
    goHome: () => list.goHome(),
    listBreakdown: () => list.listBreakdown(client),
    timeSearch: (text: string, expectedFirstId: string | null) => list.timeSearch(text, expectedFirstId),
    clearSearch: (firstId: string | null) => list.clearSearch(firstId),
    timeAutosave: (samples: number, seed: number) => list.timeAutosave(client, samples, seed),
  };
}

export type PageApi = ReturnType<typeof createPageApi>;

/** The global the bundle installs; read it only inside `page.evaluate`. */
export const PAGE_API_GLOBAL = '__bangfuBench';
