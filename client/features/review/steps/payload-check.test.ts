import { describe, expect, it } from 'vitest';
import { newCaseState } from '../../../../shared/loop/case-state';
import type { CaseState } from '../../../../shared/loop/case-state';
import { guardRefusal, issuesAt, parsePayload } from './payload-check';

const GRID = '341600/341602/341602001/341602001001';
const COUNTY = { role: 'county_staff' as const, unitPath: '341600/341602' };

function caseAt(stage: CaseState['stage'], patch: Partial<CaseState> = {}): CaseState {
  return {
    ...newCaseState({
      entryChannel: 'worker_applied',
      unitPath: GRID,
      enteredOn: '2026-11-01',
      at: '2026-11-01T02:00:00.000Z',
    }),
    stage,
    ...patch,
  };
}

describe('parsePayload', () => {
  it('reports each empty field of a return in Chinese, items by their position', () => {
    const check = parsePayload('returnForCorrection', { comments: '  ', itemsToFix: ['补充流水', ' '] });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(issuesAt(check.issues, 'comments')).toEqual(['不能为空']);
    expect(issuesAt(check.issues, 'itemsToFix')).toEqual(['第2项不能为空']);
  });

  it('asks for at least one item to fix', () => {
    const check = parsePayload('returnForCorrection', { comments: '请补正', itemsToFix: [] });
    expect(check.ok ? [] : issuesAt(check.issues, 'itemsToFix')).toEqual(['至少需要一项']);
  });

  it('names the field inside a list row, and keeps whole-sentence rules as they are', () => {
    const plan = parsePayload('proposePlan', { measures: [{ measure: 'nonsense', amountFen: 1 }] });
    expect(plan.ok ? [] : issuesAt(plan.issues, 'measures.0')).toEqual(['措施不是有效的选项']);
    const comparison = parsePayload('recordComparison', {
      results: [{ source: 'vehicles', result: 'inconsistent', note: '' }],
    });
    expect(comparison.ok ? [] : issuesAt(comparison.issues, 'results.0.note')).toEqual([
      '比对不一致时须填写说明',
    ]);
  });

  it('returns the parsed payload with defaults filled in', () => {
    const check = parsePayload('acceptReview', { opinion: ' 材料齐全 ' });
    expect(check).toEqual({ ok: true, payload: { opinion: '材料齐全' } });
  });
});

describe('guardRefusal', () => {
  const now = '2026-11-25T02:00:00.000Z';

  it('passes a step whose rules hold', () => {
    expect(
      guardRefusal(caseAt('county_review'), 'acceptReview', { opinion: '同意' }, COUNTY, now),
    ).toBeNull();
  });

  it('refuses a classification that differs from the suggestion without a reason', () => {
    const refusal = guardRefusal(
      caseAt('classification'),
      'classify',
      { category: 'relative', suggestedCategory: 'deep', reason: '' },
      COUNTY,
      now,
    );
    expect(refusal).toContain('须填写书面理由');
  });

  it('refuses an approval with fewer than three distinct attendees', () => {
    const refusal = guardRefusal(
      caseAt('plan', { planProposedOn: '2026-11-20', planTotalFen: 100_000 }),
      'approvePlan',
      { meetingDate: '2026-11-24', attendees: ['甲', '乙', '甲'], decision: 'approved', minutes: '同意' },
      COUNTY,
      now,
    );
    expect(refusal).toContain('至少3名不同的参会人员');
  });

  it('uses the server clock: a date after the server today is refused', () => {
    const refusal = guardRefusal(
      caseAt('filing'),
      'fileRecord',
      { fileNumber: 'BZ-1', filedOn: '2026-11-26' },
      { role: 'city_staff', unitPath: '341600' },
      now,
    );
    expect(refusal).toContain('不能晚于今天（2026-11-25）');
  });

  it('leaves role and stage refusals to the server', () => {
    expect(guardRefusal(caseAt('filing'), 'acceptReview', { opinion: '同意' }, COUNTY, now)).toBeNull();
  });
});
