import { z } from 'zod';

/**
 * The materials checklist (附件1 困难职工帮扶救助申请资料清单) as data. A new applicant brings the full set;
 * an already-filed applicant brings the relief application form and whatever changed. Groups say how
 * many of their items are needed: every one, one of them, or one or more.
 */
export const APPLICANT_KINDS = ['new', 'filed'] as const;
export const applicantKindSchema = z.enum(APPLICANT_KINDS);
export type ApplicantKind = z.infer<typeof applicantKindSchema>;
export const APPLICANT_KIND_LABELS: Record<ApplicantKind, string> = {
  new: '新建档申请人',
  filed: '已在档申请人',
};

/** all: every item is needed · oneOf: one of them (提供一种即可) · oneOrMore: at least one · optional: none needed. */
export type ChecklistRule = 'all' | 'oneOf' | 'oneOrMore' | 'optional';
export type ChecklistItem = { id: string; label: string };
export type ChecklistGroup = {
  id: string;
  label: string;
  rule: ChecklistRule;
  hint?: string;
  items: readonly ChecklistItem[];
};

const IDENTITY_GROUP: ChecklistGroup = {
  id: 'identity',
  label: '身份类资料',
  rule: 'all',
  items: [
    { id: 'id_cards', label: '申请人及家庭成员身份证复印件' },
    { id: 'household_register', label: '户口簿复印件' },
  ],
};

const LABOUR_ITEMS: readonly ChecklistItem[] = [
  { id: 'labor_contract', label: '劳动合同' },
  { id: 'wage_slips', label: '工资支付凭证' },
  { id: 'labor_bank_statement', label: '银行卡流水' },
  { id: 'social_insurance_record', label: '社会保险缴纳证明' },
  { id: 'layoff_certificate', label: '下岗证' },
  { id: 'unemployment_certificate', label: '失业证（有效期内）' },
];

const INCOME_ITEMS: readonly ChecklistItem[] = [
  { id: 'income_bank_statements', label: '申请人及家庭成员银行卡流水' },
];

const CAUSE_ITEMS: readonly ChecklistItem[] = [
  { id: 'dibao_certificate', label: '低保证' },
  { id: 'disability_certificate', label: '残疾证' },
  { id: 'rental_contract', label: '租房合同' },
  { id: 'chronic_disease_certificate', label: '慢性病证' },
  { id: 'diagnosis', label: '病情诊断或出院小结' },
  { id: 'medical_bills', label: '医疗费用结算单/医疗费用发票' },
  { id: 'admission_notice', label: '录取通知书' },
  { id: 'student_card', label: '学生证' },
  { id: 'tuition_receipt', label: '学费发票' },
  { id: 'lodging_receipt', label: '住宿费收费单' },
];

export const CHECKLISTS: Record<ApplicantKind, readonly ChecklistGroup[]> = {
  new: [
    {
      id: 'application',
      label: '申请材料',
      rule: 'all',
      items: [
        { id: 'personal_application', label: '困难职工本人申请' },
        { id: 'authorization_form', label: '家庭经济状况核对承诺授权书' },
      ],
    },
    IDENTITY_GROUP,
    { id: 'labour', label: '劳动关系类资料', rule: 'oneOf', hint: '提供一种即可', items: LABOUR_ITEMS },
    {
      id: 'income',
      label: '收入类资料',
      rule: 'all',
      hint: '与劳动关系证明资料不重复提供',
      items: INCOME_ITEMS,
    },
    {
      id: 'cause',
      label: '致困类资料',
      rule: 'oneOrMore',
      hint: '根据因困支出提供一种或多种',
      items: CAUSE_ITEMS,
    },
  ],
  filed: [
    {
      id: 'filed_application',
      label: '申请材料',
      rule: 'all',
      items: [{ id: 'filed_relief_application', label: '在档困难职工申请救助表' }],
    },
    {
      id: 'changes',
      label: '有变化或需要更新的资料',
      rule: 'optional',
      hint: '新建档资料中有变化的部分',
      items: [
        { id: 'authorization_form', label: '家庭经济状况核对承诺授权书' },
        ...IDENTITY_GROUP.items,
        ...LABOUR_ITEMS,
        ...INCOME_ITEMS,
        ...CAUSE_ITEMS,
      ],
    },
  ],
};

/** Every checklist item id of either list. */
export const CHECKLIST_ITEM_IDS: readonly string[] = [
  ...new Set(Object.values(CHECKLISTS).flatMap((groups) => groups.flatMap((g) => g.items.map((i) => i.id)))),
];

/** Label of any checklist item id, for attachments and summaries. */
export function checklistItemLabel(itemId: string): string | null {
  for (const groups of Object.values(CHECKLISTS)) {
    for (const group of groups) {
      const item = group.items.find((i) => i.id === itemId);
      if (item) return item.label;
    }
  }
  return null;
}

export function checklistItemIds(kind: ApplicantKind): string[] {
  return CHECKLISTS[kind].flatMap((g) => g.items.map((i) => i.id));
}

export type ChecklistEntry = { itemId: string; ticked: boolean; attachmentShas: readonly string[] };

/** What is still missing: one entry per missing item of an "all" group, or per unsatisfied choice group. */
export type MissingChecklistItem = { groupId: string; itemIds: string[]; label: string };

/**
 * The materials still missing for this kind of applicant. An item counts as provided when it is ticked;
 * photos back it up but paper copies filed in the office count too.
 */
export function missingChecklistItems(
  kind: ApplicantKind,
  checklist: readonly ChecklistEntry[],
): MissingChecklistItem[] {
  const ticked = new Set(checklist.filter((e) => e.ticked).map((e) => e.itemId));
  const missing: MissingChecklistItem[] = [];
  for (const group of CHECKLISTS[kind]) {
    if (group.rule === 'all') {
      for (const item of group.items) {
        if (!ticked.has(item.id)) missing.push({ groupId: group.id, itemIds: [item.id], label: item.label });
      }
    } else if (group.rule === 'oneOf' || group.rule === 'oneOrMore') {
      if (!group.items.some((item) => ticked.has(item.id))) {
        const how = group.rule === 'oneOf' ? '任选一种' : '至少一种';
        missing.push({
          groupId: group.id,
          itemIds: group.items.map((i) => i.id),
          label: `${group.label}（${how}）`,
        });
      }
    }
  }
  return missing;
}
