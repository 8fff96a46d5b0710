import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { listHeld, type RejectedChange } from '../../db/sync-review';
import { formatDateTime } from '../../shell/format';
import { fixLinkOf } from './fix-link';
import { ChangeDetails, changeHeading } from './rejected-list';

function HeldItem({ item }: { item: RejectedChange }) {
  const link = fixLinkOf(item);
  const opensField = link?.anchor != null;
  return (
    <li className="sync-item" data-testid="held-change">
      <h3 className="sync-item__title">{changeHeading(item)}</h3>
      <p className="form-error">待修正：{item.row.error ?? '内容不符合要求'}</p>
      <ChangeDetails item={item} />
      <p className="muted">
        {formatDateTime(item.row.createdAt)} 记录。
        {link ? (
          <Link to={link.to} className="inline-link">
            {opensField ? '打开走访表修改该项' : '打开记录修改'}
          </Link>
        ) : (
          '请修改记录'
        )}
        ，修正后会在下次同步时自动提交。
      </p>
    </li>
  );
}

/**
 * Changes held on the tablet (待修正): the check the server runs on every record says it would refuse
 * them, so they were not sent. Each says why and leads to the field; the fix goes with the next sync.
 */
export function HeldList() {
  const items = useLiveQuery(listHeld, []);
  if (!items || items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="held-title">
      <h2 id="held-title" className="card__title">
        待修正的修改（{items.length}）
      </h2>
      <p className="muted">
        这些修改的内容不符合要求，提交后会被服务器拒绝，因此暂存在本机、没有发送。修正后不需要其他操作。
      </p>
      <ul className="sync-list">
        {items.map((item) => (
          <HeldItem key={item.row.seq} item={item} />
        ))}
      </ul>
    </section>
  );
}
