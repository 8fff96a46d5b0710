import { sampleHousehold, sampleMember, sampleVisit } from '../../shared/domain/test-fixtures';
import type { Household } from '../../shared/domain/household';
import type { Member } from '../../shared/domain/member';
import type { Visit } from '../../shared/domain/visit';
import type { JsonObject } from '../../shared/sync/canonical-json';
import type { RecordChange } from '../../shared/sync/changes';
import { LOOP_STAGES, type LoopStage } from '../../shared/loop/stages';
import { createRng, type Rng } from './prng';
import * as words from './words';

/**
 * The benchmark's data set: households of one grid with their members and past visits, generated from a
 * seed so that every run (and the browser and Node sides of one run) sees the same records. Values are
 * valid for the shared schemas (ID numbers agree with birth date and sex, check characters included).
 */

/** The demo grid the benchmark's grid worker (`grid`) belongs to. */
export const BENCH_GRID = '341602001001';
export const BENCH_TODAY = '2026-11-20';

export interface BenchRecord {
  type: 'household' | 'member' | 'visit';
  id: string;
  unitId: string;
  data: JsonObject;
}

export interface HouseholdOptions {
  /**
   * 'opening': the case fields a tablet may set on a new household (stage `entry`), as records seeded
   * through the push service must have. 'spread': stages and categories as a grid's list shows them after
   * months of work (the server's commands would have set them).
   */
  caseFields: 'opening' | 'spread';
}

// How a grid's cases are spread over the loop after a year of work (most are managed or in progress).
const STAGE_WEIGHTS: Partial<Record<LoopStage, number>> = {
  entry: 6,
  visit: 8,
  returned: 3,
  township_check: 3,
  county_review: 4,
  comparison: 2,
  classification: 2,
  plan: 2,
  public_notice: 2,
  filing: 2,
  disbursement: 4,
  managed: 50,
  phase_out: 4,
  exited: 8,
};
const WEIGHTED_STAGES: LoopStage[] = LOOP_STAGES.flatMap((stage) =>
  Array.from({ length: STAGE_WEIGHTS[stage] ?? 0 }, () => stage),
);

function asJson<T extends object>(value: T): JsonObject {
  return value as unknown as JsonObject;
}

export function household(rng: Rng, unitId: string, options: HouseholdOptions): BenchRecord {
  const sex: words.Sex = rng.chance(0.6) ? 'male' : 'female';
  const birth = words.birthDate(rng, 1958, 1995);
  const ill = rng.chance(0.45);
  const [bankName, bankBranch, cardPrefix] = rng.pick(words.BANKS);
  const employed = rng.chance(0.3);
  const stage = options.caseFields === 'opening' ? 'entry' : rng.pick(WEIGHTED_STAGES);
  const classified = !['entry', 'visit', 'returned', 'township_check', 'county_review', 'comparison'].includes(
    stage,
  );
  const data: Household = sampleHousehold({
    headName: words.personName(rng, sex),
    headSex: sex,
    headBirthDate: birth,
    headIdNumber: words.idNumber(rng, birth, sex),
    headPoliticalStatus: rng.chance(0.1) ? 'cpc_member' : 'masses',
    headHealth: ill ? rng.pick(['chronic_illness', 'serious_illness'] as const) : 'healthy',
    headDiseaseName: ill ? rng.pick(words.DISEASES) : null,
    headWorkStatus: employed ? 'employed' : rng.pick(['laid_off', 'unemployed', 'flexible'] as const),
    employerName: employed ? rng.pick(words.EMPLOYERS) : null,
    employerNature: employed ? rng.pick(['state_owned', 'private', 'collective'] as const) : null,
    industry: employed ? rng.pick(['C', 'E', 'F', 'G', 'H'] as const) : null,
    headMarriage: rng.pick(['married', 'married', 'married', 'divorced', 'widowed', 'unmarried'] as const),
    mobile: words.mobile(rng),
    address: words.address(rng),
    housingType: rng.pick(['own', 'rented', 'public_rental', 'borrowed'] as const),
    housingAreaM2: rng.int(180, 1200) / 10,
    headMonthlyIncomeFen: rng.int(0, 30) * 10_000,
    otherAnnualIncomeFen: rng.int(0, 12) * 100_000,
    medicalExpensesAnnualFen: ill ? rng.int(2, 60) * 100_000 : 0,
    schoolingExpensesAnnualFen: rng.int(0, 5) * 100_000,
    receivesDibao: rng.chance(0.2),
    mainCause: rng.pick([1, 2, 3, 4, 5] as const),
    secondaryCauses: rng.chance(0.5) ? [rng.pick([6, 7, 8, 9, 10] as const)] : [],
    bankName,
    bankBranch,
    bankCardNumber: cardPrefix + String(rng.int(0, 9_999_999_999)).padStart(13, '0'),
    unitId,
    stage,
    category:
      options.caseFields === 'spread' && classified
        ? rng.pick(['deep', 'relative', 'relative', 'sudden'] as const)
        : 'unclassified',
    entryChannel: rng.pick(['grassroots_found', 'worker_applied'] as const),
    cycle: 1,
  });
  return { type: 'household', id: rng.uuid(), unitId, data: asJson(data) };
}

export function member(rng: Rng, head: BenchRecord, relation: 'spouse' | 'child' | 'parent'): BenchRecord {
  const headData = head.data as unknown as Household;
  const headYear = Number(headData.headBirthDate.slice(0, 4));
  const sex: words.Sex =
    relation === 'spouse' ? (headData.headSex === 'male' ? 'female' : 'male') : rng.pick(['male', 'female']);
  const birth =
    relation === 'spouse'
      ? words.birthDate(rng, headYear - 4, Math.min(headYear + 4, 2000))
      : relation === 'child'
        ? words.birthDate(rng, Math.max(headYear + 20, 1995), Math.min(headYear + 40, 2022))
        : words.birthDate(rng, Math.max(headYear - 35, 1930), headYear - 20);
  const surname = relation === 'spouse' ? words.randomSurname(rng) : words.surnameOf(headData.headName);
  const student = relation === 'child' && Number(birth.slice(0, 4)) >= 2004;
  const data: Member = sampleMember({
    householdId: head.id,
    name: words.personName(rng, sex, surname),
    relation,
    sex,
    birthDate: birth,
    idNumber: words.idNumber(rng, birth, sex),
    monthlyIncomeFen: student ? 0 : rng.int(0, 25) * 10_000,
    health: 'healthy',
    medicalInsurance: student ? 'resident' : rng.pick(['employee', 'resident'] as const),
    workStatus: student ? 'student' : rng.pick(['employed', 'laid_off', 'retired', 'flexible'] as const),
    schoolName: student ? rng.pick(words.SCHOOLS) : null,
    schoolStage: student ? rng.pick(['primary', 'junior', 'senior', 'college'] as const) : null,
    schoolGrade: student ? rng.int(1, 3) : null,
  });
  return { type: 'member', id: rng.uuid(), unitId: head.unitId, data: asJson(data) };
}

/** A finalised visit form of a household, as the tablet stores it (checklist, signatures, GPS, figures). */
export function visit(rng: Rng, head: BenchRecord, memberCount: number, visitDate: string): BenchRecord {
  const headData = head.data as unknown as Household;
  const sha = () => rng.uuid().replaceAll('-', '').padEnd(64, '0').slice(0, 64);
  const annual = (headData.headMonthlyIncomeFen ?? 0) * 12 + (headData.otherAnnualIncomeFen ?? 0);
  const rigid = (headData.medicalExpensesAnnualFen ?? 0) + (headData.schoolingExpensesAnnualFen ?? 0);
  const size = memberCount + 1;
  const base = sampleVisit();
  const data: Visit = sampleVisit({
    householdId: head.id,
    unitId: head.unitId,
    visitDate,
    visitorName: rng.pick(words.WORKER_NAMES),
    gps: {
      lat: 33.84 + rng.next() * 0.08,
      lng: 115.74 + rng.next() * 0.08,
      accuracyM: rng.int(5, 60),
      at: `${visitDate}T0${rng.int(1, 8)}:${String(rng.int(10, 59))}:00.000Z`,
    },
    findings: words.findings(rng, headData.headName, headData.headDiseaseName ?? null, memberCount),
    checklist: base.checklist.map((entry) => ({ ...entry, attachmentShas: [sha()] })),
    signatures: base.signatures.map((s) => ({ ...s, signerName: headData.headName, attachmentSha: sha() })),
    householdSize: size,
    annualIncomeFen: annual,
    rigidExpensesFen: rigid,
    perCapitaMonthlyIncomeFen: Math.max(0, Math.round((annual - rigid) / 12 / size)),
  });
  return { type: 'visit', id: rng.uuid(), unitId: head.unitId, data: asJson(data) };
}

function pastDate(rng: Rng): string {
  return `2026-${String(rng.int(1, 10)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

/**
 * `count` records of one grid in dependency order: each household, then its members (spouse, children,
 * sometimes a parent), then sometimes a past final visit. About 45% are households.
 */
export function gridRecords(seed: number, count: number, options: HouseholdOptions): BenchRecord[] {
  const rng = createRng(seed);
  const out: BenchRecord[] = [];
  while (out.length < count) {
    const head = household(rng, BENCH_GRID, options);
    const family: BenchRecord[] = [head];
    if (rng.chance(0.6)) family.push(member(rng, head, 'spouse'));
    for (let i = rng.int(0, 2); i > 0; i--) family.push(member(rng, head, 'child'));
    if (rng.chance(0.1)) family.push(member(rng, head, 'parent'));
    if (rng.chance(0.3)) family.push(visit(rng, head, family.length - 1, pastDate(rng)));
    out.push(...family.slice(0, count - out.length));
  }
  return out;
}

/** `count` households only (for the list benchmark), with case fields spread over the loop. */
export function gridHouseholds(seed: number, count: number): BenchRecord[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => household(rng, BENCH_GRID, { caseFields: 'spread' }));
}

/** New finalised visits of existing households, one each, round robin over `households`. */
export function newVisits(seed: number, households: readonly BenchRecord[], count: number): BenchRecord[] {
  const rng = createRng(seed);
  const heads = households.filter((r) => r.type === 'household');
  return Array.from({ length: count }, (_, i) => {
    const head = heads[i % heads.length];
    if (!head) throw new Error('no household to visit');
    return visit(rng, head, rng.int(0, 3), BENCH_TODAY);
  });
}

/** The change a tablet sends for a record it created: every field from null. */
export function creationChange(record: BenchRecord, changeId: string): RecordChange {
  const fields: RecordChange['fields'] = {};
  for (const [key, value] of Object.entries(record.data)) {
    if (value !== null) fields[key] = { from: null, to: value };
  }
  return {
    kind: 'record',
    changeId,
    type: record.type,
    id: record.id,
    op: 'upsert',
    unitId: record.unitId,
    baseRev: null,
    fields,
  };
}

/** Splits a list into batches of `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
