import {
  EVIDENCE_LABELS,
  FINDING_KIND_LABELS,
  PERSON_ROLE_LABELS,
  type Finding,
  type FindingSide,
  type ScanReply,
} from '../../../../shared/identity/api';

/** The words of the duplicate queue (重复建档核查); pure, so they are tested without a screen. */

export const FINDING_SOURCE_LABELS: Record<Finding['source'], string> = {
  sync: '同步时发现',
  registration: '登记案件时发现',
  scan: '扫描已有档案时发现',
};

/** 身份证号相同（身份证号相同、联系电话相同） */
export function evidenceSummary(finding: Finding): string {
  const evidence = finding.evidence.map((kind) => EVIDENCE_LABELS[kind]).join('、');
  return evidence ? `${FINDING_KIND_LABELS[finding.kind]}（${evidence}）` : FINDING_KIND_LABELS[finding.kind];
}

/** How a side is called in choices and the confirmation: 户主张建国（谯城区花戏楼街道） or just the unit. */
export function sideName(side: FindingSide): string {
  return side.headName ? `户主${side.headName}（${side.unitName}）` : side.unitName;
}

/** 户主张建国 / 家庭成员李小, when the side is within the caller's scope. */
export function personLabel(side: FindingSide): string | null {
  if (!side.personRole) return null;
  const role = PERSON_ROLE_LABELS[side.personRole];
  return side.personName ? `${role}${side.personName}` : role;
}

/** What a merge does, said before it is confirmed. */
export function mergeExplanation(survivor: FindingSide, other: FindingSide): string {
  return (
    `保留${sideName(survivor)}这一户。${sideName(other)}的家庭成员、走访记录、照片材料、审核意见和办理记录` +
    '将移入保留的一户；被合并的一户注销，只留下指向保留户的记录。合并后不能撤销。'
  );
}

/** The two sides of a finding, and which is which for a survivor id. */
export function survivorAndOther(finding: Finding, survivorId: string): [FindingSide, FindingSide] | null {
  if (survivorId === finding.held.householdId) return [finding.held, finding.other];
  if (survivorId === finding.other.householdId) return [finding.other, finding.held];
  return null;
}

/** 共扫描 1,234 人，新发现 3 处疑似重复，现有 5 处待核实（用时 1.2 秒）。 */
export function scanSummary(reply: ScanReply): string {
  const count = (n: number) => n.toLocaleString('zh-CN');
  return (
    `扫描完成：共检查 ${count(reply.scannedPeople)} 人，新发现 ${count(reply.newFindings)} 处重复，` +
    `现有 ${count(reply.openFindings)} 处待核实（用时 ${reply.seconds.toFixed(1)} 秒）。`
  );
}

/** How a settled finding ended. */
export function resolutionText(finding: Finding): string | null {
  const resolution = finding.resolution;
  if (!resolution) return null;
  if (finding.status === 'merged') {
    const survivor = resolution.survivorId ? survivorAndOther(finding, resolution.survivorId) : null;
    return `已合并${survivor ? `，保留${sideName(survivor[0])}` : ''}（${resolution.byName}）`;
  }
  return `不是重复：${resolution.reason ?? '未说明理由'}（${resolution.byName}）`;
}
