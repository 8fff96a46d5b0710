import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { validateDraft, validateFinal, type ValidationIssue } from '../../../shared/domain/records';
import {
  SELF_ASSESSMENT_MAX_SCORE,
  SELF_ASSESSMENT_QUESTIONS,
  scoreSelfAssessment,
} from '../../../shared/domain/self-assessment-questions';
import { todayInChina } from '../../../shared/validation/clock';
import { FieldErrors, issuesAt, SaveStatus, TextField } from './form-fields';
import { answeredCount, answerPatch, periodLabel, periodOptions } from './assessment-model';
import { MissingRecord } from './missing-record';
import { useRecordDraft } from './use-record-draft';
import './five-ones.css';

type Outcome = { ok: true } | { ok: false; issues: ValidationIssue[] } | null;

/** The self-assessment questionnaire (自我评估) with its total score kept up to date on every answer. */
export function SelfAssessmentPage() {
  const { id = '' } = useParams();
  // A fresh editor per record: edits kept on screen must never carry over to another record.
  return <SelfAssessmentEditor key={id} id={id} />;
}

function SelfAssessmentEditor({ id }: { id: string }) {
  const draft = useRecordDraft('selfAssessment', id);
  const [outcome, setOutcome] = useState<Outcome>(null);

  if (draft.status === 'loading') return <p className="muted">正在读取…</p>;
  if (draft.status === 'missing') return <MissingRecord what="自我评估" back="/five-ones/self-assessments" />;

  const { data, setFields, flush } = draft;
  const today = todayInChina();
  const check = validateDraft('selfAssessment', data, { today });
  const issues = check.ok ? [] : check.issues;
  const score = scoreSelfAssessment(data);
  const answered = answeredCount(data);
  const periods = periodOptions(today);
  const period = typeof data.period === 'string' ? data.period : '';

  const finish = async () => {
    await flush();
    const result = validateFinal('selfAssessment', data, { today });
    setOutcome(result.ok ? { ok: true } : { ok: false, issues: result.issues });
  };

  return (
    <div className="five-ones-page">
      <div className="five-ones-page__head">
        <Link to="/five-ones/self-assessments" className="inline-link">
          ← 自我评估列表
        </Link>
        <h1 className="five-ones-page__title">自我评估</h1>
        <SaveStatus save={draft.save} />
      </div>

      <section className="card" aria-label="评估信息">
        <div className="form-grid">
          <div className="field">
            <label className="field__label" htmlFor="assessment-period">
              评估期间
            </label>
            <select
              id="assessment-period"
              className="field__input"
              value={period}
              onChange={(event) => {
                setOutcome(null);
                setFields({ period: event.target.value }, { immediate: true });
              }}
            >
              {period && !periods.some((p) => p.value === period) ? (
                <option value={period}>{periodLabel(period)}</option>
              ) : null}
              <option value="">请选择</option>
              {periods.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
            <FieldErrors messages={issuesAt(issues, 'period')} />
          </div>
          <TextField
            label="评估人"
            value={data.assessor}
            maxLength={30}
            errors={issuesAt(issues, 'assessor')}
            onValue={(value) => {
              setOutcome(null);
              setFields({ assessor: value });
            }}
            onBlur={() => void flush()}
          />
        </div>
      </section>

      <div className="score-bar" role="status" aria-label="当前得分">
        当前得分 <strong data-testid="assessment-score">{score}</strong> 分（满分 {SELF_ASSESSMENT_MAX_SCORE}{' '}
        分），已答 {answered} / {SELF_ASSESSMENT_QUESTIONS.length} 题
      </div>

      {SELF_ASSESSMENT_QUESTIONS.map((question, index) => (
        <fieldset key={question.id} className="card question">
          <legend className="question__text">
            <span className="question__number">第{index + 1}题</span>
            {question.text}
          </legend>
          <div className="question__options">
            {question.options.map((option) => (
              <label key={option.id} className="question__option">
                <input
                  type="radio"
                  name={question.id}
                  value={option.id}
                  checked={data[question.id] === option.id}
                  onChange={() => {
                    setOutcome(null);
                    setFields(answerPatch(data, question.id, option.id), { immediate: true });
                  }}
                />
                <span>
                  {option.label}（{option.score} 分）
                </span>
              </label>
            ))}
          </div>
          <FieldErrors messages={issuesAt(issues, question.id)} />
        </fieldset>
      ))}

      <section className="card" aria-label="说明">
        <div className="field">
          <label className="field__label" htmlFor="assessment-notes">
            说明（选填）
          </label>
          <textarea
            id="assessment-notes"
            className="field__input field__textarea"
            rows={4}
            maxLength={5000}
            value={typeof data.notes === 'string' ? data.notes : ''}
            onChange={(event) => {
              setOutcome(null);
              setFields({ notes: event.target.value });
            }}
            onBlur={() => void flush()}
          />
          <FieldErrors messages={issuesAt(issues, 'notes')} />
        </div>
        <FieldErrors messages={issuesAt(issues, 'totalScore')} />
        <div className="five-ones-actions">
          <button type="button" className="button button--primary" onClick={() => void finish()}>
            完成
          </button>
        </div>
        {outcome?.ok ? (
          <p className="notice notice--ok" role="status">
            自我评估已完成，得分 {score} 分，已保存在本机，联网后会自动同步。
          </p>
        ) : null}
        {outcome && !outcome.ok ? (
          <div className="form-error" role="alert">
            <p>还不能完成，请补充：</p>
            <ul>
              {outcome.issues.map((issue) => (
                <li key={`${issue.path}-${issue.message}`}>{issue.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </div>
  );
}
