import { useId, useState, type ChangeEvent } from 'react';
import { SYNC_ERROR_MESSAGES, type SyncErrorCode } from '../../../shared/sync/errors';
import { currentToken } from '../../auth/session-store';
import { formatDateTime } from '../../shell/format';
import { BundleImportError, importBundle, type BundleImportReply } from '../../sync/bundle-import';
import { requestSync } from '../../sync/engine';
import { count } from './sync-text';

function reasonOf(error: { code: string; message: string } | undefined): string {
  if (!error) return '服务器拒绝了此修改';
  return (
    error.message ||
    (Object.hasOwn(SYNC_ERROR_MESSAGES, error.code)
      ? SYNC_ERROR_MESSAGES[error.code as SyncErrorCode]
      : error.code)
  );
}

function Summary({ reply }: { reply: BundleImportReply }) {
  const refused = reply.results.filter((result) => result.status === 'rejected');
  return (
    <div className="notice" role="status" data-testid="bundle-import-summary">
      <p>
        已导入 {reply.bundle.username} 于 {formatDateTime(reply.bundle.createdAt)} 导出的同步文件，共{' '}
        {count(reply.bundle.changeCount)} 条修改：
      </p>
      <dl className="facts">
        <dt>已接受</dt>
        <dd data-testid="bundle-applied">{count(reply.applied)} 条</dd>
        <dt>无需变化（已同步过）</dt>
        <dd data-testid="bundle-noop">{count(reply.noop)} 条</dd>
        <dt>有冲突</dt>
        <dd data-testid="bundle-conflicts">{count(reply.conflicts)} 条</dd>
        <dt>被拒绝</dt>
        <dd data-testid="bundle-rejected">{count(reply.rejected)} 条</dd>
        <dt>新收到的附件</dt>
        <dd>{count(reply.attachmentsStored)} 个</dd>
      </dl>
      {refused.length > 0 ? (
        <ul className="sync-list">
          {refused.map((result) => (
            <li key={result.changeId}>
              修改 {result.changeId.slice(0, 8)}：{reasonOf(result.error)}
            </li>
          ))}
        </ul>
      ) : null}
      {reply.conflicts > 0 ? <p>有冲突的内容已记录，相关人员同步后可在“数据同步”页处理。</p> : null}
      <p className="muted">同一个文件再次导入时，服务器给出与第一次相同的结果，不会重复写入任何数据。</p>
    </div>
  );
}

/**
 * "导入同步文件" for township and county staff: uploads a file brought from an offline tablet. The server
 * checks it whole (damaged, tampered, out of scope…) and applies nothing unless every check passes.
 */
export function BundleImportPanel() {
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [reply, setReply] = useState<BundleImportReply | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const token = currentToken();
    if (!token) return;
    setBusy(true);
    setReply(null);
    setError(null);
    try {
      setReply(await importBundle(token, file));
      // Bring the imported work onto this device too.
      void requestSync('manual');
    } catch (failure) {
      setError(failure instanceof BundleImportError ? failure.message : `导入失败：${String(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="bundle-import-title">
      <h2 id="bundle-import-title" className="card__title">
        导入同步文件
      </h2>
      <p className="muted">
        选择网格员从离线平板导出的加密同步文件（.bangfu）。同一个文件导入两次、或文件中的修改已经联网同步过，都不会重复。
      </p>
      <label className="button sync-file-button" htmlFor={inputId} aria-disabled={busy}>
        {busy ? '正在导入…' : '导入同步文件'}
      </label>
      <input
        id={inputId}
        type="file"
        accept=".bangfu,.json,application/octet-stream,application/json"
        className="sync-file-input"
        aria-label="选择同步文件"
        onChange={(event) => void onFile(event)}
        disabled={busy}
      />
      {error ? (
        <p className="form-error" role="alert" data-testid="bundle-import-error">
          {error}
        </p>
      ) : null}
      {reply ? <Summary reply={reply} /> : null}
    </section>
  );
}
