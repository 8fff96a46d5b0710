import { describe, expect, it } from 'vitest';
import { attendeeSchema } from '../../../shared/domain/training';
import { idNumberCheckChar } from '../../../shared/validation/id-number';
import { attendeeProblems, maskId, readAttendees, toAttendee } from './attendee-model';

const TODAY = '2026-03-10';
const first17 = '34160219800101123';
const VALID_ID = first17 + idNumberCheckChar(first17);
const WRONG_CHECK = first17 + (idNumberCheckChar(first17) === '0' ? '1' : '0');

describe('attendee sign-in', () => {
  it('needs a name and a unit', () => {
    expect(attendeeProblems({ name: ' ', unit: '', idNumber: '' }, [], TODAY)).toEqual({
      name: '姓名必须填写',
      unit: '单位必须填写',
    });
  });

  it('checks an ID number when one is given, in Chinese', () => {
    expect(attendeeProblems({ name: '张三', unit: '某厂', idNumber: WRONG_CHECK }, [], TODAY)).toEqual({
      idNumber: '身份证号校验位错误',
    });
    expect(attendeeProblems({ name: '张三', unit: '某厂', idNumber: '3416' }, [], TODAY)).toEqual({
      idNumber: '身份证号应为18位，当前4位',
    });
    expect(attendeeProblems({ name: '张三', unit: '某厂', idNumber: VALID_ID }, [], TODAY)).toEqual({});
  });

  it('refuses the same ID number twice', () => {
    const existing = [{ name: '李四', idNumber: VALID_ID }];
    expect(
      attendeeProblems({ name: '张三', unit: '某厂', idNumber: VALID_ID.toLowerCase() }, existing, TODAY),
    ).toEqual({
      idNumber: '身份证号与已签到的李四重复',
    });
  });

  it('stores what the training schema accepts', () => {
    const attendee = toAttendee(
      { name: ' 张三 ', unit: '某厂', idNumber: '' },
      '2026-03-10T02:00:00.000Z',
      null,
    );
    expect(attendee).toEqual({ name: '张三', unit: '某厂', signedAt: '2026-03-10T02:00:00.000Z' });
    expect(attendeeSchema.safeParse(attendee).success).toBe(true);
    const signed = toAttendee(
      { name: '李四', unit: '某厂', idNumber: VALID_ID },
      '2026-03-10T02:00:00.000Z',
      'c'.repeat(64),
    );
    expect(attendeeSchema.safeParse(signed).success).toBe(true);
  });

  it('masks the birth date of an ID number and skips damaged entries', () => {
    expect(maskId(VALID_ID)).toBe(`341602********${VALID_ID.slice(-4)}`);
    expect(readAttendees([{ name: '张三', unit: '某厂', signedAt: 'x' }, { name: 5 }, null])).toHaveLength(1);
  });
});
