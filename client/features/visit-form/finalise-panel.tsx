import { Link } from 'react-router';
import type { FinaliseProblem } from './finalise';
import { goToAnchor } from './section-nav';

/** The end of the form: "完成走访", and when something is missing, exactly what, each linked to its field. */
export function FinalisePanel(props: {
  householdId: string;
  editable: boolean;
  busy: boolean;
  attempted: boolean;
  problems: readonly FinaliseProblem[];
  outcome: string | null;
  onFinalise(): void;
}) {
  return (
    <section
      id="section-finalise"
      className="vf-section vf-finalise"
      aria-labelledby="section-finalise-title"
    >
      <h2 id="section-finalise-title" className="vf-section__title">
        完成走访
      </h2>
      {props.attempted && props.problems.length > 0 ? (
        <div className="vf-problems" role="alert" data-testid="finalise-problems">
          <p className="vf-problems__title">还有 {props.problems.length} 项需要补充，暂不能完成走访：</p>
          <ol className="vf-problems__list">
            {props.problems.map((problem, index) => (
              <li key={`${problem.anchor}-${index}`}>
                <a
                  href={`#${problem.anchor}`}
                  onClick={(event) => {
                    event.preventDefault();
                    goToAnchor(problem.anchor);
                  }}
                >
                  {problem.message}
                </a>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {props.outcome ? (
        <p className="notice" role="status" data-testid="finalise-outcome">
          {props.outcome}
        </p>
      ) : null}
      {props.editable ? (
        <>
          <p className="muted">
            完成后走访调查表将定稿，初审结果随下次同步提交，本机不能再修改（被退回补正时除外）。
          </p>
          <div className="form__actions">
            <Link className="button" to={`/households/${props.householdId}`}>
              稍后继续
            </Link>
            <button
              type="button"
              className="button button--primary"
              disabled={props.busy}
              onClick={props.onFinalise}
            >
              {props.busy ? '正在检查…' : '完成走访'}
            </button>
          </div>
        </>
      ) : (
        <div className="form__actions">
          <Link className="button" to={`/households/${props.householdId}`}>
            返回家庭页
          </Link>
        </div>
      )}
    </section>
  );
}
