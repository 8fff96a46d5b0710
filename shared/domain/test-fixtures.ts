import { idNumberCheckChar } from '../validation/id-number';
import type { Household } from './household';
import type { Member } from './member';
import type { Visit } from './visit';

/**
 * Complete, valid records for unit tests and benchmarks elsewhere in the project. Not used by the app.
 * ID numbers get their check character computed so they stay valid.
 */
export function withCheckChar(first17: string): string {
  return first17 + idNumberCheckChar(first17);
}

export const FIXTURE_TODAY = '2026-04-15';
const SHA = 'a'.repeat(64);

export function sampleHousehold(overrides: Partial<Household> = {}): Household {
  return {
    headName: '张建国',
    headEthnicity: '01',
    headSex: 'male',
    headPoliticalStatus: 'masses',
    headIdNumber: withCheckChar('34160219800312001'),
    headBirthDate: '1980-03-12',
    headHealth: 'chronic_illness',
    headDiseaseName: '糖尿病',
    headDisabilityType: 'none',
    headWorkStatus: 'laid_off',
    headMarriage: 'married',
    headHukouType: 'urban',
    headMedicalInsurance: 'employee',
    singleParent: false,
    mobile: '13912345678',
    address: '安徽省亳州市谯城区薛阁街道某小区3栋201',
    housingType: 'rented',
    housingAreaM2: 45.5,
    headMonthlyIncomeFen: 120_000,
    otherAnnualIncomeFen: 0,
    medicalExpensesAnnualFen: 600_000,
    disabilityExpensesAnnualFen: 0,
    schoolingExpensesAnnualFen: 300_000,
    receivesDibao: false,
    zeroEmployment: false,
    mainCause: 6,
    secondaryCauses: [9],
    category: 'unclassified',
    bankName: '中国工商银行',
    bankBranch: '亳州分行营业部',
    bankCardNumber: '6222021234567890123',
    unitId: '341602001001',
    stage: 'visit',
    entryChannel: 'grassroots_found',
    cycle: 1,
    ...overrides,
  };
}

export function sampleMember(overrides: Partial<Member> = {}): Member {
  return {
    householdId: 'hh-1',
    name: '张小明',
    relation: 'child',
    idNumber: withCheckChar('34160220120601003'),
    sex: 'male',
    birthDate: '2012-06-01',
    monthlyIncomeFen: 0,
    health: 'healthy',
    disabilityType: 'none',
    medicalInsurance: 'resident',
    workStatus: 'student',
    schoolName: '亳州市第一中学',
    schoolStage: 'junior',
    schoolGrade: 2,
    ...overrides,
  };
}

export function sampleVisit(overrides: Partial<Visit> = {}): Visit {
  const ticked = (itemId: string) => ({ itemId, ticked: true, attachmentShas: [SHA] });
  return {
    householdId: 'hh-1',
    unitId: '341602001001',
    visitDate: '2026-04-10',
    visitorName: '李网格',
    gps: { lat: 33.8712, lng: 115.7793, accuracyM: 12, at: '2026-04-10T02:30:00.000Z' },
    findings: '户主下岗，患糖尿病，长期服药；子女上初中。',
    applicantKind: 'new',
    checklist: [
      ticked('personal_application'),
      ticked('authorization_form'),
      ticked('id_cards'),
      ticked('household_register'),
      ticked('layoff_certificate'),
      ticked('income_bank_statements'),
      ticked('medical_bills'),
      ticked('student_card'),
    ],
    signatures: [
      {
        memberId: null,
        signerName: '张建国',
        role: 'head',
        signedAt: '2026-04-10T02:40:00.000Z',
        attachmentSha: SHA,
      },
    ],
    preliminaryOpinion: '情况属实，材料齐全，同意上报。',
    preliminaryResult: 'pass',
    householdSize: 2,
    annualIncomeFen: 1_440_000,
    rigidExpensesFen: 900_000,
    perCapitaMonthlyIncomeFen: 22_500,
    status: 'final',
    ...overrides,
  };
}
