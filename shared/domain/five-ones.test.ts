import { describe, expect, it } from 'vitest';
import { validateDraft, validateFinal } from './records';
import {
  SELF_ASSESSMENT_MAX_SCORE,
  SELF_ASSESSMENT_QUESTIONS,
  scoreSelfAssessment,
} from './self-assessment-questions';
import { FIXTURE_TODAY, withCheckChar } from './test-fixtures';
import { visitRoundProgress } from './visit-round';

const opts = { today: FIXTURE_TODAY };
const SHA = 'c'.repeat(64);
const messagesOf = (result: ReturnType<typeof validateFinal>) =>
  result.ok ? [] : result.issues.map((i) => i.message);

describe('self-assessment (自我评估)', () => {
  const allBest = Object.fromEntries(SELF_ASSESSMENT_QUESTIONS.map((q) => [q.id, 'a']));

  it('scores 100 when every question gets its best answer, and sums the chosen options otherwise', () => {
    expect(SELF_ASSESSMENT_MAX_SCORE).toBe(100);
    expect(scoreSelfAssessment(allBest)).toBe(100);
    expect(scoreSelfAssessment({ q01: 'b', q03: 'b', q06: 'c' })).toBe(5 + 6 + 0);
    expect(scoreSelfAssessment({ q01: 'z', other: 'a' })).toBe(0);
  });

  it('needs every question answered and a total that matches the answers', () => {
    const data = { unitId: '341602001', period: '2026', ...allBest, totalScore: 100 };
    expect(validateFinal('selfAssessment', data, opts).ok).toBe(true);
    expect(
      messagesOf(validateFinal('selfAssessment', { ...data, q04: undefined, totalScore: 90 }, opts)),
    ).toEqual(['第4题必须填写']);
    expect(messagesOf(validateDraft('selfAssessment', { ...data, q02: 'b' }, opts))).toEqual([
      '总分应为95分（按各题所选项计算）',
    ]);
    expect(messagesOf(validateDraft('selfAssessment', { q03: 'e', period: '2026-Q1' }, opts))).toEqual([
      '评估期间格式应为年份（2026）或半年（2026-H1）',
      '第3题不是该题的选项',
    ]);
  });
});

describe('policy training (政策培训)', () => {
  const training = {
    unitId: '341602001',
    date: '2026-04-12',
    place: '薛阁街道工会会议室',
    topic: '困难职工帮扶政策解读',
    trainer: '刘老师',
    attendees: [
      { name: '李网格', unit: '某社区', signedAt: '2026-04-12T01:00:00.000Z' },
      {
        name: '赵干事',
        unit: '薛阁街道工会',
        idNumber: withCheckChar('34160219900101002'),
        signedAt: '2026-04-12T01:01:00.000Z',
      },
    ],
    photoShas: [SHA],
  };

  it('accepts attendees with or without ID numbers', () => {
    expect(validateFinal('training', training, opts).ok).toBe(true);
  });

  it('refuses a training nobody attended, a bad attendee ID number and a duplicate attendee', () => {
    expect(messagesOf(validateFinal('training', { ...training, attendees: [] }, opts))).toEqual([
      '参训人员至少需要一人签到',
    ]);
    const second = training.attendees[1];
    const duplicate = { ...training, attendees: [training.attendees[0], second, second] };
    expect(messagesOf(validateDraft('training', duplicate, opts))).toEqual([
      '参训人员第3项身份证号与前面的参训人员重复',
    ]);
    const good = withCheckChar('34160219900101002');
    const wrongCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const badId = { ...training, attendees: [{ ...second, idNumber: wrongCheck }] };
    expect(messagesOf(validateDraft('training', badId, opts))).toEqual(['参训人员第1项身份证号校验位错误']);
  });
});

describe('visit rounds (入户走访轮次)', () => {
  it('refuses an end before the start and duplicate households', () => {
    const round = {
      unitId: '341602',
      name: '2026年春季走访',
      startDate: '2026-03-01',
      endDate: '2026-02-28',
      householdIds: ['a', 'a'],
    };
    expect(messagesOf(validateFinal('visitRound', round, opts))).toEqual([
      '结束日期不能早于开始日期（2026-03-01）',
      '走访家庭包含重复的家庭',
    ]);
  });

  it('allows a round planned in the future', () => {
    const round = {
      unitId: '341602',
      name: '2026年秋季更新',
      startDate: '2026-09-01',
      endDate: '2026-10-31',
      householdIds: ['a'],
    };
    expect(validateFinal('visitRound', round, opts).ok).toBe(true);
  });

  it('counts a household as visited only by a visit dated inside the round', () => {
    const round = { householdIds: ['a', 'b', 'c'], startDate: '2026-03-01', endDate: '2026-04-30' };
    const visits = [
      { householdId: 'a', visitDate: '2026-03-15' },
      { householdId: 'b', visitDate: '2026-02-15' },
    ];
    expect(visitRoundProgress(round, visits)).toEqual({ visited: ['a'], pending: ['b', 'c'] });
  });
});

describe('comparison batches (数据比对)', () => {
  const id = withCheckChar('34160219800312001');
  const batch = {
    unitId: '341602',
    name: '2026年一季度比对',
    sources: ['civil_affairs_dibao', 'real_estate'],
    createdAt: '2026-04-01T08:00:00.000Z',
    rows: [
      { householdId: 'hh-1', idNumber: id, source: 'civil_affairs_dibao', result: 'consistent', note: '' },
      {
        householdId: 'hh-1',
        idNumber: id,
        source: 'real_estate',
        result: 'inconsistent',
        note: '名下有一套住房',
      },
    ],
  };

  it('accepts results for the batch sources', () => {
    expect(validateFinal('comparisonBatch', batch, opts).ok).toBe(true);
  });

  it('refuses rows from a source outside the batch, duplicates and unexplained inconsistencies', () => {
    const rows = [
      ...batch.rows,
      { householdId: null, idNumber: id, source: 'tax', result: 'consistent', note: '' },
      { householdId: 'hh-1', idNumber: id, source: 'real_estate', result: 'inconsistent', note: '' },
    ];
    expect(messagesOf(validateFinal('comparisonBatch', { ...batch, rows }, opts))).toEqual([
      '比对结果第3项数据来源“税务”不在本批次的比对数据来源中',
      '比对结果第4项重复：同一身份证号和数据来源已有结果',
      '比对结果第4项说明必须填写：比对结果不一致',
    ]);
  });
});

describe('attachments (附件)', () => {
  const photo = {
    sha256: SHA,
    mimeType: 'image/jpeg',
    bytes: 350_000,
    kind: 'photo',
    capturedAt: '2026-04-10T02:35:00.000Z',
    householdId: 'hh-1',
    checklistItemId: 'id_cards',
  };

  it('accepts photo metadata tied to a checklist item', () => {
    expect(validateFinal('attachment', photo, opts).ok).toBe(true);
  });

  it('refuses files over 10 MB, unknown checklist items, bad digests and non-image signatures', () => {
    const bad = {
      ...photo,
      bytes: 10 * 1024 * 1024 + 1,
      checklistItemId: 'selfie',
      sha256: SHA.toUpperCase(),
      kind: 'signature',
      mimeType: 'application/pdf',
    };
    expect(messagesOf(validateFinal('attachment', bad, opts))).toEqual([
      '附件摘要不是有效的 SHA-256 摘要',
      '附件大小不能超过 10 MB',
      '对应材料不是材料清单中的项目',
      '附件类型必须是图片：签名附件',
    ]);
  });
});
