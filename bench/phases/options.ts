/** Sizes of one benchmark run; `--quick` shrinks them for a smoke run while developing the benchmark. */
export interface BenchOptions {
  /** Records of the grid on the server for the initial sync (households, members, past visits). */
  records: number;
  /** Finalised visits pushed from the tablet, and again in-process and over HTTP. */
  visits: number;
  /** Households on the tablet for the list and search figures. */
  households: number;
  /** Households of the city in the office phase (each with about three members). */
  officeHouseholds: number;
  autosaveSamples: number;
  /** Syncs with nothing new (the median is reported). */
  noopRuns: number;
  /** Visits to the household list screen (the first and the median are reported). */
  listRuns: number;
  /** The network phase's field day: finalised visits, photos of ~300 KB each, and whether to run 2G too. */
  netDayVisits: number;
  netPhotosPerVisit: number;
  net2g: boolean;
  /** `--first-screen`: the network phase measures only the first screen (cold and warm), nothing else. */
  netFirstScreenOnly: boolean;
  /** `--net-sync`: the network phase measures only the initial sync on 3G (no first screen, day, or 2G). */
  netSyncOnly: boolean;
  /** Cold and warm first loads measured (the median is the figure; every run is in the note). */
  firstScreenRuns: number;
  seed: number;
  /** Record CPU profiles of the tablet's page around the initial sync and the push (slows them down). */
  profile: boolean;
}

export const FULL_OPTIONS: BenchOptions = {
  records: 50_000,
  visits: 10_000,
  households: 50_000,
  officeHouseholds: 100_000,
  autosaveSamples: 500,
  noopRuns: 5,
  listRuns: 5,
  netDayVisits: 30,
  netPhotosPerVisit: 5,
  net2g: true,
  netFirstScreenOnly: false,
  netSyncOnly: false,
  firstScreenRuns: 3,
  seed: 20_261_125,
  profile: false,
};

export const QUICK_OPTIONS: BenchOptions = {
  ...FULL_OPTIONS,
  records: 3_000,
  visits: 1_000,
  households: 3_000,
  officeHouseholds: 5_000,
  autosaveSamples: 100,
  noopRuns: 3,
  listRuns: 3,
  netDayVisits: 5,
  netPhotosPerVisit: 2,
  net2g: false,
  firstScreenRuns: 1,
};
