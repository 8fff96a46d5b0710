import type { CaseCommentRecord, CaseEventRecord } from '../../../../shared/cases/api';
import { ROLE_LABELS } from '../../../../shared/roles';
import { formatFen } from '../../../../shared/validation/money';
import { formatDateTime } from '../../../shell/format';
import { payloadFacts } from '../format/payload-facts';
import { FoldedValue } from '../../admin/audit/audit-entries';

/** 办理记录: every step of every cycle, oldest first — who (role, unit), when, and what was recorded. */
export function TimelineSection({ timeline }: { timeline: readonly CaseEventRecord[] }) {
  return (
    <section className="card" aria-labelledby="review-timeline-title">
      <h2 className="card__title" id="review-timeline-title">
        办理记录
      </h2>
      {timeline.length === 0 ? <p className="muted">尚无办理记录。</p> : null}
      <ol className="review-timeline" aria-label="办理记录">
        {timeline.map((event) => {
          const e = event.data;
          const facts = payloadFacts(e.command, e.payload);
          return (
            <li key={event.id} className="review-timeline__item" data-command={e.command}>
              <div className="review-timeline__head">
                <strong className="review-timeline__step">{e.commandLabel}</strong>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                {e.cycle > 1 ? <span className="review-badge">第{e.cycle}轮</span> : null}
              </div>
              <div className="review-timeline__who">
                {e.actorName} · {ROLE_LABELS[e.actorRole]} · {e.actorUnitName}
                {e.via === 'sync' ? ' · 平板同步' : e.via === 'csv_import' ? ' · CSV 导入' : ''}
              </div>
              <p className="review-timeline__summary">{e.summary}</p>
              {facts.length > 0 ? (
                <dl className="review-facts">
                  {facts.map((fact) => (
                    <div key={fact.label} className="review-facts__row">
                      <dt>{fact.label}</dt>
                      <dd>
                        {fact.lines.length === 1 ? (
                          <FoldedValue value={fact.lines[0] ?? ''} />
                        ) : fact.lines.length > 4 ? (
                          <FoldedValue value={fact.lines.join('\n')} />
                        ) : (
                          <ul className="review-plain-list">
                            {fact.lines.map((line, index) => (
                              <li key={index}>
                                <FoldedValue value={line} />
                              </li>
                            ))}
                          </ul>
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** 意见与通知: what was sent to the grid worker (退回补正 with the items to fix, 已发放), newest first. */
export function CommentsSection({ comments }: { comments: readonly CaseCommentRecord[] }) {
  return (
    <section className="card" aria-labelledby="review-comments-title">
      <h2 className="card__title" id="review-comments-title">
        意见与通知
      </h2>
      {comments.length === 0 ? <p className="muted">尚无发给网格员的意见或通知。</p> : null}
      <ul className="review-comments">
        {comments.map((comment) => {
          const c = comment.data;
          return (
            <li key={comment.id} className={`review-comment review-comment--${c.kind}`}>
              <div className="review-timeline__head">
                <strong>{c.title}</strong>
                <time dateTime={c.at}>{formatDateTime(c.at)}</time>
              </div>
              <div className="review-timeline__who">
                {c.actorName} · {ROLE_LABELS[c.actorRole]} · {c.actorUnitName}
              </div>
              <p className="review-comment__body">{c.body}</p>
              {c.items.length > 0 ? (
                <ol className="review-comment__items" aria-label="需补正事项">
                  {c.items.map((item, index) => (
                    <li key={index}>{item}</li>
                  ))}
                </ol>
              ) : null}
              {c.amountFen !== null ? (
                <p className="review-hint">
                  金额 {formatFen(c.amountFen)}
                  {c.paidOn ? ` · ${c.paidOn}` : ''}
                  {c.bankCardMasked ? ` · ${c.bankCardMasked}` : ''}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
