import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { validateFinal } from '../../../shared/domain/records';
import { todayInChina } from '../../../shared/validation/clock';
import { useCurrentUser } from '../../auth/use-session';
import { createRecord } from '../../db/records';
import { readAttendees } from './attendee-model';
import { listTrainings } from './five-ones-data';
import './five-ones.css';

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

/** The policy trainings held by this unit, newest first, and a button to record a new one. */
export function TrainingListPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const trainings = useLiveQuery(listTrainings, []);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setCreating(true);
    setError(null);
    try {
      const row = await createRecord('training', user.unitId, {
        unitId: user.unitId,
        date: todayInChina(),
        attendees: [],
        photoShas: [],
      });
      void navigate(`/five-ones/trainings/${row.id}`);
    } catch {
      setError('无法在本机创建培训记录，请检查存储空间');
      setCreating(false);
    }
  };

  return (
    <div className="five-ones-page">
      <div className="five-ones-page__head">
        <Link to="/five-ones" className="inline-link">
          ← 五个一
        </Link>
        <h1 className="five-ones-page__title">政策培训</h1>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void create()}
          disabled={creating}
        >
          新建培训
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {trainings === undefined ? <p className="muted">正在读取…</p> : null}
      {trainings?.length === 0 ? <p className="notice">还没有培训记录。点“新建培训”开始签到。</p> : null}
      {trainings && trainings.length > 0 ? (
        <ul className="record-list" aria-label="培训列表">
          {trainings.map((row) => {
            const complete = validateFinal('training', row.data).ok;
            return (
              <li key={row.id}>
                <Link to={`/five-ones/trainings/${row.id}`} className="record-list__item">
                  <span className="record-list__main">
                    <strong>{text(row.data.topic, '（未填写主题）')}</strong>
                    <span className="muted">
                      {text(row.data.date, '日期未填')} · {text(row.data.place, '地点未填')} ·{' '}
                      {readAttendees(row.data.attendees).length} 人签到
                    </span>
                  </span>
                  <span className="record-list__tags">
                    <span className={complete ? 'tag tag--ok' : 'tag tag--missing'}>
                      {complete ? '资料齐全' : '待补充'}
                    </span>
                    {row.pending === 1 ? <span className="tag tag--pending">未同步</span> : null}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
