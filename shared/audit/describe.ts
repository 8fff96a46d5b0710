import { EVIDENCE_LABELS, FINDING_KIND_LABELS } from '../identity/api';
import { LOOP_COMMAND_LABELS, type LoopCommandName } from '../loop/commands';
import { LOOP_STAGE_LABELS } from '../loop/stages';
import { WARNING_ACTION_LABELS } from '../monitoring/rules';
import { COUNTY_SETTING_LABELS } from '../monitoring/settings';
import { UNIT_LEVEL_LABELS } from '../org';
import {
  fieldLabelOf,
  formatFieldValue,
  formatPlain,
  isOpaqueId,
  recordTypeLabel,
} from '../format/field-value';
import { payloadFacts } from '../format/payload-facts';
import { ACTION_LABELS, auditKindOf, AUDIT_KIND_LABELS } from './kinds';

/**
 * One audit row (`audit_log`) as a person reads it: what was done (办理步骤：审核通过), on what (张建国户 ·
 * 走访调查表), and labelled facts — field labels instead of keys, values as on the form, people, households
 * and units by name, never JSON, never a record id. Pure: the names come from `names`, which the server
 * fills for a page of rows at once. The screen and the CSV export both print this.
 */

export interface AuditNames {
  user(id: string): string | null;
  unit(id: string): string | null;
  /** A record's title ("张建国户", "家庭成员 李四", "走访调查表 2026-03-09"), or null when unknown. */
  record(id: string): string | null;
}

export interface AuditRowInput {
  action: string;
  entityType: string | null;
  entityId: string | null;
  caseId: string | null;
  detail: Readonly<Record<string, unknown>>;
}

export interface AuditFact {
  label: string;
  value: string;
}

export interface AuditDescription {
  actionLabel: string;
  /** What the entry is about, in words; null when it is about nothing in particular (a login). */
  subject: string | null;
  facts: AuditFact[];
}

/** Keys that only link log rows to records or requests: nothing for a reader. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set([
  'rev',
  'changeId',
  'deviceId',
  'eventId',
  'commentId',
  'conflictId',
  'findingId',
  'bundleHash',
  'command',
  'commandLabel',
  'toStage',
  'rule',
  'resolvedTogether',
  'ruleLabel',
  'reasonLabel',
  // The ledger's code; `ledgerLabel` names it.
  'ledger',
]);

/** Keys naming a user account, a unit or a record: written as its name. */
const USER_KEYS: ReadonlySet<string> = new Set(['userId', 'authorId', 'importedBy', 'actorId']);
const UNIT_KEYS: ReadonlySet<string> = new Set([
  'unitId',
  'countyId',
  'parentId',
  'ownerUnitId',
  'fromUnitId',
  'toUnitId',
]);
const RECORD_KEYS: ReadonlySet<string> = new Set([
  'householdId',
  'caseId',
  'heldHouseholdId',
  'otherHouseholdId',
  'survivorId',
  'mergedId',
  'visitId',
  'memberId',
]);

/** Labels of the keys the server writes into `detail` (record fields use the record's own labels). */
const DETAIL_LABELS: Readonly<Record<string, string>> = {
  address: '登录地址',
  via: '来源',
  importedBy: '导入人',
  authorId: '文件来自',
  fromStage: '环节',
  summary: '摘要',
  rows: '文件行数',
  matched: '匹配行数',
  applied: '已写入',
  unmatched: '未匹配行数',
  errors: '有错误的行数',
  cases: '涉及案件',
  noop: '无变化',
  conflicts: '冲突',
  rejected: '被拒绝',
  attachmentsStored: '存入的照片',
  field: '字段',
  base: '原值',
  server: '服务器上的值',
  client: '平板上的值',
  from: '原值',
  to: '采用的值',
  idNumber: '身份证号',
  matches: '匹配到的家庭',
  householdId: '家庭',
  caseId: '家庭',
  kind: '类型',
  evidence: '依据',
  source: '发现途径',
  heldHouseholdId: '暂停办理的家庭',
  otherHouseholdId: '另一家庭',
  survivorId: '保留的家庭',
  mergedId: '被合并的家庭',
  moved: '迁入的记录',
  retiredMembers: '停用的重复成员',
  headAsMember: '原户主转为家庭成员',
  mergedData: '被合并家庭的档案',
  reason: '原因',
  note: '说明',
  scannedPeople: '核查人数',
  newFindings: '新发现',
  openFindings: '待核实',
  seconds: '用时（秒）',
  ownerUnitId: '所属单位',
  action: '处理措施',
  countyId: '县（区）',
  key: '设置项',
  value: '设置值',
  effectiveFrom: '生效日期',
  username: '登录账号',
  displayName: '姓名',
  role: '角色',
  unitId: '所属单位',
  passwordChanged: '修改了密码',
  active: '账号启用',
  name: '名称',
  level: '层级',
  parentId: '上级单位',
  year: '年度',
  before: '修改前',
  after: '修改后',
  filter: '筛选条件',
  rowCount: '导出行数',
  format: '格式',
  complete: '完整导出',
  visitId: '走访调查表',
  memberId: '家庭成员',
  userId: '账号',
  formLabel: '表格',
  fullIdNumbers: '打印完整身份证号',
  households: '户数',
  ledgerLabel: '台账',
  idNumbers: '身份证号',
};

const VIA_LABELS: Readonly<Record<string, string>> = {
  sync: '平板同步',
  bundle: '同步文件导入',
  manual: '手工录入',
  csv_import: 'CSV 导入',
  office: '办公电脑',
};

/** How an export printed ID numbers (`ledger.export`). */
const ID_NUMBER_OUTPUT_LABELS: Readonly<Record<string, string>> = { full: '完整', masked: '部分遮蔽' };

const SOURCE_LABELS: Readonly<Record<string, string>> = {
  sync: '平板同步时发现',
  registration: '登记案件时发现',
  scan: '全面核查发现',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** A reference to an account, unit or record written as its name (never its id). */
function referenceName(key: string, id: string, names: AuditNames): string {
  if (USER_KEYS.has(key)) return names.user(id) ?? '（已删除的账号）';
  if (UNIT_KEYS.has(key)) return names.unit(id) ?? id;
  return names.record(id) ?? '（已不存在的记录）';
}

function isReference(key: string): boolean {
  return USER_KEYS.has(key) || UNIT_KEYS.has(key) || RECORD_KEYS.has(key);
}

function labelled(labels: Readonly<Record<string, string>>, value: unknown): string {
  return typeof value === 'string' ? (labels[value] ?? value) : formatPlain(value);
}

/** A visit round list as "在档走访 2026-03-01 至 2026-04-30；…". */
function roundsText(value: unknown): string {
  if (!Array.isArray(value)) return formatPlain(value);
  if (value.length === 0) return '无';
  return value
    .filter(isRecord)
    .map(
      (round) =>
        `${formatPlain(round.name)} ${formatPlain(round.startDate)} 至 ${formatPlain(round.endDate)}`,
    )
    .join('；');
}

/** A value of one of `detail`'s own keys. */
function detailValue(type: string | null, key: string, value: unknown, names: AuditNames): string {
  if (typeof value === 'string' && isReference(key)) return referenceName(key, value, names);
  switch (key) {
    case 'via':
      return labelled(VIA_LABELS, value);
    case 'source':
      return labelled(SOURCE_LABELS, value);
    case 'kind':
      return labelled(FINDING_KIND_LABELS, value);
    case 'evidence':
      return Array.isArray(value)
        ? value.map((item) => labelled(EVIDENCE_LABELS, item)).join('、')
        : labelled(EVIDENCE_LABELS, value);
    case 'action':
      return labelled(WARNING_ACTION_LABELS, value);
    case 'level':
      return labelled(UNIT_LEVEL_LABELS, value);
    case 'idNumbers':
      return labelled(ID_NUMBER_OUTPUT_LABELS, value);
    case 'key':
      return labelled(COUNTY_SETTING_LABELS, value);
    case 'before':
    case 'after':
      return roundsText(value);
    case 'cases':
    case 'moved':
    case 'retiredMembers':
      return Array.isArray(value) ? `${value.length} 条` : formatPlain(value);
    case 'mergedData':
      return isRecord(value) ? formatPlain(value, {}, 'household') : formatPlain(value);
    default:
      return formatFieldValue(type, key, value);
  }
}

/** old → new of each changed field ("户主姓名：— → 张建国"); a new record lists only its values. */
function changeFacts(
  type: string | null,
  changes: Record<string, unknown>,
  created: boolean,
  names: AuditNames,
): AuditFact[] {
  const facts: AuditFact[] = [];
  for (const [field, change] of Object.entries(changes)) {
    if (!isRecord(change)) continue;
    const write = (value: unknown) =>
      typeof value === 'string' && (isReference(field) || field === 'unitId')
        ? referenceName(field, value, names)
        : formatFieldValue(type, field, value);
    const label = DETAIL_LABELS[field] && !type ? DETAIL_LABELS[field] : fieldLabelOf(type, field);
    if (isOpaqueId(change.to) && !isReference(field)) continue;
    facts.push({
      label,
      value: created ? write(change.to) : `${write(change.from)} → ${write(change.to)}`,
    });
  }
  return facts;
}

function actionLabelOf(row: AuditRowInput): string {
  const base = ACTION_LABELS[row.action] ?? AUDIT_KIND_LABELS[auditKindOf(row.action)];
  const command = row.detail.command;
  if (typeof command === 'string' && Object.hasOwn(LOOP_COMMAND_LABELS, command)) {
    return `${base}：${LOOP_COMMAND_LABELS[command as LoopCommandName]}`;
  }
  if (row.action === 'sync.push' && row.detail.via === 'bundle') return '导入同步文件（平板数据）';
  return base;
}

function subjectOf(row: AuditRowInput, names: AuditNames): string | null {
  const { entityType, entityId } = row;
  const household = row.caseId ? names.record(row.caseId) : null;
  if (entityType === 'user' && entityId) return names.user(entityId) ?? '（已删除的账号）';
  if (entityType === 'unit' && entityId) return names.unit(entityId) ?? entityId;
  if (entityType === 'countySetting' && typeof row.detail.countyId === 'string')
    return `${names.unit(row.detail.countyId) ?? row.detail.countyId} · 县级设置`;
  if (entityType === 'roundCalendar') return `走访轮次安排 ${formatPlain(row.detail.year)}`;
  if (entityType === 'comparisonImport') return '比对结果文件';
  if (entityType && entityId && entityType !== 'household') {
    const title = names.record(entityId) ?? ENTITY_LABELS[entityType] ?? recordTypeLabel(entityType);
    return household && household !== title ? `${household} · ${title}` : title;
  }
  if (household) return household;
  if (entityType === 'household' && entityId) return names.record(entityId);
  return entityType ? (ENTITY_LABELS[entityType] ?? null) : null;
}

const ENTITY_LABELS: Readonly<Record<string, string>> = {
  identityFinding: '重复建档核查',
  monitoringWarning: '监测预警',
  monitoringRegister: '监测名单',
  person: '身份证号查询',
};

export function describeAudit(row: AuditRowInput, names: AuditNames): AuditDescription {
  const detail = row.detail;
  const facts: AuditFact[] = [];
  const recordType =
    row.action.startsWith('record.') || row.action.startsWith('sync.conflict') ? row.entityType : null;
  const isCommand = row.action === 'case.command' || row.action === 'case.register';

  if (isCommand) {
    if (typeof detail.fromStage === 'string' && typeof detail.toStage === 'string') {
      const from = LOOP_STAGE_LABELS[detail.fromStage as keyof typeof LOOP_STAGE_LABELS] ?? detail.fromStage;
      const to = LOOP_STAGE_LABELS[detail.toStage as keyof typeof LOOP_STAGE_LABELS] ?? detail.toStage;
      facts.push({ label: '环节', value: from === to ? to : `${from} → ${to}` });
    }
    if (typeof detail.summary === 'string' && detail.summary !== '')
      facts.push({ label: '摘要', value: detail.summary });
    if (typeof detail.command === 'string') {
      for (const fact of payloadFacts(detail.command, detail.payload))
        facts.push({ label: fact.label, value: fact.lines.join('\n') });
    }
    if (isRecord(detail.changes)) {
      // The stage is already the 环节 fact above.
      const { stage: _stage, ...others } = detail.changes;
      facts.push(...changeFacts('household', others, false, names));
    }
    if (typeof detail.via === 'string' && detail.via !== 'manual')
      facts.push({ label: '来源', value: labelled(VIA_LABELS, detail.via) });
    return { actionLabel: actionLabelOf(row), subject: subjectOf(row, names), facts };
  }

  const fieldType = recordType ?? row.entityType;
  for (const [key, value] of Object.entries(detail)) {
    if (SKIPPED_KEYS.has(key) || key === 'fromStage' || isBlank(value)) continue;
    if (key === 'changes' && isRecord(value)) {
      facts.push(...changeFacts(recordType, value, row.action === 'record.create', names));
      continue;
    }
    if (key === 'changes' && typeof value === 'number') {
      facts.push({ label: '变更条数', value: String(value) });
      continue;
    }
    if (key === 'field' && typeof value === 'string') {
      facts.push({ label: '字段', value: fieldLabelOf(fieldType, value) });
      continue;
    }
    if (key === 'reason' && typeof detail.reasonLabel === 'string') {
      facts.push({ label: '原因', value: detail.reasonLabel });
      continue;
    }
    if (key === 'rule' || (key === 'ruleLabel' && typeof value === 'string')) continue;
    if (key === 'value' && typeof detail.key === 'string') {
      facts.push({ label: '设置值', value: formatFieldValue(null, detail.key, value) });
      continue;
    }
    if (isOpaqueId(value) && !isReference(key)) continue;
    // A conflict's sides are values of the conflicting field.
    const valueField =
      ['base', 'server', 'client', 'from', 'to'].includes(key) && typeof detail.field === 'string'
        ? detail.field
        : key;
    const text =
      valueField === key
        ? detailValue(fieldType, key, value, names)
        : formatFieldValue(fieldType, valueField, value);
    facts.push({ label: DETAIL_LABELS[key] ?? fieldLabelOf(fieldType, key), value: text });
  }
  if (typeof detail.ruleLabel === 'string') facts.unshift({ label: '预警规则', value: detail.ruleLabel });
  return { actionLabel: actionLabelOf(row), subject: subjectOf(row, names), facts };
}
