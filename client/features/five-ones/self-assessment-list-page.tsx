import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { validateFinal } from '../../../shared/domain/records';
import {
  SELF_ASSESSMENT_MAX_SCORE,
  scoreSelfAssessment,
} from '../../../shared/domain/self-assessment-questions';
import { todayInChina } from '../../../shared/validation/clock';
import { useCurrentUser } from '../../auth/use-session';
import { createRecord } from '../../db/records';
import { answeredCount, periodLabel } from './assessment-model';
import { listSelfAssessments } from './five-ones-data';
import './five-ones.css';

/** The unit's self-assessments, newest period first. */
export function SelfAssessmentListPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const rows = useLiveQuery(listSelfAssessments, []);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setCreating(true);
    setError(null);
    try {
      const row = await createRecord('selfAssessment', user.unitId, {
        unitId: user.unitId,
        period: todayInChina().slice(0, 4),
        assessor: user.displayName,
        totalScore: 0,
      });
      void navigate(`/five-ones/self-assessments/${row.id}`);
    } catch {
      setError('无法在本机创建自我评估，请检查存储空间');
      setCreating(false);
    }
  };

  return (
    <div className="five-ones-page">
      <div className="five-ones-page__head">
        <Link to="/five-ones" className="inline-link">
          ← 五个一
        </Link>
        <h1 className="five-ones-page__title">自我评估</h1>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void create()}
          disabled={creating}
        >
          新建自我评估
        </button>
      </div>
      <p className="muted">评估单位：{user.unitName}</p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {rows === undefined ? <p className="muted">正在读取…</p> : null}
      {rows?.length === 0 ? <p className="notice">还没有自我评估。</p> : null}
      {rows && rows.length > 0 ? (
        <ul className="record-list" aria-label="自我评估列表">
          {rows.map((row) => {
            const complete = validateFinal('selfAssessment', row.data).ok;
            return (
              <li key={row.id}>
                <Link to={`/five-ones/self-assessments/${row.id}`} className="record-list__item">
                  <span className="record-list__main">
                    <strong>{periodLabel(row.data.period)}</strong>
                    <span className="muted">
                      得分 {scoreSelfAssessment(row.data)} / {SELF_ASSESSMENT_MAX_SCORE} · 已答{' '}
                      {answeredCount(row.data)} 题
                    </span>
                  </span>
                  <span className="record-list__tags">
                    <span className={complete ? 'tag tag--ok' : 'tag tag--missing'}>
                      {complete ? '已完成' : '未完成'}
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
