import { describe, expect, it } from 'vitest';
import { visitEditability, visitStatusLabel } from './editability';

const none = { kind: 'none' } as const;

describe('visit editability', () => {
  it('keeps a draft open', () => {
    expect(
      visitEditability({ visitStatus: 'draft', stage: 'entry', isLatestVisit: true, submit: none }),
    ).toEqual({
      editable: true,
      returned: false,
      lockedReason: null,
    });
  });

  it('locks a finalised visit', () => {
    const result = visitEditability({
      visitStatus: 'final',
      stage: 'township_check',
      isLatestVisit: true,
      submit: none,
    });
    expect(result.editable).toBe(false);
    expect(result.lockedReason).toContain('不能再修改');
  });

  it('opens the latest visit again when a reviewer returned the case', () => {
    expect(
      visitEditability({ visitStatus: 'final', stage: 'returned', isLatestVisit: true, submit: none }),
    ).toEqual({
      editable: true,
      returned: true,
      lockedReason: null,
    });
    // An older visit of the same household stays as it was submitted.
    expect(
      visitEditability({ visitStatus: 'final', stage: 'returned', isLatestVisit: false, submit: none })
        .editable,
    ).toBe(false);
  });

  it('stays locked while the corrected visit waits to be sent', () => {
    const result = visitEditability({
      visitStatus: 'final',
      stage: 'returned',
      isLatestVisit: true,
      submit: { kind: 'pending' },
    });
    expect(result).toMatchObject({ editable: false, returned: false });
    expect(result.lockedReason).toContain('等待同步');
  });

  it('opens again when the server refused the submission', () => {
    expect(
      visitEditability({
        visitStatus: 'final',
        stage: 'entry',
        isLatestVisit: true,
        submit: { kind: 'rejected', reason: '授权书尚未签署' },
      }).editable,
    ).toBe(true);
  });
});

describe('visit status label', () => {
  it('never calls a reopened visit 已定稿', () => {
    const at = (
      stage: 'returned' | 'township_check',
      submit: Parameters<typeof visitEditability>[0]['submit'],
    ) =>
      visitStatusLabel(
        'final',
        visitEditability({ visitStatus: 'final', stage, isLatestVisit: true, submit }),
      );
    expect(at('returned', none)).toBe('退回修改中');
    expect(at('township_check', { kind: 'rejected', reason: '出生日期与身份证号不一致' })).toBe('待重新提交');
    expect(at('township_check', none)).toBe('已定稿');
    expect(visitStatusLabel('draft', { editable: true, returned: false, lockedReason: null })).toBe('草稿');
    // Being corrected after a return (the form marks it a draft again): still 退回修改中.
    expect(visitStatusLabel('draft', { editable: true, returned: true, lockedReason: null })).toBe(
      '退回修改中',
    );
    // Locked while the corrected submission waits to be sent.
    expect(visitStatusLabel('draft', { editable: false, returned: false, lockedReason: '等待同步' })).toBe(
      '已定稿',
    );
  });
});
