import { useState } from 'react';
import { UNIT_LEVEL_LABELS } from '../../../../shared/org';
import type { UnitImportReply, UnitImportRow } from '../../../../shared/org/api';
import { UNIT_CSV_TEMPLATE_HEADER } from '../../../../shared/org/unit-csv';
import { failureMessage } from '../../review/api/review-api';
import { decodeCsv } from '../../review/import/comparison-file';
import { importUnits } from './units-api';
import { CsvFilePicker } from '../../review/import/csv-file-picker';

/** 导入单位名册: a CSV (UTF-8 or GBK from Excel) previewed row by row, applied only when no row is wrong. */

const ACTION_LABELS: Record<UnitImportRow['action'], string> = {
  create: '新建',
  rename: '更名',
  unchanged: '无变化',
  error: '有错误',
};

function downloadTemplate(): void {
  const text = `\uFEFF${UNIT_CSV_TEMPLATE_HEADER}\r\n341602003,汤陵街道,乡镇（街道）,341602,\r\n341602003001,汤陵社区,社区/网格,341602003,\r\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = '单位名册模板.csv';
  link.click();
  URL.revokeObjectURL(url);
}

export function UnitImportPanel({
  onDone,
  onCancel,
}: {
  onDone: (notice: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState<string | null>(null);
  const [preview, setPreview] = useState<UnitImportReply | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(csv: string, apply: boolean): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const reply = await importUnits(csv, apply);
      if (apply && reply.applied) {
        onDone(
          `单位名册已导入：新建 ${reply.counts.create} 个，更名 ${reply.counts.rename} 个，无变化 ${reply.counts.unchanged} 个`,
        );
        return;
      }
      setPreview(reply);
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  async function choose(file: File | undefined): Promise<void> {
    setPreview(null);
    if (!file) return setText(null);
    const csv = decodeCsv(new Uint8Array(await file.arrayBuffer()));
    setText(csv);
    await run(csv, false);
  }

  const problems = preview ? preview.counts.error + preview.errors.length : 0;
  return (
    <section className="card admin-dialog" role="dialog" aria-labelledby="unit-import-title">
      <h2 className="card__title" id="unit-import-title">
        导入单位名册
      </h2>
      <p className="review-hint">
        表头：<code>{UNIT_CSV_TEMPLATE_HEADER}</code>。级别填 县（区）、乡镇（街道）、社区/网格 或
        企业工会；乡镇和社区的上级编码可不填（取编码前9位或6位）。按编码对应已有单位：同名不变，名称不同则更名；重复导入不会重复建。
      </p>
      <CsvFilePicker
        id="unit-import-file"
        onTemplate={downloadTemplate}
        onFile={(file) => void choose(file)}
      />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {preview ? (
        <>
          <p className="notice" data-testid="unit-import-summary">
            新建 {preview.counts.create} 个，更名 {preview.counts.rename} 个，无变化{' '}
            {preview.counts.unchanged} 个{problems > 0 ? `，${problems} 处错误：改正后重新选择文件` : ''}
          </p>
          {preview.errors.map((e) => (
            <p key={e.line} className="form-error">
              第 {e.line} 行：{e.message}
            </p>
          ))}
          <div className="admin-table-wrap">
            <table className="admin-table">
              <thead>
                <tr>
                  <th>行</th>
                  <th>编码</th>
                  <th>名称</th>
                  <th>级别</th>
                  <th>结果</th>
                  <th>说明</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.line} className={row.action === 'error' ? 'admin-table__error' : undefined}>
                    <td>{row.line}</td>
                    <td>{row.code}</td>
                    <td>{row.name}</td>
                    <td>{row.level ? UNIT_LEVEL_LABELS[row.level] : ''}</td>
                    <td>{ACTION_LABELS[row.action]}</td>
                    <td>{row.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <div className="review-page__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={
            busy || !text || !preview || problems > 0 || preview.counts.create + preview.counts.rename === 0
          }
          onClick={() => text && void run(text, true)}
        >
          {busy ? '正在处理…' : '确认导入'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          关闭
        </button>
      </div>
    </section>
  );
}
