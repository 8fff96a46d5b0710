import { useState } from 'react';
import { Link } from 'react-router';
import type { ComparisonImportReply } from '../../../../shared/cases/api';
import { parseComparisonCsv } from '../../../../shared/cases/comparison-csv';
import { COMPARISON_RESULT_LABELS, COMPARISON_SOURCE_LABELS } from '../../../../shared/loop/vocabulary';
import { failureMessage, importComparisonCsv } from '../api/review-api';
import { downloadFile } from '../../../shell/download';
import { decodeCsv, templateCsv, TEMPLATE_HEADER } from './comparison-file';
import '../review.css';
import { CsvFilePicker } from './csv-file-picker';

interface ChosenFile {
  name: string;
  text: string;
  rows: number;
  problems: { line: number; message: string }[];
}

function downloadTemplate(): void {
  downloadFile('信息比对结果导入模板.csv', new Blob([templateCsv()], { type: 'text/csv;charset=utf-8' }));
}

function ImportReport({ reply }: { reply: ComparisonImportReply }) {
  return (
    <section className="card" aria-labelledby="import-report-title">
      <h2 className="card__title" id="import-report-title">
        导入结果
      </h2>
      <dl className="facts" data-testid="import-summary">
        <dt>匹配到档案的行</dt>
        <dd>{reply.matched} 行</dd>
        <dt>已写入案件的行</dt>
        <dd>{reply.applied} 行</dd>
        <dt>未匹配的行</dt>
        <dd>{reply.unmatchedRows.length} 行</dd>
        <dt>有问题的行</dt>
        <dd>{reply.errors.length} 行</dd>
      </dl>
      {reply.cases.length > 0 ? (
        <>
          <h3 className="review-subtitle">涉及的案件</h3>
          <ul className="review-plain-list">
            {reply.cases.map((item) => (
              <li key={item.caseId}>
                <Link className="review-link" to={`/review/cases/${item.caseId}`}>
                  {item.headName ?? '（未填写户主姓名）'}
                </Link>
                ：第 {item.lines.join('、')} 行，
                {item.status === 'applied' ? '已写入比对结果' : `未写入（${item.reason ?? ''}）`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {reply.unmatchedRows.length > 0 ? (
        <>
          <h3 className="review-subtitle">未匹配的行</h3>
          <div className="review-table-wrap">
            <table className="review-table" aria-label="未匹配的行">
              <thead>
                <tr>
                  <th scope="col">行号</th>
                  <th scope="col">身份证号</th>
                  <th scope="col">原因</th>
                </tr>
              </thead>
              <tbody>
                {reply.unmatchedRows.map((row) => (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    <td>{row.idNumber}</td>
                    <td>{row.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {reply.errors.length > 0 ? (
        <>
          <h3 className="review-subtitle">有问题的行</h3>
          <ul className="review-plain-list" aria-label="有问题的行">
            {reply.errors.map((error, index) => (
              <li key={`${error.line}-${index}`}>
                第 {error.line} 行：{error.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** 导入比对结果: the comparison centre's CSV, matched by ID number, with a report of what matched nothing. */
export function ComparisonImportPage() {
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reply, setReply] = useState<ComparisonImportReply | null>(null);

  async function choose(selected: File | undefined): Promise<void> {
    setReply(null);
    setError(null);
    if (!selected) return setFile(null);
    const text = decodeCsv(new Uint8Array(await selected.arrayBuffer()));
    const parsed = parseComparisonCsv(text);
    setFile({ name: selected.name, text, rows: parsed.rows.length, problems: parsed.errors });
  }

  async function upload(): Promise<void> {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setReply(await importComparisonCsv(file.text));
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="review-page">
      <nav className="review-breadcrumb" aria-label="位置">
        <Link to="/review">工作台</Link> / <span>导入比对结果</span>
      </nav>
      <section className="card" aria-labelledby="import-title">
        <h1 className="card__title" id="import-title">
          导入信息比对结果
        </h1>
        <p>
          上传比对中心返回的 CSV
          文件，每行一人一项数据来源，按身份证号匹配本辖区处于“信息比对”环节的案件（户主或家庭成员）。
        </p>
        <p className="review-hint">
          表头：<code>{TEMPLATE_HEADER}</code>。数据来源：{Object.values(COMPARISON_SOURCE_LABELS).join('、')}
          ；结果：
          {Object.values(COMPARISON_RESULT_LABELS).join(' / ')}（不一致时备注必填）。
        </p>
        <CsvFilePicker
          id="comparison-file"
          onTemplate={downloadTemplate}
          onFile={(file) => void choose(file)}
        />
        {file ? (
          <p className="notice" data-testid="import-preview">
            {file.name}：可读取 {file.rows} 行
            {file.problems.length > 0 ? `，${file.problems.length} 行有问题（上传后在结果中列出）` : ''}
          </p>
        ) : null}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="review-page__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={!file || busy}
            onClick={() => void upload()}
          >
            {busy ? '正在导入…' : '上传并导入'}
          </button>
        </div>
      </section>
      {reply ? <ImportReport reply={reply} /> : null}
    </div>
  );
}
