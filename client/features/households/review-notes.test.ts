import { describe, expect, it } from 'vitest';
import { returnRequestOf, reviewNoteOf } from './review-notes';

const row = (data: Record<string, unknown>) => ({
  id: 'c1',
  householdId: 'h1',
  unitId: '341602001001',
  data,
  createdAt: '2026-11-20T02:00:00.000Z',
});

describe('review notes', () => {
  const comment = {
    actorId: 'u1',
    actorName: '王县总',
    actorRole: 'county_staff',
    actorUnitId: '341602',
    actorUnitName: '谯城区',
    householdId: 'h1',
    kind: 'returned',
    title: '退回补正',
    body: '授权书缺少配偶签名',
    items: ['家庭经济状况核对承诺授权书'],
    eventId: 'e1',
    command: 'returnForCorrection',
    cycle: 1,
    at: '2026-11-20T02:00:00.000Z',
    amountFen: null,
    paidOn: null,
    bankCardMasked: null,
  };

  it('reads what the reviewer wrote, what to fix and who wrote it', () => {
    expect(reviewNoteOf(row(comment))).toEqual({
      id: 'c1',
      title: '退回补正',
      text: '授权书缺少配偶签名',
      items: ['家庭经济状况核对承诺授权书'],
      author: '县总帮扶中心 王县总（谯城区）',
      at: '2026-11-20T02:00:00.000Z',
    });
  });

  it('skips a record that is not a comment of the closed loop', () => {
    expect(reviewNoteOf(row({ text: '随便写的' }))).toBeNull();
  });

  it('reads the return request kept on the household', () => {
    expect(returnRequestOf({ returnComments: '补充银行流水', returnItems: ['银行流水', 3] })).toEqual({
      comments: '补充银行流水',
      items: ['银行流水'],
    });
    expect(returnRequestOf({})).toEqual({ comments: null, items: [] });
  });
});
