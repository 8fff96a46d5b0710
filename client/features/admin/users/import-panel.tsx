import { useState } from 'react';
import {
  accountCsvTemplate,
  ACCOUNT_CSV_EXAMPLE_ROW,
  ACCOUNT_CSV_MAX_ROWS,
  ACCOUNT_CSV_TEMPLATE_HEADER,
} from '../../../../shared/account-csv';
import type { AccountImportPreview, AccountImportReply } from '../../../../shared/accounts';
import { ROLE_LABELS } from '../../../../shared/roles';
import { roleSchema } from '../../../../shared/role-schema';
import { csvBlob, downloadFile } from '../../../shell/download';
import { failureMessage } from '../../review/api/review-api';
import { decodeCsv } from '../../review/import/comparison-file';
import { applyImport, previewImport } from './users-api';
import { CsvFilePicker } from '../../review/import/csv-file-picker';

function roleLabel(text: string): string {
  const role = roleSchema.safeParse(text);
  return role.success ? ROLE_LABELS[role.data] : text;
}

function PreviewTable({ preview }: { preview: AccountImportPreview }) {
  const bad = preview.rows.filter((r) => r.problems.length > 0).length;
  return (
    <>
      {preview.fileErrors.map((message) => (
        <p key={message} className="form-error" role="alert">
          {message}
        </p>
      ))}
      {preview.rows.length > 0 ? (
        <p className={bad > 0 ? 'notice notice--warning' : 'notice'} data-testid="import-preview-summary">
          共 {preview.rows.length} 行
          {bad > 0 ? `，其中 ${bad} 行有问题，请修改文件后重新选择` : '，全部可以创建'}
        </p>
      ) : null}
      {preview.rows.length > 0 ? (
        <div className="review-table-wrap">
          <table className="review-table" aria-label="导入预览">
            <thead>
              <tr>
                <th scope="col">行号</th>
                <th scope="col">用户名</th>
                <th scope="col">姓名</th>
                <th scope="col">角色</th>
                <th scope="col">单位</th>
                <th scope="col">问题</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line} className={row.problems.length > 0 ? 'admin-row--bad' : undefined}>
                  <td>{row.line}</td>
                  <td>{row.username}</td>
                  <td>{row.displayName}</td>
                  <td>{roleLabel(row.role)}</td>
                  <td>{row.unitName ?? row.unitId}</td>
                  <td>{row.problems.length > 0 ? row.problems.join('；') : '可以创建'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function downloadPasswords(reply: AccountImportReply): void {
  const lines = [
    '用户名,姓名,单位,一次性密码',
    ...reply.created.map((c) =>
      [c.user.username, c.user.displayName, c.user.unitName, c.oneTimePassword].join(','),
    ),
  ];
  downloadFile('新账号一次性密码.csv', csvBlob(lines));
}

function ImportResult({ reply }: { reply: AccountImportReply }) {
  return (
    <section className="card" aria-labelledby="import-result-title" data-testid="import-result">
      <h2 className="card__title" id="import-result-title">
        已创建 {reply.created.length} 个账号
      </h2>
      <p className="notice notice--warning">
        下列一次性密码只显示这一次，请下载或记下后分发给本人；本人首次登录时须设置自己的密码。
      </p>
      <div className="review-page__actions">
        <button type="button" className="button button--primary" onClick={() => downloadPasswords(reply)}>
          下载一次性密码（CSV）
        </button>
      </div>
      <div className="review-table-wrap">
        <table className="review-table" aria-label="新账号一次性密码">
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">单位</th>
              <th scope="col">一次性密码</th>
            </tr>
          </thead>
          <tbody>
            {reply.created.map((c) => (
              <tr key={c.user.id}>
                <td>{c.user.username}</td>
                <td>{c.user.displayName}</td>
                <td>{c.user.unitName}</td>
                <td>
                  <code>{c.oneTimePassword}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** 批量导入: choose the city's account list (CSV, UTF-8 or GBK), see every row judged, then create all. */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<AccountImportPreview | null>(null);
  const [reply, setReply] = useState<AccountImportReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(file: File | undefined): Promise<void> {
    setPreview(null);
    setReply(null);
    setError(null);
    setCsv(null);
    if (!file) return;
    const text = decodeCsv(new Uint8Array(await file.arrayBuffer()));
    setBusy(true);
    try {
      setPreview(await previewImport(text));
      setCsv(text);
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  async function apply(): Promise<void> {
    if (csv === null) return;
    setBusy(true);
    setError(null);
    try {
      setReply(await applyImport(csv));
      setPreview(null);
      setCsv(null);
      onImported();
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section className="card" aria-labelledby="import-title">
        <h2 className="card__title" id="import-title">
          批量导入账号
        </h2>
        <p className="review-hint">
          CSV 文件（Excel 另存为 CSV 即可，UTF-8 或 GBK），表头：<code>{ACCOUNT_CSV_TEMPLATE_HEADER}</code>
          ，例如 <code>
            {ACCOUNT_CSV_EXAMPLE_ROW}
          </code>。角色可写“网格员”“乡镇工会”“县总”“市总”等；每次最多 {ACCOUNT_CSV_MAX_ROWS}{' '}
          行。先预览，全部无误后一次创建；每个账号生成一次性密码。
        </p>
        <CsvFilePicker
          id="account-csv"
          onTemplate={() =>
            downloadFile(
              '用户账号导入模板.csv',
              new Blob([accountCsvTemplate()], { type: 'text/csv;charset=utf-8' }),
            )
          }
          onFile={(file) => void choose(file)}
        />
        {busy && !preview ? <p className="muted">正在检查文件…</p> : null}
        {preview ? <PreviewTable preview={preview} /> : null}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        {preview?.ready ? (
          <div className="review-page__actions">
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void apply()}
            >
              {busy ? '正在创建…' : `创建这 ${preview.rows.length} 个账号`}
            </button>
          </div>
        ) : null}
      </section>
      {reply ? <ImportResult reply={reply} /> : null}
    </>
  );
}
