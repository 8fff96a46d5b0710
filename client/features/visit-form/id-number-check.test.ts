import { describe, expect, it } from 'vitest';
import type { IdentityMatch } from '../../../shared/identity/api';
import { completeIdNumber, localMatchText, serverMatchesToShow } from './id-number-check';

const TODAY = '2026-12-07';
const VALID = '34160219800101123X';

function match(partial: Partial<IdentityMatch>): IdentityMatch {
  return {
    role: 'head',
    stage: 'county_review',
    stageLabel: '县总审核',
    unitName: '谯城区花戏楼街道',
    contact: '谯城区总工会帮扶中心',
    message: '已在谯城区花戏楼街道建档（县总审核中），请联系谯城区总工会帮扶中心核实',
    inScope: false,
    caseId: null,
    headName: null,
    ...partial,
  };
}

describe('ID number warnings', () => {
  it('asks the server only about a complete, valid number, normalised', () => {
    expect(completeIdNumber(` ${VALID.toLowerCase()}`, TODAY)).toBe(VALID);
    expect(completeIdNumber(VALID.slice(0, 17), TODAY)).toBeNull();
    expect(completeIdNumber('341602198001011231', TODAY)).toBeNull();
    expect(completeIdNumber(null, TODAY)).toBeNull();
  });

  it('names the other household on this tablet', () => {
    expect(
      localMatchText({
        householdId: 'h',
        role: 'member',
        personName: '李小',
        headName: '李梅',
        address: '花园小区3栋',
      }),
    ).toBe('该身份证号已在本机另一户登记为家庭成员（李小）：户主李梅，花园小区3栋');
    expect(
      localMatchText({ householdId: 'h', role: 'head', personName: null, headName: null, address: null }),
    ).toBe('该身份证号已在本机另一户登记为户主：户主（未填写姓名）');
  });

  it('leaves out server matches the tablet already names, and repeated sentences', () => {
    const local = [
      { householdId: 'h1', role: 'head' as const, personName: null, headName: null, address: null },
    ];
    const shown = serverMatchesToShow(
      [match({ caseId: 'h1', inScope: true }), match({}), match({ role: 'member' })],
      local,
    );
    expect(shown).toHaveLength(1);
    expect(shown[0]?.caseId).toBeNull();
  });
});
