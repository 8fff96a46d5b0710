import { describe, expect, it } from 'vitest';
import { repeatedIdsInHousehold } from './household-ids';

const HEAD = '34160219800101123X';
const OTHER = '341602198501011236';

describe('repeatedIdsInHousehold', () => {
  it('flags a member with the head’s number, compared normalised', () => {
    const found = repeatedIdsInHousehold({ name: '张建国', idNumber: HEAD }, [
      { memberId: 'm1', name: '李梅', idNumber: OTHER },
      { memberId: 'm2', name: '张小', idNumber: ` ${HEAD.toLowerCase()} ` },
    ]);
    expect(found).toEqual([
      {
        memberId: 'm2',
        firstMemberId: null,
        message: '成员身份证号与户主相同：同一人在一个家庭中只能登记一次',
      },
    ]);
  });

  it('flags the second of two members with one number, and ignores blanks', () => {
    const found = repeatedIdsInHousehold({ name: null, idNumber: null }, [
      { memberId: 'm1', name: '李梅', idNumber: OTHER },
      { memberId: 'm2', name: null, idNumber: '' },
      { memberId: 'm3', name: '李梅', idNumber: OTHER },
    ]);
    expect(found.map((f) => [f.memberId, f.firstMemberId])).toEqual([['m3', 'm1']]);
    expect(found[0]?.message).toContain('家庭成员「李梅」');
  });
});
