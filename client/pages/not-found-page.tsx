import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <section className="card">
      <h1 className="card__title">页面不存在</h1>
      <p>
        没有找到 <code>{location.pathname}</code> 对应的页面。
      </p>
      <Link to="/" className="button button--primary">
        返回首页
      </Link>
    </section>
  );
}
