import { describe, expect, it } from 'vitest';
import { idleHeadline } from './sync-text';

describe('the sync page headline', () => {
  it('never says all is synced while a change was refused', () => {
    expect(idleHeadline(0, 0)).toBe('本机的修改都已同步');
    expect(idleHeadline(3, 0)).toBe('还有 3 条修改等待同步');
    expect(idleHeadline(0, 1)).toBe('有 1 条修改被服务器拒绝，需要修改后重新提交');
    expect(idleHeadline(2, 1)).toBe('有 1 条修改被服务器拒绝，需要修改后重新提交，另有 2 条等待同步');
    expect(idleHeadline(0, 1)).not.toContain('都已同步');
  });

  it('never says all is synced while a change is held on the tablet until a field is fixed', () => {
    expect(idleHeadline(0, 0, 2)).toBe('有 2 条修改待修正，修正后会在下次同步时自动提交');
    expect(idleHeadline(1, 0, 1)).toBe('有 1 条修改待修正，修正后会在下次同步时自动提交，另有 1 条等待同步');
    expect(idleHeadline(0, 1, 1)).toBe('有 1 条修改被服务器拒绝，需要修改后重新提交，1 条修改待修正');
  });
});
