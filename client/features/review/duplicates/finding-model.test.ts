import { describe, expect, it } from 'vitest';
import type { Finding, FindingSide } from '../../../../shared/identity/api';
import {
  evidenceSummary,
  mergeExplanation,
  resolutionText,
  scanSummary,
  sideName,
  survivorAndOther,
} from './finding-model';

function side(partial: Partial<FindingSide>): FindingSide {
  return {
    householdId: 'h-held',
    inScope: true,
    unitName: '谯城区花戏楼街道',
    stage: 'visit',
    stageLabel: '走访初审中',
    held: true,
    personRole: 'head',
    personName: '张建国',
    headName: '张建国',
    headIdNumberMasked: '341602********123X',
    address: '花园小区3栋',
    mobile: '139****5678',
    memberCount: 2,
    visitCount: 1,
    createdAt: '2026-12-01T00:00:00.000Z',
    ...partial,
  };
}

function finding(partial: Partial<Finding> = {}): Finding {
  return {
    id: 'f1',
    kind: 'same_id',
    evidence: ['id_number', 'mobile'],
    evidenceText: '身份证号 341602********123X',
    status: 'open',
    createdAt: '2026-12-02T00:00:00.000Z',
    source: 'sync',
    held: side({}),
    other: side({
      householdId: 'h-other',
      held: false,
      headName: null,
      inScope: false,
      unitName: '涡阳县城关街道',
    }),
    canMerge: false,
    canDismiss: true,
    resolution: null,
    ...partial,
  };
}

describe('the duplicate queue’s words', () => {
  it('sums up the evidence and names each side as far as the scope allows', () => {
    const f = finding();
    expect(evidenceSummary(f)).toBe('身份证号相同（身份证号相同、联系电话相同）');
    expect(sideName(f.held)).toBe('户主张建国（谯城区花戏楼街道）');
    expect(sideName(f.other)).toBe('涡阳县城关街道');
  });

  it('explains a merge from the survivor’s side', () => {
    const f = finding();
    const pair = survivorAndOther(f, 'h-other');
    expect(pair?.[0].householdId).toBe('h-other');
    expect(survivorAndOther(f, 'nobody')).toBeNull();
    const text = mergeExplanation(f.held, f.other);
    expect(text).toContain('保留户主张建国（谯城区花戏楼街道）这一户');
    expect(text).toContain('家庭成员、走访记录、照片材料、审核意见和办理记录');
    expect(text).toContain('注销');
  });

  it('says how a finding was settled and what the scan found', () => {
    const at = '2026-12-03T00:00:00.000Z';
    expect(
      resolutionText(
        finding({
          status: 'merged',
          resolution: { by: 'u', byName: '王审核', at, reason: null, survivorId: 'h-held' },
        }),
      ),
    ).toBe('已合并，保留户主张建国（谯城区花戏楼街道）（王审核）');
    expect(
      resolutionText(
        finding({
          status: 'not_duplicate',
          resolution: { by: 'u', byName: '王审核', at, reason: '同名不同人', survivorId: null },
        }),
      ),
    ).toBe('不是重复：同名不同人（王审核）');
    expect(scanSummary({ scannedPeople: 1234, newFindings: 3, openFindings: 5, seconds: 1.24 })).toBe(
      '扫描完成：共检查 1,234 人，新发现 3 处重复，现有 5 处待核实（用时 1.2 秒）。',
    );
  });
});
