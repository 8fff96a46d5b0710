import { useState } from 'react';
import type { CaseAuditEntry } from '../../../../shared/cases/api';
import { LOOP_COMMAND_LABELS, type LoopCommandName } from '../../../../shared/loop/commands';
import { ROLE_LABELS } from '../../../../shared/roles';
import { formatDateTime } from '../../../shell/format';
import { getCaseAudit } from '../api/review-api';
import { useResource } from '../api/use-resource';
import { formatFieldValue, labelOf } from '../format/values';

const ACTION_LABELS: Readonly<Record<string, string>> = {
  'case.register': '登记案件',
  'case.command': '办理步骤',
  'case.comparison_import': '导入比对结果',
  'sync.conflict_open': '产生同步冲突',
  'sync.conflict_resolve': '处理同步冲突',
  'sync.push': '平板同步',
  'record.create': '新建记录',
  'record.update': '修改记录',
  'record.delete': '删除记录',
  'monitoring.warning.raise': '系统预警',
  'monitoring.warning.acknowledge': '预警已知悉',
  'monitoring.warning.act': '处理预警',
  'monitoring.register.add': '纳入监测名单',
  'monitoring.register.remove': '移出监测名单',
};

const ENTITY_LABELS: Readonly<Record<string, string>> = {
  household: '家庭档案',
  member: '家庭成员',
  visit: '走访调查表',
  attachment: '附件',
  conflict: '同步冲突',
  caseEvent: '办理记录',
  comment: '意见通知',
  monitoringWarning: '监测预警',
  monitoringRegister: '监测名单',
};

/** The action in words; a step names itself (`detail.command`). */
export function auditActionText(entry: Pick<CaseAuditEntry, 'action' | 'detail'>): string {
  const base = ACTION_LABELS[entry.action] ?? entry.action;
  const command = entry.detail.command;
  if (typeof command === 'string' && Object.hasOwn(LOOP_COMMAND_LABELS, command)) {
    return `${base}：${LOOP_COMMAND_LABELS[command as LoopCommandName]}`;
  }
  return base;
}

function AuditTable({ caseId }: { caseId: string }) {
  const [audit] = useResource(`audit:${caseId}`, () => getCaseAudit(caseId));
  if (audit.status === 'loading') return <p className="muted">正在读取审计日志…</p>;
  if (audit.status === 'failed') {
    return (
      <p className="form-error" role="alert">
        {audit.message}
      </p>
    );
  }
  const entries = audit.data.entries;
  if (entries.length === 0) return <p className="muted">没有审计记录。</p>;
  return (
    <div className="review-table-wrap">
      <table className="review-table review-audit" aria-label="审计日志">
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">操作人</th>
            <th scope="col">操作</th>
            <th scope="col">对象</th>
            <th scope="col">变更（原值 → 新值）</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq}>
              <td>{formatDateTime(entry.at)}</td>
              <td>
                {entry.userName ?? '系统'}
                {entry.role ? ` · ${ROLE_LABELS[entry.role]}` : ''}
                {entry.unitName ? ` · ${entry.unitName}` : ''}
              </td>
              <td>{auditActionText(entry)}</td>
              <td>{entry.entityType ? (ENTITY_LABELS[entry.entityType] ?? entry.entityType) : '—'}</td>
              <td>
                {entry.changes.length === 0 ? (
                  '—'
                ) : (
                  <ul className="review-plain-list">
                    {entry.changes.map((change) => (
                      <li key={change.field}>
                        {labelOf(entry.entityType ?? 'household', change.field)}：
                        {formatFieldValue(change.field, change.from, { reveal: true })} →{' '}
                        {formatFieldValue(change.field, change.to, { reveal: true })}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 审计日志 (county and city): collapsed, and read from the server only when opened. */
export function AuditSection({ caseId, version }: { caseId: string; version: number }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby="review-audit-title">
      <details className="review-details" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <h2 className="card__title review-details__title" id="review-audit-title">
            审计日志
          </h2>
        </summary>
        {open ? <AuditTable key={version} caseId={caseId} /> : null}
      </details>
    </section>
  );
}
