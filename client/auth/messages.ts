import type { ApiFailure } from '../api/http';

export const NEEDS_NETWORK_MESSAGE = '首次登录需要网络连接，请连接网络后重试';
export const PIN_LOCKOUT_MESSAGE =
  'PIN 连续输错 5 次，本机登录已清除。请联网后使用用户名和密码重新登录（本机未同步的记录仍保留）。';

/** The zh-CN sentence a failed login shows. */
export function loginFailureMessage(failure: ApiFailure): string {
  switch (failure.kind) {
    case 'network':
      return NEEDS_NETWORK_MESSAGE;
    case 'reply':
      return '服务器的答复无法识别，请联系系统管理员';
    case 'http':
      break;
  }
  if (failure.status === 401) return '用户名或密码错误';
  if (failure.status === 429) {
    const minutes = Math.max(1, Math.ceil((failure.retryAfterSeconds ?? 60) / 60));
    return `登录失败次数过多，账号已暂时锁定，请 ${minutes} 分钟后再试`;
  }
  if (failure.status === 403) return '该账号已停用，请联系系统管理员';
  if (failure.status === 400) return '用户名或密码格式不正确';
  return '服务器暂时无法处理登录，请稍后再试';
}
