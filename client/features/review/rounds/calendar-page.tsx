import { useId, useRef, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { DueRound } from '../../../../shared/domain/round-calendar';
import { ROLES } from '../../../../shared/roles';
import { todayInChina } from '../../../../shared/validation/clock';
import { useCurrentUser } from '../../../auth/use-session';
import { failureMessage } from '../api/review-api';
import { useResource } from '../api/use-resource';
import '../review.css';
import './rounds.css';
import {
  calendarView,
  checkCalendar,
  nextRoundId,
  type CalendarIssues,
  type RoundRow,
} from './calendar-model';
import { getRoundCalendar, putRoundCalendar } from './rounds-api';

/**
 * `/rounds/calendar`: 走访轮次安排 (docs/dynamic-management.md, "Visit rounds"). City staff set the year's
 * rounds (the defaults 在档走访 and 档案更新 stand until the city saves its own); county staff see the
 * city's rounds and set rounds of their own. Saving replaces the unit's rounds of the year
 * (`PUT /api/rounds/calendar`, audited); the coverage screen offers them at once, tablets after a sync.
 */
export function RoundCalendarPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(todayInChina().slice(0, 4));
  const year = yearParam(params.get('year')) ?? thisYear;
  const [calendar, reload] = useResource(`round-calendar:${year}`, () => getRoundCalendar(year));
  const [saved, setSaved] = useState<string | null>(null);
  // Whether the editor holds changes not saved yet (switching the year would drop them).
  const unsaved = useRef(false);
  const isCity = user.role === ROLES.cityStaff;
  const years = [...new Set([thisYear - 1, thisYear, thisYear + 1, year])].sort((a, b) => a - b);
  const view = calendar.status === 'ready' ? calendarView(calendar.data, user) : null;

  return (
    <div className="review-page">
      <section className="card">
        <h1 className="card__title">走访轮次安排</h1>
        <p className="muted">
          {isCity
            ? '市总设置本年度的走访轮次，适用于全市在档家庭；各县（区）可另行增加本县（区）的轮次。'
            : '市总设置的轮次适用于全市；本县（区）可另行增加轮次，仅适用于本县（区）的在档家庭。'}
        </p>
        <div className="form__actions">
          <label>
            年度{' '}
            <select
              aria-label="年度"
              value={year}
              onChange={(event) => {
                if (
                  unsaved.current &&
                  !window.confirm('有未保存的修改，切换年度将放弃这些修改。确定切换吗？')
                ) {
                  return;
                }
                unsaved.current = false;
                setSaved(null);
                setParams({ year: event.target.value });
              }}
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {y} 年
                </option>
              ))}
            </select>
          </label>
          <Link className="button" to={`/rounds?year=${year}`}>
            查看走访覆盖
          </Link>
        </div>
        {saved ? (
          <p className="rounds-saved" role="status">
            {saved}
          </p>
        ) : null}
      </section>
      {calendar.status === 'loading' ? <p className="muted">正在读取走访轮次…</p> : null}
      {calendar.status === 'failed' ? <p className="form-error">{calendar.message}</p> : null}
      {view ? (
        <>
          {view.above.map((group) => (
            <section className="card" key={group.unitId} aria-label="市总走访轮次">
              <h2 className="card__title">市总走访轮次{group.defaults ? '（默认）' : ''}</h2>
              {group.defaults ? (
                <p className="muted">市总尚未设置 {year} 年的走访轮次，按默认轮次执行。</p>
              ) : null}
              <ReadOnlyRounds rounds={group.rounds} defaults={group.defaults} />
            </section>
          ))}
          <CalendarEditor
            // A new reply (another year, or after saving) starts the editor afresh from what is stored.
            key={`${year}:${view.defaults}:${JSON.stringify(view.own)}`}
            unitId={user.unitId}
            year={year}
            initial={view.own}
            defaults={isCity && view.defaults}
            title={isCity ? `${year} 年全市走访轮次` : `${year} 年${user.unitName}自设轮次`}
            emptyNote={
              isCity
                ? '没有轮次：按此保存，本年度全市不安排走访轮次（各县（区）自设的轮次不受影响）。'
                : '尚未设置轮次。'
            }
            onDirty={(dirty) => {
              unsaved.current = dirty;
            }}
            onSaved={(count) => {
              setSaved(`已保存 ${year} 年的走访轮次（${count} 个）。走访覆盖页面即可选择；平板同步后生效。`);
              reload();
            }}
          />
        </>
      ) : null}
    </div>
  );
}

function yearParam(value: string | null): number | null {
  const year = Number(value);
  return value && Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null;
}

function ReadOnlyRounds({ rounds, defaults }: { rounds: readonly DueRound[]; defaults: boolean }) {
  if (rounds.length === 0) return <p className="muted">本年度没有安排走访轮次。</p>;
  return (
    <div className="review-table-wrap">
      <table className="review-table">
        <thead>
          <tr>
            <th>轮次名称</th>
            <th>开始日期</th>
            <th>结束日期</th>
          </tr>
        </thead>
        <tbody>
          {rounds.map((round) => (
            <tr key={round.id} data-testid="calendar-above-row">
              <td>
                {round.name}
                {defaults ? <span className="review-badge rounds-default">默认</span> : null}
              </td>
              <td>{round.startDate}</td>
              <td>{round.endDate}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface EditorProps {
  unitId: string;
  year: number;
  initial: readonly DueRound[];
  /** The rows are the city's defaults, not saved yet. */
  defaults: boolean;
  title: string;
  /** Shown while there are no rows. */
  emptyNote: string;
  onDirty(dirty: boolean): void;
  onSaved(count: number): void;
}

function CalendarEditor({
  unitId,
  year,
  initial,
  defaults,
  title,
  emptyNote,
  onDirty,
  onSaved,
}: EditorProps) {
  const [rows, setRows] = useState<RoundRow[]>(() => initial.map((r) => ({ ...r })));
  const [issues, setIssues] = useState<CalendarIssues | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [dirty, setDirtyState] = useState(false);
  const setDirty = (value: boolean) => {
    setDirtyState(value);
    onDirty(value);
  };

  // After a refused save, messages follow the edits, so a fixed field clears at once.
  const revalidate = (next: RoundRow[]) => {
    if (issues === null) return;
    const checked = checkCalendar(unitId, year, next);
    setIssues(checked.ok ? null : checked.issues);
  };
  const change = (index: number, field: keyof Omit<RoundRow, 'id'>, value: string) => {
    const next = rows.map((row, i) => (i === index ? { ...row, [field]: value } : row));
    setRows(next);
    setDirty(true);
    revalidate(next);
  };
  const add = () => {
    const next = [
      ...rows,
      { id: nextRoundId(unitId, year, [...rows, ...initial]), name: '', startDate: '', endDate: '' },
    ];
    setRows(next);
    setDirty(true);
    revalidate(next);
  };
  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    setRows(next);
    setDirty(true);
    revalidate(next);
  };
  const save = async () => {
    setFailure(null);
    const checked = checkCalendar(unitId, year, rows);
    if (!checked.ok) {
      setIssues(checked.issues);
      return;
    }
    setIssues(null);
    setBusy(true);
    try {
      const reply = await putRoundCalendar(checked.request);
      setBusy(false);
      setDirty(false);
      onSaved(reply.calendar.rounds.length);
    } catch (error) {
      setFailure(failureMessage(error));
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="calendar-own">
      <h2 id="calendar-own" className="card__title">
        {title}
      </h2>
      {defaults ? (
        <p className="review-hint" data-testid="calendar-defaults">
          当前为默认轮次（3月1日至4月30日在档走访，9月1日至10月31日档案更新），市总保存后按保存的轮次执行。
        </p>
      ) : null}
      {rows.length === 0 ? <p className="muted">{emptyNote}</p> : null}
      {rows.length > 0 ? (
        <div className="review-table-wrap">
          <table className="review-table rounds-editor" aria-label="走访轮次">
            <thead>
              <tr>
                <th>序号</th>
                <th>轮次名称</th>
                <th>开始日期</th>
                <th>结束日期</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const rowIssues = issues?.rows[index] ?? {};
                const n = index + 1;
                return (
                  <tr key={row.id} data-testid="calendar-row">
                    <td>
                      {n}
                      {defaults && initial.some((r) => r.id === row.id) ? (
                        <span className="review-badge rounds-default">默认</span>
                      ) : null}
                    </td>
                    <td>
                      <Field label={`第${n}轮 轮次名称`} error={rowIssues.name ?? rowIssues.id}>
                        {(props) => (
                          <input
                            {...props}
                            className="field__input"
                            maxLength={40}
                            value={row.name}
                            placeholder="如：汛期走访"
                            onChange={(event) => change(index, 'name', event.target.value)}
                          />
                        )}
                      </Field>
                    </td>
                    <td>
                      <Field label={`第${n}轮 开始日期`} error={rowIssues.startDate}>
                        {(props) => (
                          <input
                            {...props}
                            type="date"
                            className="field__input"
                            min={`${year}-01-01`}
                            max={`${year}-12-31`}
                            value={row.startDate}
                            onChange={(event) => change(index, 'startDate', event.target.value)}
                          />
                        )}
                      </Field>
                    </td>
                    <td>
                      <Field label={`第${n}轮 结束日期`} error={rowIssues.endDate}>
                        {(props) => (
                          <input
                            {...props}
                            type="date"
                            className="field__input"
                            min={`${year}-01-01`}
                            max={`${year}-12-31`}
                            value={row.endDate}
                            onChange={(event) => change(index, 'endDate', event.target.value)}
                          />
                        )}
                      </Field>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        aria-label={`删除第${n}轮`}
                        disabled={busy}
                        onClick={() => remove(index)}
                      >
                        删除
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {issues && issues.form.length > 0 ? (
        <p className="form-error" role="alert">
          {issues.form.join('；')}
        </p>
      ) : null}
      {issues ? (
        <p className="form-error" role="alert" data-testid="calendar-invalid">
          请按提示修改后再保存。
        </p>
      ) : null}
      {failure ? (
        <p className="form-error" role="alert">
          保存失败：{failure}
        </p>
      ) : null}
      <div className="form__actions">
        <button type="button" className="button" disabled={busy} onClick={add}>
          添加轮次
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={busy || (!dirty && !defaults)}
          onClick={() => void save()}
        >
          {busy ? '正在保存…' : '保存轮次安排'}
        </button>
        {dirty ? <span className="muted">有未保存的修改</span> : null}
      </div>
    </section>
  );
}

interface FieldProps {
  id: string;
  'aria-label': string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** An input of the editor with its label (for screen readers and tests) and its message under it. */
function Field({
  label,
  error,
  children,
}: {
  label: string;
  error: string | undefined;
  children(props: FieldProps): ReactNode;
}) {
  const id = useId();
  return (
    <div className="rounds-field">
      {children({
        id,
        'aria-label': label,
        'aria-invalid': error !== undefined,
        'aria-describedby': error ? `${id}-error` : undefined,
      })}
      {error ? (
        <p id={`${id}-error`} className="form-error rounds-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
