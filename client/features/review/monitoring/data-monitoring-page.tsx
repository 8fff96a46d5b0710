import { ResourceProgress } from '../resource-parts';
import { useState } from 'react';
import { Link } from 'react-router';
import { MONITORING_KINDS, MONITORING_KIND_LABELS } from '../../../../shared/monitoring';
import { useResource } from '../api/use-resource';
import { getDataMonitoring, listReminders } from './monitoring-api';
import { RemindUnit } from './reminders';
import { monthCell, monthsWithData, timelyText } from './monitoring-model';
import '../review.css';

/**
 * 数据监测: per unit below the signed-in one (a county's townships, the city's counties) and per month of a
 * year — files created, adjusted, exits, re-filings, first payments on time or late — with the units that
 * lag marked and why. Loaded only when opened.
 */
export function DataMonitoringPage() {
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [data, reload] = useResource(`data-monitoring:${year}`, () => getDataMonitoring(year));
  const [reminders, reloadReminders] = useResource('reminders', listReminders);
  const sent = reminders.status === 'ready' ? reminders.data.sent : [];
  const months = data.status === 'ready' ? monthsWithData(data.data.units) : [];

  return (
    <div className="review-page">
      <nav className="review-breadcrumb" aria-label="位置">
        <Link to="/review">工作台</Link> / <span>数据监测</span>
      </nav>
      <div className="review-page__head">
        <h1 className="review-page__title">数据监测</h1>
        <div className="review-page__actions">
          <label className="field__label" htmlFor="monitoring-year">
            年度
          </label>
          <select
            id="monitoring-year"
            className="field__input"
            value={year}
            onChange={(event) => setYear(Number(event.target.value))}
          >
            {[0, 1, 2, 3].map((back) => {
              const y = new Date().getFullYear() - back;
              return (
                <option key={y} value={y}>
                  {y}年
                </option>
              );
            })}
          </select>
          <button type="button" className="button" onClick={reload}>
            刷新
          </button>
        </div>
      </div>
      <p className="review-hint">
        建档以市总备案为准；档案调整为在档家庭重新走访申请或取消渐退；及时发放指备案后首次发放在县级参数规定的天数内。及时发放率低于县级参数或有超期预警未处理的单位标为滞后，可向其发送督办提醒，对方在工作台看到并确认知悉。
      </p>
      <ResourceProgress resource={data} />
      {data.status === 'ready' ? (
        <div className="review-table-wrap">
          <table className="review-table" aria-label="数据监测" data-testid="data-monitoring-table">
            <thead>
              <tr>
                <th scope="col">单位</th>
                {MONITORING_KINDS.map((kind) => (
                  <th key={kind} scope="col">
                    {MONITORING_KIND_LABELS[kind]}
                  </th>
                ))}
                <th scope="col">及时发放率</th>
                <th scope="col">状态</th>
                <th scope="col">督办</th>
                {months.map((m) => (
                  <th key={m} scope="col">
                    {m + 1}月
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.data.units.map((unit) => (
                <tr key={unit.unitId} data-unit-id={unit.unitId} data-lagging={unit.lagging}>
                  <th scope="row">{unit.unitName}</th>
                  {MONITORING_KINDS.map((kind) => (
                    <td key={kind}>{unit.totals[kind] ?? 0}</td>
                  ))}
                  <td>{timelyText(unit.timelyRate)}</td>
                  <td>
                    {unit.lagging ? (
                      <span className="review-badge review-badge--warn" title={unit.lagReasons.join('；')}>
                        滞后：{unit.lagReasons.join('；')}
                      </span>
                    ) : (
                      '正常'
                    )}
                  </td>
                  <td>
                    {unit.lagging ? (
                      <RemindUnit
                        unitId={unit.unitId}
                        unitName={unit.unitName}
                        reasons={unit.lagReasons}
                        sent={sent}
                        onSent={reloadReminders}
                      />
                    ) : null}
                  </td>
                  {months.map((m) => (
                    <td key={m} className="review-nowrap">
                      {monthCell(unit, m)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
