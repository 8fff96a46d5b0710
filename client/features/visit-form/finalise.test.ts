import { describe, expect, it } from 'vitest';
import {
  FIXTURE_TODAY,
  sampleHousehold,
  sampleMember,
  sampleVisit,
  withCheckChar,
} from '../../../shared/domain/test-fixtures';
import { finaliseProblems, type FinaliseInput } from './finalise';

const SHA = 'b'.repeat(64);

function completeInput(): FinaliseInput {
  const visit = sampleVisit();
  return {
    householdId: 'hh-1',
    // Closed-loop state the server keeps on the household is not the form's business.
    household: { ...sampleHousehold(), returnComments: '补充银行流水', returnItems: ['银行流水'] },
    visitId: 'v-1',
    visit: {
      ...visit,
      signatures: [
        ...visit.signatures,
        {
          memberId: null,
          signerName: '张建国',
          role: 'guardian',
          minorName: '张小明',
          signedAt: '2026-04-10T02:45:00.000Z',
          attachmentSha: SHA,
        },
      ],
    },
    members: [{ id: 'm-1', data: sampleMember() }],
    today: FIXTURE_TODAY,
  };
}

describe('finalising a visit', () => {
  it('has nothing to report for a complete form', () => {
    expect(finaliseProblems(completeInput())).toEqual([]);
  });

  it('names each missing field in Chinese and links to it', () => {
    const input = completeInput();
    input.household = {
      ...input.household,
      mobile: null,
      headIdNumber: withCheckChar('34160219800312001').slice(0, 17) + '0',
    };
    input.visit = { ...input.visit, preliminaryOpinion: '' };
    const problems = finaliseProblems(input);
    expect(problems).toContainEqual(
      expect.objectContaining({ anchor: 'household-mobile', message: '联系电话必须填写' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        anchor: 'household-headIdNumber',
        message: expect.stringContaining('校验位'),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ anchor: 'visit-preliminaryOpinion', message: '初审意见必须填写' }),
    );
  });

  it('says which member lacks what', () => {
    const input = completeInput();
    input.members = [{ id: 'm-1', data: { ...sampleMember(), monthlyIncomeFen: null } }];
    expect(finaliseProblems(input)).toEqual([
      {
        anchor: 'member-m-1-monthlyIncomeFen',
        message: '家庭成员1（张小明）：成员月收入必须填写',
        target: { type: 'member', id: 'm-1' },
        field: 'monthlyIncomeFen',
      },
    ]);
  });

  it('lists missing materials and signatures once each, by name', () => {
    const input = completeInput();
    input.visit = { ...input.visit, checklist: [], signatures: [] };
    const messages = finaliseProblems(input).map((p) => p.message);
    expect(messages).toContain('材料清单缺少困难职工本人申请');
    expect(messages).toContain('材料清单缺少劳动关系类资料（任选一种）');
    expect(messages).toContain('授权书缺少户主张建国的签名');
    expect(messages).toContain('授权书缺少未成年人张小明的监护人签名');
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('refuses a member listed with the head’s ID number, under that member’s ID field', () => {
    const input = completeInput();
    const headId = String(input.household.headIdNumber);
    input.members = [{ id: 'm-1', data: { ...sampleMember(), idNumber: headId.toLowerCase() } }];
    expect(finaliseProblems(input)).toContainEqual({
      anchor: 'member-m-1-idNumber',
      message: '家庭成员1（张小明）：成员身份证号与户主相同：同一人在一个家庭中只能登记一次',
      target: { type: 'member', id: 'm-1' },
      field: 'idNumber',
    });
  });
});
