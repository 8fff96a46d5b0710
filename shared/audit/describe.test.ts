import { describe, expect, it } from 'vitest';
import { describeAudit, type AuditNames, type AuditRowInput } from './describe';

const HOUSEHOLD = '6f1c0000-0000-4000-8000-0000000000aa';
const VISIT = '7a2d0000-0000-4000-8000-0000000000bb';
const USER = '8b3e0000-0000-4000-8000-0000000000cc';
const SHA = 'a'.repeat(64);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const names: AuditNames = {
  user: (id) => (id === USER ? '王网格' : null),
  unit: (id) => ({ '341602001001': '花戏楼社区', '341602': '谯城区' })[id] ?? null,
  record: (id) => ({ [HOUSEHOLD]: '张建国户', [VISIT]: '走访调查表 2026-03-09' })[id] ?? null,
};

/** Everything a reader would see, as one text. */
function text(row: AuditRowInput): string {
  const d = describeAudit(row, names);
  return [d.actionLabel, d.subject ?? '', ...d.facts.map((f) => `${f.label}：${f.value}`)].join('\n');
}

function expectReadable(all: string): void {
  expect(all).not.toMatch(/[{}[\]"]/);
  expect(all).not.toMatch(UUID);
  expect(all).not.toMatch(/[0-9a-f]{64}/);
}

describe('describeAudit', () => {
  it('writes a visit pushed from a tablet with form labels, GPS and photos summarised, ids as names', () => {
    const row: AuditRowInput = {
      action: 'record.create',
      entityType: 'visit',
      entityId: VISIT,
      caseId: HOUSEHOLD,
      detail: {
        changes: {
          householdId: { from: null, to: HOUSEHOLD },
          unitId: { from: null, to: '341602001001' },
          visitDate: { from: null, to: '2026-03-09' },
          visitorName: { from: null, to: '王网格' },
          gps: { from: null, to: { lat: 33.8, lng: 115.7, accuracyM: 12.4, at: '2026-03-09T02:05:00.000Z' } },
          checklist: {
            from: null,
            to: [
              { itemId: 'id_cards', ticked: true, attachmentShas: [SHA, SHA] },
              { itemId: 'household_register', ticked: true, attachmentShas: [SHA] },
            ],
          },
          signatures: {
            from: null,
            to: [
              {
                memberId: null,
                signerName: '张建国',
                role: 'head',
                signedAt: '2026-03-09T02:10:00.000Z',
                attachmentSha: SHA,
              },
            ],
          },
          perCapitaMonthlyIncomeFen: { from: null, to: 45_000 },
          preliminaryResult: { from: null, to: 'pass' },
        },
        rev: 12,
        deviceId: 'dev-1',
        changeId: USER,
      },
    };
    const d = describeAudit(row, names);
    expect(d.actionLabel).toBe('新建记录');
    expect(d.subject).toBe('张建国户 · 走访调查表 2026-03-09');
    const facts = Object.fromEntries(d.facts.map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({
      所属家庭: '张建国户',
      走访单位: '花戏楼社区',
      走访日期: '2026-03-09',
      走访人: '王网格',
      'GPS 位置': '已记录 ±12 米（2026-03-09 10:05）',
      材料清单: '已提供 2 项，照片 3 张：申请人及家庭成员身份证复印件、户口簿复印件',
      授权书签名: '1 人签名：张建国（户主）',
      家庭月人均收入: '¥450.00',
      初审结论: '初审通过',
    });
    expectReadable(text(row));
  });

  it('masks ID numbers and bank cards in record changes, old → new', () => {
    const all = text({
      action: 'record.update',
      entityType: 'household',
      entityId: HOUSEHOLD,
      caseId: HOUSEHOLD,
      detail: {
        changes: {
          headIdNumber: { from: null, to: '34160219900101123X' },
          bankCardNumber: { from: '6222021234567890123', to: '6222021234567899999' },
          headSex: { from: null, to: 'male' },
        },
      },
    });
    expect(all).toContain('户主身份证号：— → 341602********123X');
    expect(all).toContain('**** **** **** 0123 → **** **** **** 9999');
    expect(all).toContain('户主性别：— → 男');
    expect(all).not.toContain('34160219900101123X');
    expectReadable(all);
  });

  it('writes a closed-loop step with its stage, payload facts and changed case fields', () => {
    const row: AuditRowInput = {
      action: 'case.command',
      entityType: 'household',
      entityId: HOUSEHOLD,
      caseId: HOUSEHOLD,
      detail: {
        command: 'disburse',
        commandLabel: '发放帮扶资金',
        fromStage: 'disbursement',
        toStage: 'dynamic',
        summary: '发放 ¥2,500.00',
        payload: { amountFen: 250_000, bankCardLast4: '1234', paidOn: '2026-05-01' },
        changes: { stage: { from: 'disbursement', to: 'dynamic' } },
        rev: 40,
        eventId: VISIT,
        commentId: null,
        via: 'manual',
        deviceId: null,
        changeId: null,
      },
    };
    const d = describeAudit(row, names);
    expect(d.actionLabel).toMatch(/^办理步骤：/);
    expect(d.subject).toBe('张建国户');
    const all = text(row);
    expect(all).toContain('¥2,500.00');
    expect(all).toContain('**** **** **** 1234');
    expect(all).toMatch(/环节：.+ → .+/);
    // The stage reads once, as 环节, not again as a changed case field.
    expect(all).not.toContain('闭环环节');
    expectReadable(all);
  });

  it('writes a merge with both households by name and the merged file folded into label：value', () => {
    const all = text({
      action: 'identity.merge',
      entityType: 'household',
      entityId: HOUSEHOLD,
      caseId: HOUSEHOLD,
      detail: {
        findingId: VISIT,
        survivorId: HOUSEHOLD,
        mergedId: '9c4f0000-0000-4000-8000-0000000000dd',
        moved: [{ id: VISIT, type: 'visit' }],
        retiredMembers: [],
        headAsMember: false,
        mergedData: { headName: '张建囯', headIdNumber: '34160219900101123X', unitId: '341602001001' },
      },
    });
    expect(all).toContain('保留的家庭：张建国户');
    expect(all).toContain('被合并的家庭：（已不存在的记录）');
    expect(all).toContain('迁入的记录：1 条');
    expect(all).toContain('户主姓名：张建囯');
    expect(all).toContain('341602********123X');
    expectReadable(all);
  });

  it('writes a county setting change, an account change and a conflict in words', () => {
    const setting = text({
      action: 'county_setting.set',
      entityType: 'countySetting',
      entityId: '341602:dibaoMonthlyFen:2027-01-01',
      caseId: null,
      detail: { countyId: '341602', key: 'dibaoMonthlyFen', value: 72_000, effectiveFrom: '2027-01-01' },
    });
    expect(setting).toContain('谯城区 · 县级设置');
    expect(setting).toContain('设置项：当地低保标准（元/人·月）');
    expect(setting).toContain('设置值：¥720.00');
    expectReadable(setting);

    const account = text({
      action: 'user.update',
      entityType: 'user',
      entityId: USER,
      caseId: null,
      detail: {
        username: 'grid',
        changes: { unitId: { from: '341602001001', to: '341602' }, active: { from: true, to: false } },
        passwordChanged: true,
      },
    });
    expect(account).toContain('修改账号\n王网格');
    expect(account).toContain('所属单位：花戏楼社区 → 谯城区');
    expect(account).toContain('修改了密码：是');
    expectReadable(account);

    const conflict = text({
      action: 'sync.conflict_open',
      entityType: 'household',
      entityId: HOUSEHOLD,
      caseId: HOUSEHOLD,
      detail: {
        conflictId: VISIT,
        field: 'headHealth',
        base: 'healthy',
        server: 'chronic',
        client: 'serious',
      },
    });
    expect(conflict).toContain('字段：户主健康状况');
    expectReadable(conflict);
  });

  it('reads an action it does not know as its kind, and never prints an unknown id', () => {
    const d = describeAudit(
      { action: 'device.wipe', entityType: null, entityId: null, caseId: null, detail: { someId: USER } },
      names,
    );
    expect(d.actionLabel).toBe('设备管理');
    expect(d.facts).toEqual([]);
  });
});
