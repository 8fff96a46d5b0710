import { describe, expect, it } from 'vitest';
import { payloadFacts } from './payload-facts';

describe('payloadFacts', () => {
  it('labels a return with one line per item to fix', () => {
    expect(
      payloadFacts('returnForCorrection', {
        comments: '诊断书不清晰',
        itemsToFix: ['重新拍摄出院小结', '补充流水'],
      }),
    ).toEqual([
      { label: '退回意见', lines: ['诊断书不清晰'] },
      { label: '需补正事项', lines: ['重新拍摄出院小结', '补充流水'] },
    ]);
  });

  it('writes comparison results per source with their labels, hiding the batch id', () => {
    const facts = payloadFacts('recordComparison', {
      results: [
        { source: 'vehicles', result: 'inconsistent', note: '名下有车辆一辆' },
        { source: 'tax', result: 'consistent', note: '' },
      ],
      via: 'csv_import',
      batchId: 'b-1',
    });
    expect(facts).toEqual([
      {
        label: '比对结果',
        lines: ['数据来源：车辆，结果：不一致，说明：名下有车辆一辆', '数据来源：税务，结果：一致'],
      },
      { label: '录入方式', lines: ['CSV 导入'] },
    ]);
  });

  it('writes plan amounts in yuan, attendees on one line, and masks the bank card', () => {
    expect(
      payloadFacts('proposePlan', { measures: [{ measure: 'living_relief', amountFen: 300_000, note: '' }] }),
    ).toEqual([{ label: '帮扶措施', lines: ['生活救助 ¥3,000.00'] }]);
    // Under the label 帮扶措施 the item never repeats "措施：" (the screen showed 帮扶措施：措施：…).
    const [measures] = payloadFacts('proposePlan', {
      measures: [
        { measure: 'living_relief', amountFen: 300_000, note: '三个月' },
        { measure: 'employment_help', amountFen: 0, note: '' },
      ],
    });
    expect(measures?.lines).toEqual(['生活救助 ¥3,000.00，说明：三个月', '就业帮扶']);
    expect(measures?.lines.join('')).not.toContain('措施：');
    expect(payloadFacts('approvePlan', { attendees: ['甲', '乙', '丙'], decision: 'approved' })).toEqual([
      { label: '参会人员', lines: ['甲、乙、丙'] },
      { label: '审批结果', lines: ['同意'] },
    ]);
    expect(payloadFacts('disburse', { amountFen: 250_000, bankCardLast4: '1234' })).toEqual([
      { label: '发放金额', lines: ['¥2,500.00'] },
      { label: '银行卡号后四位', lines: ['**** **** **** 1234'] },
    ]);
  });

  it('labels exit reasons and the classifier suggestion', () => {
    expect(payloadFacts('exit', { reason: 'lifted_out' })).toEqual([
      { label: '退出原因', lines: ['符合脱困条件'] },
    ]);
    expect(
      payloadFacts('classify', { category: 'relative', suggestedCategory: 'deep', reason: '有房产' }),
    ).toEqual([
      { label: '认定类别', lines: ['相对困难'] },
      { label: '系统建议类别', lines: ['深度困难'] },
      { label: '认定理由', lines: ['有房产'] },
    ]);
  });

  it('returns nothing for a payload that is not an object', () => {
    expect(payloadFacts('acceptReview', null)).toEqual([]);
    expect(payloadFacts('unknownStep', 'text')).toEqual([]);
  });
});
