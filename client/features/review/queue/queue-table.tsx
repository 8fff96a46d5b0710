import { Link } from 'react-router';
import type { CaseListItem } from '../../../../shared/cases/api';
import { CATEGORY_LABELS } from '../../../../shared/domain/household-codes';
import { LOOP_COMMAND_LABELS, type LoopCommandName } from '../../../../shared/loop/commands';
import { LOOP_STAGES } from '../../../../shared/loop/stages';
import { ageText, dueDatesOf, groupByStage } from './queue-model';

function stepLabels(commands: readonly string[]): string {
  const labels = commands.flatMap((command) =>
    Object.hasOwn(LOOP_COMMAND_LABELS, command) ? [LOOP_COMMAND_LABELS[command as LoopCommandName]] : [],
  );
  return labels.join('、') || '—';
}

function unitText(item: CaseListItem): string {
  return [item.countyName, item.townshipName, item.unitName]
    .filter((name, index, all): name is string => Boolean(name) && all.indexOf(name) === index)
    .join(' / ');
}

function Row({ item, today }: { item: CaseListItem; today: string }) {
  const due = dueDatesOf(item, today);
  return (
    <tr data-case-id={item.id}>
      <th scope="row">
        <Link to={`/review/cases/${item.id}`} className="review-link">
          {item.headName ?? '（未填写户主姓名）'}
        </Link>
        {item.openConflicts > 0 ? (
          <span className="review-badge review-badge--warn">冲突 {item.openConflicts}</span>
        ) : null}
      </th>
      <td className="review-nowrap">{item.headIdNumberMasked ?? '—'}</td>
      <td>{unitText(item)}</td>
      <td>{CATEGORY_LABELS[item.category]}</td>
      <td>{item.stageLabel}</td>
      <td className="review-nowrap">{ageText(item.daysInStage)}</td>
      <td>
        {due.length === 0
          ? '—'
          : due.map((d) => (
              <span key={d.label} className={d.overdue ? 'review-due review-due--overdue' : 'review-due'}>
                {d.label} {d.date}
                {d.overdue ? '（已到期）' : ''}
              </span>
            ))}
      </td>
      <td>{stepLabels(item.allowedCommands)}</td>
    </tr>
  );
}

/** The page of cases, grouped by their step in the order of the loop. */
export function QueueTable({ items, today }: { items: readonly CaseListItem[]; today: string }) {
  const groups = groupByStage(items, LOOP_STAGES);
  return (
    <div className="review-table-wrap">
      <table className="review-table review-queue" aria-label="案件列表">
        <thead>
          <tr>
            <th scope="col">户主</th>
            <th scope="col">身份证号</th>
            <th scope="col">单位</th>
            <th scope="col">类别</th>
            <th scope="col">环节</th>
            <th scope="col">本环节已停留</th>
            <th scope="col">到期</th>
            <th scope="col">可办理</th>
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.stage} aria-label={group.label}>
            <tr className="review-queue__group">
              <th colSpan={8} scope="colgroup">
                {group.label}（{group.items.length}）
              </th>
            </tr>
            {group.items.map((item) => (
              <Row key={item.id} item={item} today={today} />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
