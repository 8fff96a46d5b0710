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
  it('reads the text and who wrote it', () => {
    expect(
      reviewNoteOf(row({ text: '授权书缺少配偶签名', authorName: '王审核', authorRole: 'county_staff' })),
    ).toEqual({
      id: 'c1',
      text: '授权书缺少配偶签名',
      author: '县总帮扶中心 王审核',
      at: '2026-11-20T02:00:00.000Z',
    });
  });

  it('skips a comment without text', () => {
    expect(reviewNoteOf(row({ text: '  ' }))).toBeNull();
  });

  it('reads the return request kept on the household', () => {
    expect(returnRequestOf({ returnComments: '补充银行流水', returnItems: ['银行流水', 3] })).toEqual({
      comments: '补充银行流水',
      items: ['银行流水'],
    });
    expect(returnRequestOf({})).toEqual({ comments: null, items: [] });
  });
});
