import { Link } from 'react-router';

/** A record that is not on this tablet: deleted, or never synced here. */
export function MissingRecord({ what, back }: { what: string; back: string }) {
  return (
    <section className="card">
      <h1 className="card__title">找不到这条{what}</h1>
      <p>它可能已被删除，或尚未同步到本机。</p>
      <Link to={back} className="button button--primary">
        返回列表
      </Link>
    </section>
  );
}
