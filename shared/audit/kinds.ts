/**
 * The kinds of audit entries a reader filters by (登录、案件办理、平板记录…), each a set of action prefixes,
 * and every action's zh-CN name. A new action gets a line in ACTION_LABELS; until then it reads as its kind.
 */

export const AUDIT_KINDS = {
  auth: ['auth.'],
  case: ['case.'],
  record: ['record.'],
  sync: ['sync.'],
  identity: ['identity.'],
  monitoring: ['monitoring.', 'reminder.'],
  account: ['user.'],
  unit: ['unit.'],
  device: ['device.'],
  settings: ['county_setting.', 'setting.', 'settings.'],
  rounds: ['roundCalendar.'],
  audit: ['audit.'],
  export: ['ledger.', 'print.'],
} as const satisfies Record<string, readonly string[]>;

export type AuditKind = keyof typeof AUDIT_KINDS | 'other';
export const AUDIT_KIND_NAMES = Object.keys(AUDIT_KINDS) as (keyof typeof AUDIT_KINDS)[];

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  auth: '登录与退出',
  case: '案件办理',
  record: '档案与走访记录',
  sync: '数据同步',
  identity: '重复建档核查',
  monitoring: '监测预警',
  account: '账号管理',
  unit: '组织单位',
  device: '设备管理',
  settings: '县级设置',
  rounds: '走访轮次',
  audit: '审计日志',
  export: '导出与打印',
  other: '其他操作',
};

export function auditKindOf(action: string): AuditKind {
  for (const kind of AUDIT_KIND_NAMES) {
    if (AUDIT_KINDS[kind].some((prefix) => action.startsWith(prefix))) return kind;
  }
  return 'other';
}

export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.password_change': '修改密码',
  'case.register': '登记案件',
  'case.command': '办理步骤',
  'case.comparison_import': '导入比对结果',
  'case.transfer': '案件转移',
  'record.create': '新建记录',
  'record.update': '修改记录',
  'record.delete': '删除记录',
  'sync.push': '平板同步',
  'sync.bundle_import': '导入同步文件',
  'sync.conflict_open': '产生同步冲突',
  'sync.conflict_resolve': '处理同步冲突',
  'identity.lookup': '查询身份证号',
  'identity.finding': '发现疑似重复建档',
  'identity.merge': '合并重复档案',
  'identity.dismiss': '确认不是重复',
  'identity.scan': '全面核查重复建档',
  'monitoring.warning.raise': '系统预警',
  'monitoring.warning.acknowledge': '预警已知悉',
  'monitoring.warning.act': '处理预警',
  'monitoring.register.add': '纳入监测名单',
  'monitoring.register.remove': '移出监测名单',
  'reminder.send': '发送督办提醒',
  'reminder.acknowledge': '督办提醒已知悉',
  'user.create': '新建账号',
  'user.update': '修改账号',
  'user.password_reset': '重置密码',
  'user.deactivate': '停用账号',
  'user.transfer': '账号随单位转移',
  'unit.create': '新建组织单位',
  'unit.update': '修改组织单位',
  'unit.deactivate': '停用组织单位',
  'unit.move': '迁移组织单位',
  'unit.import': '导入单位名册',
  'device.revoke': '停用设备',
  'county_setting.set': '修改县级设置',
  'roundCalendar.create': '制定走访轮次',
  'roundCalendar.update': '修改走访轮次',
  'audit.export': '导出审计日志',
  'ledger.export': '导出台账',
  'print.case_form': '打印案件表格',
  'print.notice_list': '打印公示名单',
};
