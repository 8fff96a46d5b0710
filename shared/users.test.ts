import { describe, expect, it } from 'vitest';
import { ROLE_UNIT_LEVEL } from './roles';
import { roleSchema } from './role-schema';
import { UNIT_LEVELS } from './org';
import {
  createUserRequestSchema,
  roleFitsUnitLevel,
  roleUnitMismatchMessage,
  updateUserRequestSchema,
} from './users';

describe('which unit an account may sit on', () => {
  it('accepts exactly the level of the role and nothing else', () => {
    for (const role of roleSchema.options) {
      for (const level of UNIT_LEVELS) {
        expect(roleFitsUnitLevel(role, level), `${role} on ${level}`).toBe(ROLE_UNIT_LEVEL[role] === level);
      }
    }
    expect(roleFitsUnitLevel('grid_worker', 'county')).toBe(false);
    expect(roleFitsUnitLevel('admin', 'city')).toBe(true);
  });

  it('explains a mismatch in words', () => {
    expect(roleUnitMismatchMessage('grid_worker', 'county')).toBe(
      '网格员/基层工会工作者账号只能设在社区/网格级单位，所选单位是县（区）级',
    );
  });
});

describe('account requests', () => {
  const valid = {
    username: 'grid9',
    displayName: '新网格',
    role: 'grid_worker',
    unitId: '341602001001',
    password: '12345678',
  };

  it('requires a password of at least 8 characters', () => {
    expect(createUserRequestSchema.safeParse(valid).success).toBe(true);
    const short = createUserRequestSchema.safeParse({ ...valid, password: '1234567' });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.message).toBe('密码至少 8 位');
  });

  it('refuses usernames with spaces or Chinese characters', () => {
    expect(createUserRequestSchema.safeParse({ ...valid, username: 'grid 9' }).success).toBe(false);
    expect(createUserRequestSchema.safeParse({ ...valid, username: '网格九' }).success).toBe(false);
  });

  it('refuses an empty change', () => {
    expect(updateUserRequestSchema.safeParse({}).success).toBe(false);
    expect(updateUserRequestSchema.safeParse({ active: false }).success).toBe(true);
  });
});
