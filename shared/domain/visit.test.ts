import { describe, expect, it } from 'vitest';
import { missingSignatures } from './authorization';
import { CHECKLISTS, missingChecklistItems, type ChecklistEntry } from './checklist';
import { validateDraft, validateFinal } from './records';
import { FIXTURE_TODAY, sampleVisit } from './test-fixtures';

const opts = { today: FIXTURE_TODAY };
const tick = (...ids: string[]) =>
  ids.map((itemId) => ({ itemId, ticked: true, attachmentShas: [] as string[] }));
const BASE_NEW = [
  'personal_application',
  'authorization_form',
  'id_cards',
  'household_register',
  'income_bank_statements',
];

describe('materials checklist (附件1)', () => {
  it('needs every "all" item, one labour-relation proof and at least one cause proof for a new applicant', () => {
    expect(missingChecklistItems('new', tick(...BASE_NEW, 'wage_slips', 'diagnosis'))).toEqual([]);
    const missing = missingChecklistItems('new', tick(...BASE_NEW));
    expect(missing.map((m) => m.label)).toEqual(['劳动关系类资料（任选一种）', '致困类资料（至少一种）']);
    expect(missing[0]?.itemIds).toContain('unemployment_certificate');
  });

  it('counts only ticked items', () => {
    const entries: ChecklistEntry[] = [
      ...tick(...BASE_NEW, 'diagnosis'),
      { itemId: 'wage_slips', ticked: false, attachmentShas: [] },
    ];
    expect(missingChecklistItems('new', entries).map((m) => m.groupId)).toEqual(['labour']);
    expect(
      missingChecklistItems('new', [])
        .filter((m) => m.groupId === 'identity')
        .map((m) => m.label),
    ).toEqual(['申请人及家庭成员身份证复印件', '户口簿复印件']);
  });

  it('asks an already-filed applicant only for the relief form; changed materials are optional', () => {
    expect(missingChecklistItems('filed', []).map((m) => m.label)).toEqual(['在档困难职工申请救助表']);
    expect(missingChecklistItems('filed', tick('filed_relief_application'))).toEqual([]);
    expect(CHECKLISTS.filed.find((g) => g.id === 'changes')?.rule).toBe('optional');
  });
});

describe('visit (走访调查表) rules', () => {
  it('refuses to finalise with missing materials or without the head signature, saying what is missing', () => {
    const visit = sampleVisit({ checklist: tick(...BASE_NEW, 'diagnosis'), signatures: [] });
    expect(validateDraft('visit', visit, opts).ok).toBe(true);
    const result = validateFinal('visit', visit, opts);
    expect(result.ok ? [] : result.issues.map((i) => i.message)).toEqual([
      '材料清单缺少劳动关系类资料（任选一种）',
      '授权书签名缺少户主签名',
    ]);
  });

  it('refuses checklist items of the other applicant kind and duplicates', () => {
    const visit = sampleVisit({
      applicantKind: 'filed',
      checklist: tick('filed_relief_application', 'personal_application', 'filed_relief_application'),
    });
    const result = validateDraft('visit', visit, opts);
    expect(result.ok ? [] : result.issues).toEqual([
      { path: 'checklist.1.itemId', message: '材料清单第2项材料编号不属于该类申请人的材料清单' },
      { path: 'checklist.2.itemId', message: '材料清单第3项材料编号重复' },
    ]);
  });

  it('accepts a visit without GPS and refuses an impossible position', () => {
    expect(validateFinal('visit', sampleVisit({ gps: null }), opts).ok).toBe(true);
    const bad = validateDraft(
      'visit',
      { gps: { lat: 95, lng: 115, accuracyM: 5, at: '2026-04-10T02:30:00.000Z' } },
      opts,
    );
    expect(bad.ok ? [] : bad.issues.map((i) => i.message)).toEqual(['GPS 位置纬度不能大于90']);
  });

  it('requires the minor named on a guardian signature', () => {
    const sha = 'b'.repeat(64);
    const visit = sampleVisit({
      signatures: [
        {
          memberId: null,
          signerName: '张建国',
          role: 'guardian',
          signedAt: '2026-04-10T02:40:00.000Z',
          attachmentSha: sha,
        },
      ],
    });
    const result = validateDraft('visit', visit, opts);
    expect(result.ok ? [] : result.issues.map((i) => i.message)).toEqual([
      '授权书签名第1项被监护人姓名为监护人签名时必须填写被监护的未成年人姓名',
    ]);
  });
});

describe('authorization signatures (核对承诺授权书)', () => {
  const members = [
    { id: 'm-wife', name: '王芳', birthDate: '1982-01-01' },
    { id: 'm-son', name: '张小明', birthDate: '2012-06-01' },
    { id: 'm-daughter', name: '张小红', birthDate: '2008-04-15' },
  ];

  it('wants the head, each adult, and a guardian for each minor', () => {
    const missing = missingSignatures({ headName: '张建国', members, signatures: [], today: FIXTURE_TODAY });
    expect(missing.map((m) => m.message)).toEqual([
      '缺少户主张建国的签名',
      '缺少家庭成员王芳的签名',
      '缺少未成年人张小明的监护人签名',
      // Turns 18 on the visit day, so signs herself.
      '缺少家庭成员张小红的签名',
    ]);
  });

  it('is satisfied when everyone has signed', () => {
    const signatures = [
      { memberId: null, role: 'head' as const, minorName: null },
      { memberId: 'm-wife', role: 'adult' as const, minorName: null },
      { memberId: 'm-wife', role: 'guardian' as const, minorName: '张小明' },
      { memberId: 'm-daughter', role: 'adult' as const, minorName: null },
    ];
    expect(missingSignatures({ headName: '张建国', members, signatures, today: FIXTURE_TODAY })).toEqual([]);
  });
});
