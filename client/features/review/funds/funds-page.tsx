import { useState } from 'react';
import { FUND_KINDS, FUND_KIND_LABELS, type FundKind } from '../../../../shared/funds/kinds';
import type { FundKindRow, FundsReply } from '../../../../shared/funds/api';
import { formatFen, fenToYuanInput, parseYuan } from '../../../../shared/validation/money';
import { todayInChina } from '../../../../shared/validation/clock';
import { failureMessage } from '../api/review-api';
import { useResource } from '../api/use-resource';
import { ActionNotice, ResourceProgress } from '../resource-parts';
import { LedgerExportButton } from '../ledgers/ledger-button';
import { getFunds, recordAdjustment, setBudget } from './funds-api';
import '../review.css';

/**
 * 资金管理: a county's budget per project kind for a year against what was paid, the budget form, and the
 * adjustment report (调整报告) that moves money between kinds — it takes effect only once recorded.
 * Loaded only when opened.
 */
export function FundsPage() {
  const [year, setYear] = useState(() => Number(todayInChina().slice(0, 4)));
  const [countyId, setCountyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [funds, reload] = useResource(`funds:${countyId ?? ''}:${year}`, () => getFunds(countyId, year));

  const done = (text: string) => {
    setNotice(text);
    reload();
  };

  return (
    <div className="review-page">
      <div className="review-page__head">
        <h1 className="review-page__title">资金管理</h1>
        <div className="review-page__actions">
          <label className="field__label" htmlFor="funds-year">
            年度
          </label>
          <select
            id="funds-year"
            className="field__input"
            value={year}
            onChange={(event) => setYear(Number(event.target.value))}
          >
            {[1, 0, -1, -2, -3].map((offset) => {
              const y = Number(todayInChina().slice(0, 4)) + offset;
              return (
                <option key={y} value={y}>
                  {y}年
                </option>
              );
            })}
          </select>
          {funds.status === 'ready' && funds.data.counties.length > 1 ? (
            <select
              aria-label="县（区）"
              className="field__input"
              value={funds.data.countyId}
              onChange={(event) => setCountyId(event.target.value)}
            >
              {funds.data.counties.map((county) => (
                <option key={county.id} value={county.id}>
                  {county.name}
                </option>
              ))}
            </select>
          ) : null}
          <LedgerExportButton
            kind="disbursements"
            label="导出发放台账"
            filters={{ unitId: funds.status === 'ready' ? funds.data.countyId : null, year }}
          />
        </div>
      </div>
      <p className="review-hint">
        项目资金分为事前预防、事后救助、送温暖·提升生活品质三类。每笔发放按所选类别计入；在三类项目间调整资金，须先向全国总工会报告情况和原因，填写调整报告后方才生效。
      </p>
      <ActionNotice text={notice} />
      <ResourceProgress resource={funds} />
      {funds.status === 'ready' ? (
        <>
          <BudgetTable funds={funds.data} onSaved={done} />
          <AdjustmentForm funds={funds.data} onSaved={done} />
          <AdjustmentHistory funds={funds.data} />
        </>
      ) : null}
    </div>
  );
}

const money = (fen: number | null) => (fen === null ? '未设定' : formatFen(fen));

function BudgetTable({ funds, onSaved }: { funds: FundsReply; onSaved(text: string): void }) {
  return (
    <section className="card">
      <h2 className="card__title">
        {funds.countyName} {funds.year}年预算执行
      </h2>
      <div className="review-table-wrap">
        <table className="review-table" aria-label="预算执行" data-testid="funds-table">
          <thead>
            <tr>
              <th scope="col">项目类别</th>
              <th scope="col">年初预算</th>
              <th scope="col">调整</th>
              <th scope="col">调整后预算</th>
              <th scope="col">已发放</th>
              <th scope="col">结余</th>
              <th scope="col">发放笔数</th>
              <th scope="col">设定预算</th>
            </tr>
          </thead>
          <tbody>
            {funds.kinds.map((row) => (
              <tr key={row.kind} data-kind={row.kind}>
                <th scope="row">{row.label}</th>
                <td>{money(row.baseFen)}</td>
                <td>{row.adjustedFen === 0 ? '—' : formatFen(row.adjustedFen)}</td>
                <td>{formatFen(row.budgetFen)}</td>
                <td>{formatFen(row.spentFen)}</td>
                <td className={row.remainingFen < 0 ? 'form-error' : undefined}>
                  {formatFen(row.remainingFen)}
                  {row.remainingFen < 0 ? '（超支）' : ''}
                </td>
                <td>{row.disbursements}</td>
                <td>
                  {funds.canSetBudget[row.kind] ? (
                    <BudgetInput funds={funds} row={row} onSaved={onSaved} />
                  ) : (
                    <span className="muted">已设定</span>
                  )}
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">合计</th>
              <td>{money(funds.total.baseFen)}</td>
              <td>—</td>
              <td>{formatFen(funds.total.budgetFen)}</td>
              <td>{formatFen(funds.total.spentFen)}</td>
              <td>{formatFen(funds.total.remainingFen)}</td>
              <td>{funds.total.disbursements}</td>
              <td />
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function BudgetInput({
  funds,
  row,
  onSaved,
}: {
  funds: FundsReply;
  row: FundKindRow;
  onSaved(text: string): void;
}) {
  const [text, setText] = useState(row.baseFen === null ? '' : fenToYuanInput(row.baseFen));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const parsed = parseYuan(text);
    if (!parsed.ok) {
      setError(`预算金额${parsed.message}`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await setBudget({ countyId: funds.countyId, year: funds.year, kind: row.kind, amountFen: parsed.fen });
      onSaved(`已设定${row.label}预算 ${formatFen(parsed.fen)}`);
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="review-nowrap">
      <input
        className="field__input"
        inputMode="decimal"
        aria-label={`${row.label}预算（元）`}
        value={text}
        onChange={(event) => setText(event.target.value)}
        size={10}
      />{' '}
      <button type="button" className="button" disabled={busy} onClick={() => void save()}>
        保存
      </button>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

function AdjustmentForm({ funds, onSaved }: { funds: FundsReply; onSaved(text: string): void }) {
  const [fromKind, setFromKind] = useState<FundKind>('relief');
  const [toKind, setToKind] = useState<FundKind>('warmth');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [reportNumber, setReportNumber] = useState('');
  const [reportedOn, setReportedOn] = useState(() => todayInChina());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const parsed = parseYuan(amount);
    if (!parsed.ok) {
      setError(`调整金额${parsed.message}`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await recordAdjustment({
        countyId: funds.countyId,
        year: funds.year,
        fromKind,
        toKind,
        amountFen: parsed.fen,
        reason,
        reportNumber,
        reportedOn,
      });
      setAmount('');
      setReason('');
      setReportNumber('');
      onSaved(
        `已记录调整报告：${FUND_KIND_LABELS[fromKind]} → ${FUND_KIND_LABELS[toKind]} ${formatFen(parsed.fen)}`,
      );
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const kindSelect = (label: string, value: FundKind, onChange: (kind: FundKind) => void) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <select
        className="field__input"
        value={value}
        onChange={(event) => onChange(event.target.value as FundKind)}
      >
        {FUND_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {FUND_KIND_LABELS[kind]}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section className="card" aria-label="资金调整报告">
      <h2 className="card__title">项目类别间调整资金（须先报告）</h2>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {kindSelect('调出项目', fromKind, setFromKind)}
        {kindSelect('调入项目', toKind, setToKind)}
        <label className="field">
          <span className="field__label">调整金额（元）</span>
          <input
            className="field__input"
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">情况和原因</span>
          <textarea
            className="field__input"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">报告文号</span>
          <input
            className="field__input"
            value={reportNumber}
            onChange={(event) => setReportNumber(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">报告日期</span>
          <input
            className="field__input"
            type="date"
            value={reportedOn}
            onChange={(event) => setReportedOn(event.target.value)}
          />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            记录调整报告
          </button>
        </div>
      </form>
    </section>
  );
}

function AdjustmentHistory({ funds }: { funds: FundsReply }) {
  return (
    <section className="card">
      <h2 className="card__title">调整记录</h2>
      {funds.adjustments.length === 0 ? (
        <p className="muted">本年度没有调整记录。</p>
      ) : (
        <div className="review-table-wrap">
          <table className="review-table" aria-label="调整记录">
            <thead>
              <tr>
                <th scope="col">报告日期</th>
                <th scope="col">报告文号</th>
                <th scope="col">调出</th>
                <th scope="col">调入</th>
                <th scope="col">金额</th>
                <th scope="col">情况和原因</th>
                <th scope="col">记录人</th>
              </tr>
            </thead>
            <tbody>
              {funds.adjustments.map((a) => (
                <tr key={a.id}>
                  <td>{a.reportedOn}</td>
                  <td>{a.reportNumber}</td>
                  <td>{FUND_KIND_LABELS[a.fromKind]}</td>
                  <td>{FUND_KIND_LABELS[a.toKind]}</td>
                  <td>{formatFen(a.amountFen)}</td>
                  <td>{a.reason}</td>
                  <td>
                    {a.recordedByName}（{a.recordedAt.slice(0, 10)}）
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
