import { useLiveQuery } from 'dexie-react-hooks';
import { listOpenConflicts } from '../../db/sync-review';
import { ConflictCard } from './conflict-card';

/** Open conflicts of this user's scope (pulled from the server), newest first. */
export function ConflictList() {
  const views = useLiveQuery(listOpenConflicts, []);
  if (!views || views.length === 0) return null;
  return (
    <section className="card" aria-labelledby="conflicts-title">
      <h2 id="conflicts-title" className="card__title">
        同步冲突（{views.length}）
      </h2>
      <p className="muted">
        同一项内容在平板和服务器上被改成了不同的值。服务器暂时保留了它的值，您填写的值也没有丢失，请逐项确认。
      </p>
      <ul className="sync-list">
        {views.map((view) => (
          <ConflictCard key={view.conflict.id} view={view} />
        ))}
      </ul>
    </section>
  );
}
