import { useEffect, useRef, useState } from 'react';

/**
 * A one-time password shown to the administrator this once (the server keeps only its hash): to be
 * handed to the person, who must replace it at their first login.
 */
export function OneTimePasswordNotice({
  username,
  displayName,
  password,
  onClose,
}: {
  username: string;
  displayName: string;
  password: string;
  onClose(): void;
}) {
  const [copied, setCopied] = useState(false);
  const card = useRef<HTMLElement>(null);
  // Shown once: bring it into view wherever in the list the administrator pressed 重置密码.
  useEffect(() => card.current?.scrollIntoView({ block: 'center' }), [password]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section
      ref={card}
      className="card admin-otp"
      role="status"
      aria-label="一次性密码"
      data-testid="one-time-password"
    >
      <h2 className="card__title">
        {displayName}（{username}）的一次性密码
      </h2>
      <p className="admin-otp__value">
        <code data-testid="one-time-password-value">{password}</code>
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? '已复制' : '复制'}
        </button>
      </p>
      <p className="muted">
        此密码只显示这一次，请当面或通过可靠渠道交给本人。本人首次登录时须设置自己的密码。
      </p>
      <button type="button" className="button" onClick={onClose}>
        我已记下，关闭
      </button>
    </section>
  );
}
