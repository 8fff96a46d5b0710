import { useLiveQuery } from 'dexie-react-hooks';
import { Link, useParams } from 'react-router';
import { useCurrentUser } from '../../auth/use-session';
import { useAutosave } from './use-autosave';
import { loadVisitForm } from './visit-data';
import { VisitForm } from './visit-form';
import './visit-form.css';

/** `/visits/:id`: the household visit form (走访调查表), read from and autosaved to this tablet. */
export function VisitFormPage() {
  const { id = '' } = useParams();
  const user = useCurrentUser();
  const records = useLiveQuery(() => loadVisitForm(id), [id]);
  const buffer = useAutosave();

  if (records === undefined) return <p className="muted">正在打开走访调查表…</p>;
  if (records === null || records.household === null) {
    return (
      <section className="card">
        <h1 className="card__title">找不到这份走访调查表</h1>
        <p className="muted">本机没有这份走访记录或它所属的家庭，可能尚未同步到本机或已被删除。</p>
        <Link className="button" to="/households">
          返回我的家庭户
        </Link>
      </section>
    );
  }
  return (
    <VisitForm
      key={records.visit.id}
      records={{ ...records, household: records.household }}
      buffer={buffer}
      user={user}
    />
  );
}
