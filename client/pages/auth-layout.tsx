import { useEffect, type ReactNode } from 'react';
import { markFirstScreen } from '../shell/first-screen';

/** The centred card the login, PIN and unlock steps share. The first of them on screen is the first screen. */
export function AuthLayout({ children }: { children: ReactNode }) {
  useEffect(markFirstScreen, []);
  return (
    <main className="auth-page">
      <div className="auth-card">
        <header className="auth-card__brand">
          <img src="/icons/icon-192.png" alt="" className="auth-card__logo" />
          <div>
            <h1 className="auth-card__title">困难职工精准帮扶</h1>
            <p className="auth-card__subtitle">工会帮扶工作平台 · 入户走访与闭环管理</p>
          </div>
        </header>
        {children}
      </div>
    </main>
  );
}
