import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { CaseDetailReply, CasePrintForm } from '../../../shared/cases/api';
import { failureMessage, getCase, recordCasePrint } from '../review/api/review-api';
import { useResource } from '../review/api/use-resource';
import { useAttachmentUrl } from '../review/case/attachment-image';
import { chinaDate } from '../review/format/values';
import './print.css';

/**
 * What every print view shares: the desk with its toolbar (back, print, and for the case forms whether to
 * print ID numbers in full), the sheet, the bordered label/value table and the signature and seal lines.
 * The toolbar is hidden in print (print.css), so the paper carries the form only.
 */

export interface PrintOptions {
  /** Print ID numbers in full (the office's own archive copy); masked by default. */
  reveal: boolean;
}

export function PrintDesk(props: {
  back: string;
  children: ReactNode;
  /** Offer the full-ID-number choice (case forms; never the public notice). */
  reveal?: { value: boolean; onChange(value: boolean): void };
  busy?: boolean;
  /**
   * Puts this print into the audit log. 打印 waits for it and does not print when it fails; a print started
   * from the browser's own menu (Ctrl+P) is reported as it starts, as it cannot be held back.
   */
  record?: () => Promise<void>;
}) {
  const [error, setError] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const recordRef = useRef(props.record);
  useEffect(() => {
    recordRef.current = props.record;
  });
  // Set while 打印 prints what it has just recorded, so `beforeprint` does not record it twice.
  const recorded = useRef(false);
  useEffect(() => {
    const onBeforePrint = () => {
      if (recorded.current) return;
      recordRef.current?.().catch(() => undefined);
    };
    window.addEventListener('beforeprint', onBeforePrint);
    return () => window.removeEventListener('beforeprint', onBeforePrint);
  }, []);
  const print = async () => {
    setError(null);
    setRecording(true);
    try {
      await recordRef.current?.();
    } catch (failure) {
      setError(`未能记录本次打印，暂不打印：${failureMessage(failure)}`);
      return;
    } finally {
      setRecording(false);
    }
    recorded.current = true;
    try {
      window.print();
    } finally {
      recorded.current = false;
    }
  };
  return (
    <div className="print-desk" aria-busy={props.busy ?? false}>
      <div className="print-toolbar no-print" role="toolbar" aria-label="打印操作">
        <Link className="button" to={props.back}>
          返回
        </Link>
        {props.reveal ? (
          <label>
            <input
              type="checkbox"
              checked={props.reveal.value}
              onChange={(event) => props.reveal?.onChange(event.target.checked)}
            />
            打印完整身份证号
          </label>
        ) : null}
        <button
          type="button"
          className="button button--primary"
          disabled={recording || props.busy === true}
          onClick={() => void print()}
        >
          打印
        </button>
        {error ? (
          <span className="form-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      {props.children}
    </div>
  );
}

/** Loads the case of the route's `:caseId` and hands it to `render` once read. */
export function CasePrint(props: {
  /** Which form this is, for the audit log. */
  form: CasePrintForm;
  render(detail: CaseDetailReply, options: PrintOptions): ReactNode;
}) {
  const { caseId = '', visitId } = useParams();
  const [detail] = useResource(`print-case:${caseId}`, () => getCase(caseId));
  const [reveal, setReveal] = useState(false);
  const back = `/review/cases/${encodeURIComponent(caseId)}`;
  if (detail.status !== 'ready') {
    return (
      <PrintDesk back={back} busy={detail.status === 'loading'}>
        {detail.status === 'loading' ? (
          <p className="muted print-empty">正在读取案件…</p>
        ) : (
          <p className="form-error print-empty" role="alert">
            {detail.message}
          </p>
        )}
      </PrintDesk>
    );
  }
  return (
    <PrintDesk
      back={back}
      reveal={{ value: reveal, onChange: setReveal }}
      record={() =>
        recordCasePrint(caseId, {
          form: props.form,
          ...(visitId ? { visitId } : {}),
          fullIdNumbers: reveal,
        })
      }
    >
      {props.render(detail.data, { reveal })}
    </PrintDesk>
  );
}

/** The household's units below the city, e.g. "谯城区 / 花戏楼街道 / 光明社区". */
export function unitLine(detail: CaseDetailReply): string {
  const units = detail.units.filter((unit) => unit.level !== 'city');
  return units.map((unit) => unit.name).join(' / ') || detail.household.unitId;
}

/** The union that files the form: the household's county (or the city when there is none). */
export function filingUnion(detail: CaseDetailReply): string {
  const county = detail.units.find((unit) => unit.level === 'county') ?? detail.units[0];
  return county ? `${county.name}总工会` : '';
}

export function Sheet(props: { title: string; label?: string; children: ReactNode }) {
  return (
    <article className="print-sheet" aria-label={props.label ?? props.title}>
      <h1 className="print-title">{props.title}</h1>
      {props.children}
    </article>
  );
}

export function SheetMeta(props: { left: ReactNode; right?: ReactNode }) {
  return (
    <div className="print-meta">
      <span>{props.left}</span>
      {props.right ? <span>{props.right}</span> : null}
    </div>
  );
}

/** A label/value cell pair; `wide` spans the whole row. */
export interface Cell {
  label: string;
  value: ReactNode;
  wide?: boolean;
}

/** The bordered table of a form: two label/value pairs a row, wide cells on a row of their own. */
export function FieldTable({ cells, label }: { cells: readonly Cell[]; label?: string }) {
  const rows: Cell[][] = [];
  let pending: Cell[] = [];
  for (const cell of cells) {
    if (cell.wide) {
      if (pending.length > 0) rows.push(pending);
      rows.push([cell]);
      pending = [];
    } else {
      pending.push(cell);
      if (pending.length === 2) {
        rows.push(pending);
        pending = [];
      }
    }
  }
  if (pending.length > 0) rows.push(pending);
  return (
    <table className="print-table" aria-label={label}>
      <colgroup>
        <col style={{ width: '18%' }} />
        <col style={{ width: '32%' }} />
        <col style={{ width: '18%' }} />
        <col style={{ width: '32%' }} />
      </colgroup>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {row.map((cell) => [
              <th key={`${cell.label}-label`} scope="row">
                {cell.label}
              </th>,
              <td key={`${cell.label}-value`} colSpan={cell.wide || row.length === 1 ? 3 : 1}>
                {cell.value}
              </td>,
            ])}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A signature as drawn on the tablet, fetched with the session's token. */
export function SignatureImage({ sha256, alt }: { sha256: string; alt: string }) {
  const state = useAttachmentUrl(sha256);
  if (state.status === 'ready')
    return <img className="print-signature__image" src={state.url} alt={alt} data-loaded="true" />;
  return (
    <span className="print-signature__placeholder" role="img" aria-label={alt}>
      {state.status === 'loading' ? '读取中…' : state.message}
    </span>
  );
}

/** Blank lines to sign and seal by hand, each with its date. */
export function SealLines({ lines }: { lines: readonly string[] }) {
  return (
    <div className="print-seal">
      {lines.map((line) => (
        <div key={line}>
          <div className="print-seal__line">
            <span>{line}：</span>
            <span className="print-seal__blank" />
          </div>
          <div className="print-seal__line">
            <span>日期：</span>
            <span className="print-seal__blank" />
          </div>
        </div>
      ))}
    </div>
  );
}

/** Today as the printed date (China time). */
export function printedOn(): string {
  return chinaDate(new Date().toISOString());
}
