import { isRouteErrorResponse, useRouteError } from 'react-router';

/** Anything a page failed to render: say so in Chinese and offer a reload (drafts are already saved). */
export function ErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <main className="centered-page">
      <div className="card">
        <h1 className="card__title">页面出错了</h1>
        <p>已保存的数据不受影响。请重新加载页面；如果问题仍然存在，请联系系统管理员。</p>
        <p className="muted">{detail}</p>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          重新加载
        </button>
      </div>
    </main>
  );
}
