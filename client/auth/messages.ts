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

const KEPT = '本机未同步的记录仍保留，重新登录同一账号后会继续同步。';

/** What the login screen says after the server refused the stored session (a 401 with this code). */
export function sessionRejectedNotice(code: string | null): string {
  switch (code) {
    case 'account_disabled':
      return `您的账号已被管理员停用，无法继续同步。请联系管理员。${KEPT}`;
    case 'password_reset':
      return `您的密码已被管理员重置，请使用管理员提供的一次性密码重新登录。${KEPT}`;
    case 'password_changed':
      return `您的密码已在其他设备上修改，请使用新密码重新登录。${KEPT}`;
    default:
      return '登录已过期，请联网后使用用户名和密码重新登录（本机记录仍保留）。';
  }
}
