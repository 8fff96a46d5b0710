import { useState } from 'react';
import {
  COMPARISON_RESULT_LABELS,
  COMPARISON_SOURCES,
  COMPARISON_SOURCE_LABELS,
  type ComparisonResult,
  type ComparisonSource,
} from '../../../../shared/loop/vocabulary';
import { FieldErrors, StepForm, TextArea, useStepRunner, type StepContext } from './form-kit';
import { issuesAt } from './payload-check';

interface Row {
  result: ComparisonResult | '';
  note: string;
}

/** Results of this form that say something new: chosen, and different from what is recorded. */
export function changedResults(
  rows: Readonly<Record<ComparisonSource, Row>>,
  recorded: readonly { source: ComparisonSource; result: ComparisonResult | null; note: string }[],
): { source: ComparisonSource; result: ComparisonResult; note: string }[] {
  return COMPARISON_SOURCES.flatMap((source) => {
    const row = rows[source];
    if (row.result === '') return [];
    const before = recorded.find((r) => r.source === source);
    if (before && before.result === row.result && before.note === row.note.trim()) return [];
    return [{ source, result: row.result, note: row.note }];
  });
}

/** 录入比对结果: one row per data source (信息比对), a note required where the result differs. */
export function RecordComparisonForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'recordComparison');
  const recorded = ctx.detail.comparison;
  const [rows, setRows] = useState<Record<ComparisonSource, Row>>(() => {
    const initial = {} as Record<ComparisonSource, Row>;
    for (const source of COMPARISON_SOURCES) {
      const before = recorded.find((r) => r.source === source);
      initial[source] = { result: before?.result ?? '', note: before?.note ?? '' };
    }
    return initial;
  });
  const setRow = (source: ComparisonSource, patch: Partial<Row>) =>
    setRows((current) => ({ ...current, [source]: { ...current[source], ...patch } }));

  const submit = () => {
    const results = changedResults(rows, recorded);
    void runner.submit(
      { results, via: 'manual' },
      {
        // The schema names list positions; the form shows each source in its own row.
        renamePath: (path) => {
          const match = /^results\.(\d+)(\..*)?$/.exec(path);
          const entry = match ? results[Number(match[1])] : undefined;
          return entry ? `source.${entry.source}${match?.[2] ?? ''}` : path;
        },
      },
    );
  };

  return (
    <StepForm
      command="recordComparison"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={submit}
      submitLabel="保存比对结果"
    >
      <p className="review-hint">
        逐项填写各数据来源的比对结果；结果不一致时须填写说明。已录入的结果可以更正。
      </p>
      <div className="review-comparison-rows">
        {COMPARISON_SOURCES.map((source) => {
          const label = COMPARISON_SOURCE_LABELS[source];
          const errors = issuesAt(runner.issues, `source.${source}`);
          return (
            <fieldset key={source} className="review-comparison-row">
              <legend className="review-comparison-row__source">{label}</legend>
              <div className="review-radios__options">
                {(['consistent', 'inconsistent'] as const).map((result) => (
                  <label key={result} className="review-radio">
                    <input
                      type="radio"
                      name={`comparison-${source}`}
                      value={result}
                      checked={rows[source].result === result}
                      onChange={() => setRow(source, { result })}
                    />
                    <span>{COMPARISON_RESULT_LABELS[result]}</span>
                  </label>
                ))}
              </div>
              <input
                className="field__input review-comparison-row__note"
                aria-label={`${label}比对说明`}
                placeholder="说明（不一致时必填）"
                value={rows[source].note}
                onChange={(event) => setRow(source, { note: event.target.value })}
              />
              <FieldErrors messages={errors} />
            </fieldset>
          );
        })}
      </div>
      <FieldErrors
        messages={runner.issues.filter((i) => i.path === 'results').map((i) => `比对结果${i.message}`)}
      />
    </StepForm>
  );
}

/** 完成信息比对 (比对完成): the conclusion of the comparison report, once all eight sources have a result. */
export function CompleteComparisonForm({ ctx }: { ctx: StepContext }) {
  const runner = useStepRunner(ctx, 'completeComparison');
  const inconsistent = ctx.detail.comparison.filter((r) => r.result === 'inconsistent');
  const [conclusion, setConclusion] = useState('');
  return (
    <StepForm
      command="completeComparison"
      runner={runner}
      onCancel={ctx.onCancel}
      onSubmit={() => void runner.submit({ conclusion })}
      submitLabel="比对完成"
    >
      <p className="review-hint">
        {inconsistent.length === 0
          ? '8 项数据来源均比对一致。'
          : `8 项数据来源中 ${inconsistent.length} 项不一致：${inconsistent.map((r) => r.label).join('、')}。`}
      </p>
      <TextArea
        label="比对结论"
        value={conclusion}
        onChange={setConclusion}
        errors={issuesAt(runner.issues, 'conclusion')}
      />
    </StepForm>
  );
}
