import { useState } from 'react';
import type { CaseDetailReply } from '../../../../shared/cases/api';
import { CATEGORY_LABELS } from '../../../../shared/domain/household-codes';
import type { DecidedCategory } from '../../../../shared/loop/vocabulary';
import { formatFen } from '../../../../shared/validation/money';
import { dibaoStandardText } from '../../../../shared/domain/classification';
import { dibaoStandardOn } from '../../../../shared/monitoring/settings';
import { visitFigures, type VisitFigures } from '../../visit-form/figures';
import { RadioGroup, StepForm, TextArea, serverToday, useStepRunner, type StepContext } from './form-kit';
import { issuesAt } from './payload-check';

const DECIDED: readonly DecidedCategory[] = ['deep', 'relative', 'sudden'];

/** The household's figures and the shared classifier's suggestion, as the case stands on the server. */
export function caseFigures(
  detail: Pick<CaseDetailReply, 'household' | 'members' | 'serverNow' | 'countySettings'>,
): VisitFigures {
  return visitFigures({
    household: detail.household.data,
    members: detail.members.filter((member) => !member.deleted).map((member) => member.data),
    standard: dibaoStandardOn(detail.countySettings, serverToday(detail)),
  });
}

/** 分类认定: a person decides, with the classifier's suggestion and reasons in view. */
export function ClassifyForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'classify');
  const figures = caseFigures(ctx.detail);
  const suggested = figures.suggestion.category;
  const [category, setCategory] = useState<DecidedCategory | ''>(
    suggested === 'unclassified' ? '' : suggested,
  );
  const [reason, setReason] = useState('');
  const differs = category !== '' && category !== suggested;

  const submit = () => {
    const extra =
      differs && reason.trim() === ''
        ? [
            {
              path: 'reason',
              message: `认定类别与系统建议（${CATEGORY_LABELS[suggested]}）不同，须填写书面理由`,
            },
          ]
        : [];
    void runner.submit(
      {
        category: category || undefined,
        suggestedCategory: suggested,
        reason,
        dibaoStandard: figures.dibaoStandard,
      },
      { extra },
    );
  };

  return (
    <StepForm command="classify" runner={runner} onCancel={ctx.onCancel} onSubmit={submit}>
      <section className="review-suggestion" aria-label="系统建议">
        <dl className="facts">
          <dt>家庭人口</dt>
          <dd>{figures.householdSize} 人</dd>
          <dt>家庭年收入</dt>
          <dd>{formatFen(figures.annualIncomeFen)}</dd>
          <dt>年刚性支出</dt>
          <dd>{formatFen(figures.rigidExpensesFen)}</dd>
          <dt>月人均收入</dt>
          <dd>{formatFen(figures.perCapitaMonthlyIncomeFen)}</dd>
          <dt>当地低保标准</dt>
          <dd data-testid="classify-dibao-standard">
            {figures.dibaoStandard === null ? '未配置' : dibaoStandardText(figures.dibaoStandard)}
          </dd>
          <dt>系统建议</dt>
          <dd data-testid="suggested-category">{CATEGORY_LABELS[suggested]}</dd>
        </dl>
        <ul className="review-plain-list">
          {figures.suggestion.reasons.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      </section>
      <RadioGroup
        label="认定类别"
        value={category}
        choices={DECIDED.map((value) => ({ value, label: CATEGORY_LABELS[value] }))}
        onChange={setCategory}
        errors={issuesAt(runner.issues, 'category')}
      />
      <TextArea
        label="认定理由"
        hint={differs ? '认定类别与系统建议不同，必须填写书面理由' : '与系统建议一致时可不填写'}
        value={reason}
        onChange={setReason}
        errors={issuesAt(runner.issues, 'reason')}
      />
    </StepForm>
  );
}
