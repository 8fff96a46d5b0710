/**
 * The password policy (密码规则), one rule for the server and the screens: the change-password page shows
 * the same sentence the server would answer, before anything is sent. Pure; no list from outside.
 */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Shared by every demo account (README); printed at start. It is never accepted as a new password. */
export const DEMO_PASSWORD = 'bangfu2026';

/** The rule in one sentence, shown beside every new-password field. */
export const PASSWORD_RULE_TEXT =
  '密码至少 8 位，须同时包含字母和数字，不能包含用户名，不能使用演示密码或过于常见的密码。';

/**
 * Passwords that guessers try first (the top of public leak lists, and the ones Chinese users pick most
 * often) that would otherwise pass the length and letters-and-digits rules. Kept short on purpose: the
 * login limit (5 tries per address, 20 per account in 15 minutes) covers the long tail.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password1',
  'password12',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'abc12345',
  'abc123456',
  'abcd1234',
  'abcd12345',
  'a1234567',
  'a12345678',
  'a123456789',
  'aa123456',
  'aa12345678',
  'qwer1234',
  'qwerty123',
  'qwerty12',
  '1qaz2wsx',
  '1q2w3e4r',
  'q1w2e3r4',
  'asdf1234',
  'zxcv1234',
  'admin123',
  'admin888',
  'admin1234',
  'woaini1314',
  'woaini520',
  'iloveyou1',
  'qq123456',
  'test1234',
  'welcome1',
  'changeme1',
  'bangfu123',
  'bangfu2025',
  'bangfu2027',
]);

export interface PasswordContext {
  /** The account's username: the password may not contain it. */
  username: string;
}

/** Why `password` is not acceptable as a new password for the account, in zh-CN; null when it is. */
export function passwordProblem(password: string, { username }: PasswordContext): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位`;
  if (password.length > PASSWORD_MAX_LENGTH) return `密码不能超过 ${PASSWORD_MAX_LENGTH} 位`;
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) return '密码须同时包含字母和数字';
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name.length > 0 && lower.includes(name)) return '密码不能包含用户名';
  if (lower === DEMO_PASSWORD) return '不能使用演示密码，请设置您自己的密码';
  if (COMMON_PASSWORDS.has(lower)) return '这个密码过于常见，容易被猜中，请换一个';
  return null;
}
