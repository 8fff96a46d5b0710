import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, passwordProblem } from './password-policy';

const as = (password: string, username = 'grid9') => passwordProblem(password, { username });

describe('the password policy', () => {
  it('accepts a password of letters and digits that is long enough', () => {
    expect(as('huaxi-2027')).toBeNull();
    expect(as('Tablet4Grid')).toBeNull();
  });

  it('explains each refusal in Chinese', () => {
    expect(as('ab12')).toBe('密码至少 8 位');
    expect(as('abcdefghij')).toBe('密码须同时包含字母和数字');
    expect(as('1234567890')).toBe('密码须同时包含字母和数字');
    expect(as('my-GRID9-pass')).toBe('密码不能包含用户名');
    expect(as(DEMO_PASSWORD, 'county')).toBe('不能使用演示密码，请设置您自己的密码');
    expect(as('Passw0rd', 'county')).toBe('这个密码过于常见，容易被猜中，请换一个');
    expect(as('a'.repeat(250) + '1234567')).toBe('密码不能超过 256 位');
  });
});
