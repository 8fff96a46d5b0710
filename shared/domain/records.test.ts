import { describe, expect, it } from 'vitest';
import { RECORD_DEFINITIONS, RECORD_TYPES, householdIdOf, validateDraft, validateFinal } from './records';
import { FIXTURE_TODAY, sampleHousehold, sampleMember, sampleVisit, withCheckChar } from './test-fixtures';

const opts = { today: FIXTURE_TODAY };

function messages(result: ReturnType<typeof validateDraft>): string[] {
  return result.ok ? [] : result.issues.map((i) => i.message);
}

describe('record validation: draft vs final', () => {
  it('accepts a complete household, member and visit as final', () => {
    expect(validateFinal('household', sampleHousehold(), opts)).toMatchObject({ ok: true });
    expect(validateFinal('member', sampleMember(), opts)).toMatchObject({ ok: true });
    expect(validateFinal('visit', sampleVisit(), opts)).toMatchObject({ ok: true });
  });

  it('accepts an almost empty draft but names each missing field when finalising', () => {
    const draft = { headName: '王芳', mobile: '13800001111' };
    expect(validateDraft('household', draft, opts)).toEqual({ ok: true, data: draft });
    const result = validateFinal('household', draft, opts);
    expect(result.ok).toBe(false);
    expect(messages(result)).toContain('户主身份证号必须填写');
    expect(messages(result)).toContain('银行卡号必须填写');
    expect(messages(result)).not.toContain('户主姓名必须填写');
  });

  it('still checks each present field of a draft, in Chinese, with the field named', () => {
    const badCheck = withCheckChar('34160219800312001').slice(0, 17) + 'Y';
    const result = validateDraft(
      'household',
      { headIdNumber: badCheck, mobile: '1234', headMonthlyIncomeFen: 12.5 },
      opts,
    );
    expect(messages(result)).toEqual(
      expect.arrayContaining([
        '户主身份证号最后一位必须是数字或X',
        '联系电话应为11位手机号码（以1开头，第二位为3–9）',
        '户主月收入必须是以分为单位的整数',
      ]),
    );
    const wrongCheck = validateDraft('household', { headIdNumber: '110105194912310021' }, opts);
    expect(wrongCheck).toEqual({
      ok: false,
      issues: [{ path: 'headIdNumber', message: '户主身份证号校验位错误' }],
    });
  });

  it('stores blank text as null and refuses unknown keys, so typos in field names surface', () => {
    expect(validateDraft('household', { address: '  ' }, opts)).toEqual({
      ok: true,
      data: { address: null },
    });
    expect(validateDraft('household', { adress: '某地' }, opts)).toEqual({
      ok: false,
      issues: [{ path: 'adress', message: '包含未知字段“adress”' }],
    });
    expect(messages(validateFinal('household', sampleHousehold({ address: '' }), opts))).toEqual([
      '家庭住址必须填写',
    ]);
  });

  it('refuses data that is not an object', () => {
    expect(validateDraft('visit', [1, 2], opts)).toMatchObject({
      ok: false,
      issues: [{ message: '走访调查表数据必须是对象' }],
    });
  });

  it('judges "not in the future" against the given today', () => {
    const visit = sampleVisit({ visitDate: '2026-04-16' });
    expect(messages(validateFinal('visit', visit, opts))).toEqual(['走访日期不能晚于今天（2026-04-15）']);
    expect(validateFinal('visit', visit, { today: '2026-04-16' }).ok).toBe(true);
    const unborn = withCheckChar('34160220260420001');
    expect(messages(validateDraft('member', { idNumber: unborn }, opts))).toEqual([
      '成员身份证号中的出生日期2026-04-20晚于今天',
    ]);
  });

  it('reports nested problems with the item number and field', () => {
    const visit = sampleVisit({
      signatures: [
        {
          memberId: null,
          signerName: '',
          role: 'head',
          signedAt: 'yesterday',
          attachmentSha: 'x'.repeat(64),
        },
      ],
    });
    expect(messages(validateDraft('visit', visit, opts))).toEqual(
      expect.arrayContaining(['授权书签名第1项签名人姓名不能为空', '授权书签名第1项签名时间不是有效的时间']),
    );
  });

  it('gives every record type a description, labels for every field, and the schema version', () => {
    for (const type of RECORD_TYPES) {
      const definition = RECORD_DEFINITIONS[type];
      expect(definition.draftSchema.description).toBe(definition.term);
      expect(Object.keys(definition.labels).sort()).toEqual(Object.keys(definition.fields).sort());
      expect(definition.schemaVersion).toBe(1);
    }
  });

  it('keeps data flat: every field is a top-level key, nested values only as atomic arrays or objects', () => {
    const data = validateFinal('household', sampleHousehold(), opts);
    expect(
      data.ok &&
        Object.values(data.data).every((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
    ).toBe(true);
  });

  it('finds the household of members, visits and attachments only', () => {
    expect(householdIdOf('member', { householdId: 'hh-9' })).toBe('hh-9');
    expect(householdIdOf('attachment', {})).toBeNull();
    expect(householdIdOf('training', { householdId: 'hh-9' })).toBeNull();
  });
});
