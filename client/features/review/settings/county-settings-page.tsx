import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import {
  COUNTY_SETTING_LABELS,
  countySettingKeySchema,
  countySettingWriteSchema,
  type CountySettingWrite,
  type CountySettingsReply,
} from '../../../../shared/monitoring';
import { formatDateTime } from '../../../shell/format';
import { failureMessage } from '../api/review-api';
import { useResource } from '../api/use-resource';
import { ActionNotice, ResourceProgress } from '../resource-parts';
import { SelectInput, TextArea, TextInput } from '../steps/form-kit';
import '../review.css';
import {
  VALUE_KEYS,
  formatSettingValue,
  inputOf,
  keyViews,
  parseDateList,
  parseSettingInput,
  settingName,
  workCalendarOfYear,
  type ValueKey,
} from './settings-model';
import { getCountySettings, putCountySetting } from './settings-api';

/**
 * `/settings/county`: 县级参数设置 (docs/administration.md). County staff edit their own county's settings,
 * city staff any county's: the 低保 standard, the notice's working days, the phase-out months and the
 * monitoring thresholds, each from a date on, and each year's holidays and 调休. Today's values, the ones
 * set for later days and every change are shown; a value set for a later day changes nothing before it.
 */
export function CountySettingsPage() {
  const [params, setParams] = useSearchParams();
  const countyId = params.get('countyId');
  const [settings, reload] = useResource(`county-settings:${countyId ?? ''}`, () =>
    getCountySettings(countyId),
  );
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (write: CountySettingWrite, done: string) => {
    await putCountySetting(write);
    setSaved(done);
    reload();
  };

  return (
    <div className="review-page">
      <section className="card">
        <h1 className="card__title">县级参数设置</h1>
        <p className="muted">
          低保标准、公示期、渐退期、节假日与调休和监测预警阈值按县（市、区）设置，每个值自生效日期起适用。
          设置下一年度的值不影响此前已作出的分类认定和走访；平板同步后按走访日期适用的标准给出建议。
        </p>
        {settings.status === 'ready' && settings.data.counties.length > 1 ? (
          <label>
            县（市、区）{' '}
            <select
              aria-label="县（市、区）"
              value={settings.data.countyId}
              onChange={(event) => {
                setSaved(null);
                setParams({ countyId: event.target.value });
              }}
            >
              {settings.data.counties.map((county) => (
                <option key={county.id} value={county.id}>
                  {county.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </section>
      <ActionNotice text={saved} />
      <ResourceProgress resource={settings} loading="正在读取县级参数…" />
      {settings.status === 'ready' ? (
        <>
          <ValuesCard reply={settings.data} onSave={save} />
          <WorkCalendarCard
            key={`${settings.data.countyId}:${settings.data.history.length}`}
            reply={settings.data}
            onSave={save}
          />
          <HistoryCard reply={settings.data} />
        </>
      ) : null}
    </div>
  );
}

type Save = (write: CountySettingWrite, done: string) => Promise<void>;

/** The first Chinese message of a write the shared schema refuses, or null. */
function writeProblem(write: CountySettingWrite): string | null {
  const checked = countySettingWriteSchema.safeParse(write);
  return checked.success ? null : (checked.error.issues[0]?.message ?? '取值不正确');
}

function ValuesCard({ reply, onSave }: { reply: CountySettingsReply; onSave: Save }) {
  const views = keyViews(reply);
  const nextYear = `${Number(reply.today.slice(0, 4)) + 1}-01-01`;
  const [key, setKey] = useState<ValueKey | ''>('');
  const [text, setText] = useState('');
  const [from, setFrom] = useState(nextYear);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = (picked: ValueKey | '') => {
    setKey(picked);
    setError(null);
    const view = views.find((v) => v.key === picked);
    setText(picked && view?.current ? inputOf(picked, view.current.value) : '');
    // The 低保 standard changes with the year; other rules usually from today.
    setFrom(picked === 'dibaoMonthlyFen' ? nextYear : reply.today);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!key) return setError('请选择要设置的参数');
    const parsed = parseSettingInput(key, text);
    if (!parsed.ok) return setError(parsed.message);
    const write: CountySettingWrite = {
      countyId: reply.countyId,
      key,
      value: parsed.value,
      effectiveFrom: from,
    };
    const problem = writeProblem(write);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSave(
        write,
        `已保存：${reply.countyName}${settingName(key)} ${formatSettingValue(key, parsed.value)}，自 ${from} 起适用`,
      );
      setKey('');
      setText('');
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="settings-values-title">
      <h2 className="card__title" id="settings-values-title">
        {reply.countyName}：现行参数（{reply.today}）
      </h2>
      <div className="review-table-wrap">
        <table className="review-table" aria-label="现行参数">
          <thead>
            <tr>
              <th>参数</th>
              <th>现行值</th>
              <th>生效日期</th>
              <th>即将生效</th>
            </tr>
          </thead>
          <tbody>
            {views.map((view) => (
              <tr key={view.key} data-testid={`setting-${view.key}`}>
                <th scope="row">{settingName(view.key)}</th>
                <td data-testid="setting-current">
                  {view.current ? formatSettingValue(view.key, view.current.value) : '未设置（使用默认值）'}
                </td>
                <td>{view.current?.effectiveFrom ?? '—'}</td>
                <td data-testid="setting-upcoming">
                  {view.upcoming.length === 0
                    ? '—'
                    : view.upcoming
                        .map((row) => `${row.effectiveFrom} 起 ${formatSettingValue(view.key, row.value)}`)
                        .join('；')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="form" noValidate aria-label="设置参数" onSubmit={(event) => void submit(event)}>
        <h3>设置新值</h3>
        <SelectInput
          label="参数"
          value={key}
          emptyLabel="请选择"
          choices={VALUE_KEYS.map((value) => ({ value, label: COUNTY_SETTING_LABELS[value] }))}
          onChange={pick}
        />
        <TextInput
          label="新的值"
          value={text}
          inputMode="decimal"
          hint={key === 'dibaoMonthlyFen' ? '单位：元/人·月' : undefined}
          onChange={setText}
        />
        <TextInput
          label="生效日期"
          type="date"
          value={from}
          hint="自该日起适用；此前的走访和认定仍按当时的值"
          onChange={setFrom}
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            保存参数
          </button>
        </div>
      </form>
    </section>
  );
}

function WorkCalendarCard({ reply, onSave }: { reply: CountySettingsReply; onSave: Save }) {
  const thisYear = Number(reply.today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const stored = workCalendarOfYear(reply, year);
  const [holidays, setHolidays] = useState(stored.holidays.join('\n'));
  const [workdays, setWorkdays] = useState(stored.adjustedWorkdays.join('\n'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const switchYear = (next: number) => {
    const other = workCalendarOfYear(reply, next);
    setYear(next);
    setHolidays(other.holidays.join('\n'));
    setWorkdays(other.adjustedWorkdays.join('\n'));
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const h = parseDateList('节假日', holidays);
    if (!h.ok) return setError(h.message);
    const w = parseDateList('调休上班日', workdays);
    if (!w.ok) return setError(w.message);
    const write: CountySettingWrite = {
      countyId: reply.countyId,
      key: 'workCalendar',
      value: { holidays: h.value, adjustedWorkdays: w.value },
      effectiveFrom: `${year}-01-01`,
    };
    const problem = writeProblem(write);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSave(
        write,
        `已保存 ${year} 年节假日与调休：节假日 ${h.value.length} 天，调休上班 ${w.value.length} 天`,
      );
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="settings-calendar-title">
      <h2 className="card__title" id="settings-calendar-title">
        节假日与调休
      </h2>
      <p className="muted">
        公示期按工作日计算：周一至周五中的法定节假日不计，调休上班的周六、周日计入。每行一个日期，例如
        2027-10-01。
      </p>
      <form className="form" noValidate aria-label="节假日与调休" onSubmit={(event) => void submit(event)}>
        <label>
          年度{' '}
          <select
            aria-label="节假日年度"
            value={year}
            onChange={(event) => switchYear(Number(event.target.value))}
          >
            {[thisYear, thisYear + 1].map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </select>
        </label>
        <TextArea label="节假日" rows={6} value={holidays} onChange={setHolidays} />
        <TextArea label="调休上班日" rows={3} value={workdays} onChange={setWorkdays} />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            保存节假日安排
          </button>
        </div>
      </form>
    </section>
  );
}

function HistoryCard({ reply }: { reply: CountySettingsReply }) {
  const rows = [...reply.history].reverse();
  return (
    <section className="card" aria-labelledby="settings-history-title">
      <h2 className="card__title" id="settings-history-title">
        修改记录
      </h2>
      {rows.length === 0 ? <p className="muted">尚无修改记录，均使用默认值。</p> : null}
      {rows.length > 0 ? (
        <div className="review-table-wrap">
          <table className="review-table" aria-label="修改记录">
            <thead>
              <tr>
                <th>参数</th>
                <th>值</th>
                <th>生效日期</th>
                <th>设置人</th>
                <th>设置时间</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const key = countySettingKeySchema.parse(row.key);
                return (
                  <tr key={`${row.setAt}-${index}`} data-testid="setting-history-row">
                    <td>{settingName(key)}</td>
                    <td>
                      {key === 'workCalendar' && typeof row.value === 'object'
                        ? `${row.effectiveFrom.slice(0, 4)} 年：${formatSettingValue(key, row.value)}`
                        : formatSettingValue(key, row.value)}
                    </td>
                    <td>{row.effectiveFrom}</td>
                    <td>{row.setByName ?? '系统'}</td>
                    <td>{formatDateTime(row.setAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
