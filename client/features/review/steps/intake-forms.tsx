import { useState } from 'react';
import { issuesAt } from './payload-check';
import {
  RadioGroup,
  StepForm,
  TextArea,
  TextListInput,
  filledRows,
  useStepRunner,
  type StepContext,
} from './form-kit';

/** 审核通过: the county accepts the case into the information comparison. */
export function AcceptReviewForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'acceptReview');
  const [opinion, setOpinion] = useState('');
  return (
    <StepForm
      command="acceptReview"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ opinion })}
    >
      <TextArea
        label="审核意见"
        value={opinion}
        onChange={setOpinion}
        errors={issuesAt(runner.issues, 'opinion')}
      />
    </StepForm>
  );
}

/** 退回补正 (county) and 退回网格员补正 (township): comments and the items the grid worker must fix. */
export function ReturnForm({
  ctx,
  command,
}: {
  ctx: StepContext;
  command: 'returnForCorrection' | 'returnToGrid';
}) {
  const runner = useStepRunner(ctx, command);
  const [comments, setComments] = useState('');
  const [items, setItems] = useState<string[]>(['']);
  return (
    <StepForm
      command={command}
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ comments, itemsToFix: filledRows(items) })}
    >
      <p className="review-hint">退回后，网格员的平板同步时会收到退回意见和需补正事项。</p>
      <TextArea
        label="退回意见"
        value={comments}
        onChange={setComments}
        errors={issuesAt(runner.issues, 'comments')}
      />
      <TextListInput
        label="需补正事项"
        itemLabel="补正事项"
        values={items}
        onChange={setItems}
        addLabel="增加一项"
        errors={issuesAt(runner.issues, 'itemsToFix')}
      />
    </StepForm>
  );
}

/** 上报县总审核: the township checked the materials; gaps must be explained. */
export function ForwardToCountyForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'forwardToCounty');
  const missing = ctx.detail.state.missingMaterials;
  // The answer starts from what the case already shows (材料齐全 when the visit's checklist missed nothing);
  // the township confirms or changes it instead of ticking what the screen already says.
  const [complete, setComplete] = useState<'yes' | 'no' | ''>(missing.length > 0 ? 'no' : 'yes');
  const [gapNote, setGapNote] = useState('');
  return (
    <StepForm
      command="forwardToCounty"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() =>
        void runner.submit({
          materialsComplete: complete === '' ? undefined : complete === 'yes',
          gapNote,
        })
      }
    >
      {missing.length > 0 ? (
        <div className="notice notice--warning">
          <strong>走访初审时缺少的材料：</strong>
          <ul className="review-plain-list">
            {missing.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <RadioGroup
        label="材料是否齐全"
        value={complete}
        choices={[
          { value: 'yes', label: '齐全' },
          { value: 'no', label: '不齐全' },
        ]}
        onChange={setComplete}
        errors={issuesAt(runner.issues, 'materialsComplete')}
      />
      <TextArea
        label="材料缺口说明"
        hint="材料不齐全时必须填写：缺少什么、为何仍上报"
        value={gapNote}
        onChange={setGapNote}
        errors={issuesAt(runner.issues, 'gapNote')}
      />
    </StepForm>
  );
}
