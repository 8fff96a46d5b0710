import { describe, expect, it } from 'vitest';
import { validateDraft, validateFinal } from './records';
import { FIXTURE_TODAY, sampleHousehold, sampleMember, withCheckChar } from './test-fixtures';

const opts = { today: FIXTURE_TODAY };
const issuesOf = (result: ReturnType<typeof validateFinal>) => (result.ok ? [] : result.issues);

describe('household (困难职工家庭档案) rules', () => {
  it('requires birth date and sex to agree with the ID number', () => {
    const household = sampleHousehold({ headBirthDate: '1980-03-13', headSex: 'female' });
    expect(issuesOf(validateDraft('household', household, opts))).toEqual([
      { path: 'headBirthDate', message: '户主出生日期与身份证号中的出生日期（1980-03-12）不一致' },
      { path: 'headSex', message: '户主性别与身份证号（第17位）所示性别不一致' },
    ]);
  });

  it('keeps the main cause out of the secondary causes and allows at most three', () => {
    expect(issuesOf(validateDraft('household', { mainCause: 6, secondaryCauses: [3, 6] }, opts))).toEqual([
      { path: 'secondaryCauses', message: '次要致困原因不能包含主要致困原因' },
    ]);
    expect(issuesOf(validateDraft('household', { secondaryCauses: [1, 2, 3, 4] }, opts))[0]?.message).toBe(
      '次要致困原因最多3项',
    );
    expect(issuesOf(validateDraft('household', { mainCause: 11 }, opts))[0]?.message).toBe(
      '主要致困原因应为1至10的致困原因代码',
    );
    expect(validateFinal('household', sampleHousehold({ secondaryCauses: [] }), opts).ok).toBe(true);
  });

  it('ties disability type, grade and health together', () => {
    expect(
      issuesOf(validateDraft('household', { headDisabilityType: 'none', headDisabilityGrade: 2 }, opts))[0]
        ?.message,
    ).toBe('户主残疾等级不应填写：残疾类别为“无”');
    expect(
      issuesOf(validateFinal('household', sampleHousehold({ headDisabilityType: 'physical' }), opts)),
    ).toEqual([{ path: 'headDisabilityGrade', message: '户主残疾等级必须填写：已选择残疾类别' }]);
    expect(
      validateFinal(
        'household',
        sampleHousehold({ headDisabilityType: 'physical', headDisabilityGrade: 3 }),
        opts,
      ).ok,
    ).toBe(true);
    expect(issuesOf(validateDraft('household', { headDisabilityGrade: 5 }, opts))[0]?.message).toBe(
      '户主残疾等级应为一级至四级',
    );
    expect(
      issuesOf(
        validateFinal(
          'household',
          sampleHousehold({ headHealth: 'serious_illness', headDiseaseName: null }),
          opts,
        ),
      ),
    ).toEqual([{ path: 'headDiseaseName', message: '户主所患疾病必须填写：健康状况为患病' }]);
  });

  it('asks for the employer of a head who is in work, and checks its credit code', () => {
    const employed = sampleHousehold({ headWorkStatus: 'employed' });
    expect(issuesOf(validateFinal('household', employed, opts)).map((i) => i.path)).toEqual([
      'employerName',
      'employerNature',
    ]);
    expect(
      issuesOf(validateDraft('household', { employerCreditCode: '91350100M000100Y44' }, opts))[0]?.message,
    ).toBe('工作单位统一社会信用代码校验位错误');
  });

  it('normalises a lower-case x in the ID number and spaces in the bank card', () => {
    const id = withCheckChar('34160219800312001');
    const lower = id.endsWith('X') ? id.toLowerCase() : id;
    const result = validateDraft(
      'household',
      { headIdNumber: lower, bankCardNumber: '6222 0212 3456 7890 123' },
      opts,
    );
    expect(result).toEqual({ ok: true, data: { headIdNumber: id, bankCardNumber: '6222021234567890123' } });
  });

  it('refuses a cycle of zero and an unknown loop stage', () => {
    const result = validateDraft('household', { cycle: 0, stage: 'somewhere' }, opts);
    expect(issuesOf(result).map((i) => i.message)).toEqual(['闭环环节不是有效的选项', '建档次数不能小于1']);
  });
});

describe('member (家庭成员) rules', () => {
  it('requires school details for a student when finalising', () => {
    const member = sampleMember({ schoolName: null, schoolStage: null });
    expect(validateDraft('member', member, opts).ok).toBe(true);
    expect(issuesOf(validateFinal('member', member, opts)).map((i) => i.message)).toEqual([
      '就读学校必须填写：成员为在校学生',
      '就读学段必须填写：成员为在校学生',
    ]);
  });

  it('checks a member ID number with the member label', () => {
    expect(issuesOf(validateDraft('member', { idNumber: '34160220120601003' }, opts))[0]?.message).toBe(
      '成员身份证号应为18位，当前17位',
    );
  });
});
