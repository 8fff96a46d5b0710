import type { ReactNode } from 'react';

/** The centred card the login, PIN and unlock steps share. */
export function AuthLayout({ children }: { children: ReactNode }) {
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
