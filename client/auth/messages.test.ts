import { describe, expect, it } from 'vitest';
import { ApiFailure, parseRetryAfter } from '../api/http';
import { loginFailureMessage, sessionRejectedNotice } from './messages';

describe('login failure messages', () => {
  it('says what went wrong in Chinese', () => {
    expect(loginFailureMessage(new ApiFailure('http', 'bad', { status: 401 }))).toBe('用户名或密码错误');
    expect(loginFailureMessage(new ApiFailure('network', 'Failed to fetch'))).toContain(
      '首次登录需要网络连接',
    );
    expect(loginFailureMessage(new ApiFailure('http', 'boom', { status: 500 }))).toBe(
      '服务器暂时无法处理登录，请稍后再试',
    );
  });

  it('gives the lock time in whole minutes, rounded up', () => {
    const locked = (seconds: number | null) =>
      loginFailureMessage(new ApiFailure('http', 'locked', { status: 429, retryAfterSeconds: seconds }));
    expect(locked(900)).toBe('登录失败次数过多，账号已暂时锁定，请 15 分钟后再试');
    expect(locked(61)).toContain('请 2 分钟后再试');
    expect(locked(5)).toContain('请 1 分钟后再试');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Sun, 01 Mar 2026 08:10:00 GMT', now)).toBe(600);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('the notice after the server refused the stored session', () => {
  it('says why an administrator ended it, and that the local records stay', () => {
    expect(sessionRejectedNotice('account_disabled')).toContain('您的账号已被管理员停用');
    expect(sessionRejectedNotice('password_reset')).toContain('一次性密码');
    expect(sessionRejectedNotice('password_changed')).toContain('其他设备上修改');
    for (const code of ['account_disabled', 'password_reset', 'password_changed', 'unauthenticated', null]) {
      expect(sessionRejectedNotice(code)).toMatch(/记录仍保留/);
    }
  });
});
