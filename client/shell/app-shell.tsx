import { Suspense } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { ROLE_LABELS } from '../../shared/roles';
import { useCurrentUser } from '../auth/use-session';
import { NAV_ITEMS } from '../routes';
import { LogoutButton } from './logout-button';
import { CHANGE_PASSWORD_PATH } from './redirect';
import { StatusBar } from './status-bar';

/** The frame of every signed-in page: who is working, where, the sections, and the device status. */
export function AppShell() {
  const user = useCurrentUser();
  const items = NAV_ITEMS.filter((item) => item.roles.includes(user.role));
  return (
    <div className="app-shell">
      <header className="app-header">
        <div className="app-header__brand">
          <img src="/icons/icon-192.png" alt="" className="app-header__logo" />
          <span className="app-header__title">精准帮扶</span>
        </div>
        <nav className="app-nav" aria-label="主导航">
          {items.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              // An entry with a deeper entry of its own (/monitoring and /monitoring/data) matches its page
              // only, so one entry is highlighted at a time.
              end={item.to === '/' || items.some((other) => other.to.startsWith(`${item.to}/`))}
              className="app-nav__link"
            >
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="app-header__user" data-testid="current-user">
          <span className="app-header__name">{user.displayName}</span>
          <span className="app-header__meta">
            <span className="app-header__role">{ROLE_LABELS[user.role]}</span>
            <span className="app-header__unit">{user.unitName}</span>
          </span>
        </div>
        <Link to={CHANGE_PASSWORD_PATH} className="button button--header">
          修改密码
        </Link>
        <LogoutButton />
      </header>
      <main className="app-main">
        {/* Pages load when first opened (client/routes.tsx); the frame stays while one does. */}
        <Suspense fallback={<p className="muted">正在打开…</p>}>
          <Outlet />
        </Suspense>
      </main>
      <StatusBar />
    </div>
  );
}
