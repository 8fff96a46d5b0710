import {
  CATEGORY_LABELS,
  CAUSE_CODES,
  CAUSE_LABELS,
  MAX_SECONDARY_CAUSES,
  type Cause,
} from '../../../shared/domain/household-codes';
import { HOUSEHOLD_FIELD_LABELS as L } from '../../../shared/domain/household';
import { formatFen } from '../../../shared/validation/money';
import { FlagField, numericChoices, SelectField, TextField } from './fields';
import type { VisitFigures } from './figures';
import { dibaoStandardText } from '../../../shared/domain/classification';
import { useVisitForm, type FormRecord } from './form-context';
import { fieldAnchor } from './form-model';
import { MoneyField } from './number-fields';
import { FormSection } from './sections-person';

export function IncomeSection({ household, figures }: { household: FormRecord; figures: VisitFigures }) {
  const r = household;
  return (
    <FormSection
      id="section-income"
      title="收入与刚性支出"
      lead={<p className="muted">金额按元填写。家庭成员的月收入在“家庭成员”中逐人填写。</p>}
    >
      <div className="vf-grid">
        <MoneyField record={r} field="headMonthlyIncomeFen" label={L.headMonthlyIncomeFen} unit="元/月" />
        <MoneyField record={r} field="otherAnnualIncomeFen" label={L.otherAnnualIncomeFen} unit="元/年" />
        <MoneyField
          record={r}
          field="medicalExpensesAnnualFen"
          label={L.medicalExpensesAnnualFen}
          unit="元/年"
        />
        <MoneyField
          record={r}
          field="disabilityExpensesAnnualFen"
          label={L.disabilityExpensesAnnualFen}
          unit="元/年"
        />
        <MoneyField
          record={r}
          field="schoolingExpensesAnnualFen"
          label={L.schoolingExpensesAnnualFen}
          unit="元/年"
        />
        <MoneyField
          record={r}
          field="hardshipSpendingAnnualFen"
          label={L.hardshipSpendingAnnualFen}
          unit="元/年"
          hint="意外事故、灾害、重病等扣除保险和赔偿后的支出"
        />
        <FlagField record={r} field="receivesDibao" label={L.receivesDibao} />
        <FlagField record={r} field="zeroEmployment" label={L.zeroEmployment} />
      </div>
      <dl className="vf-figures" aria-label="收入计算">
        <div>
          <dt>家庭人口</dt>
          <dd>{figures.householdSize} 人</dd>
        </div>
        <div>
          <dt>家庭年收入</dt>
          <dd>{formatFen(figures.annualIncomeFen)}</dd>
        </div>
        <div>
          <dt>年刚性支出</dt>
          <dd>{formatFen(figures.rigidExpensesFen)}</dd>
        </div>
        <div className="vf-figures__main">
          <dt>家庭月人均收入</dt>
          <dd data-testid="per-capita-income">{formatFen(figures.perCapitaMonthlyIncomeFen)}</dd>
        </div>
      </dl>
      <p className="muted vf-figures__formula">
        月人均收入 =（家庭年收入 − 医疗、残疾、就学刚性支出）÷ 12 ÷ 家庭人口
      </p>
    </FormSection>
  );
}

export function CausesSection({ household }: { household: FormRecord }) {
  const form = useVisitForm();
  const main = household.data.mainCause;
  const raw = household.data.secondaryCauses;
  const secondary: Cause[] = Array.isArray(raw) ? raw.filter((c): c is Cause => CAUSE_CODES.includes(c)) : [];
  const issue = household.issues.get('secondaryCauses') ?? null;
  const toggle = (cause: Cause, on: boolean) => {
    const next = on ? [...secondary, cause].sort((a, b) => a - b) : secondary.filter((c) => c !== cause);
    form.set(household.target, 'secondaryCauses', next);
    form.flush();
  };
  return (
    <FormSection id="section-causes" title="致困原因">
      <div className="vf-grid">
        <SelectField
          record={household}
          field="mainCause"
          label={L.mainCause}
          choices={numericChoices(CAUSE_CODES, CAUSE_LABELS)}
        />
      </div>
      <fieldset
        className="vf-field vf-field--wide vf-choices"
        id={fieldAnchor(household.target, 'secondaryCauses')}
      >
        <legend className="field__label">
          {L.secondaryCauses}（最多{MAX_SECONDARY_CAUSES}项）
        </legend>
        <div className="vf-choices__list">
          {CAUSE_CODES.map((cause) => {
            const checked = secondary.includes(cause);
            const full = secondary.length >= MAX_SECONDARY_CAUSES && !checked;
            return (
              <label key={cause} className="vf-choice">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={form.readOnly || (!checked && (full || cause === main))}
                  onChange={(event) => toggle(cause, event.target.checked)}
                />
                {CAUSE_LABELS[cause]}
              </label>
            );
          })}
        </div>
        {issue ? <p className="vf-field__issue">{issue}</p> : null}
      </fieldset>
    </FormSection>
  );
}

export function BankSection({ household }: { household: FormRecord }) {
  return (
    <FormSection
      id="section-bank"
      title="银行卡"
      lead={<p className="muted">帮扶资金实名打卡发放，请填写户主本人的银行卡。</p>}
    >
      <div className="vf-grid">
        <TextField record={household} field="bankName" label={L.bankName} maxLength={100} />
        <TextField record={household} field="bankBranch" label={L.bankBranch} maxLength={100} />
        <TextField
          record={household}
          field="bankCardNumber"
          label={L.bankCardNumber}
          inputMode="numeric"
          maxLength={23}
        />
      </div>
    </FormSection>
  );
}

export function CategorySection({ figures }: { figures: VisitFigures }) {
  const { suggestion } = figures;
  return (
    <FormSection id="section-category" title="建议困难类别">
      <p className="vf-category">
        <span className={`vf-badge vf-badge--${suggestion.category}`} data-testid="suggested-category">
          {CATEGORY_LABELS[suggestion.category]}
        </span>
        <span className="muted" data-testid="dibao-standard">
          {figures.dibaoStandard === null
            ? '走访日期适用的本县低保标准未配置（联网同步后更新）'
            : dibaoStandardText(figures.dibaoStandard)}
        </span>
      </p>
      <ul className="vf-reasons">
        {suggestion.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <p className="muted">这是按收入给出的建议，最终类别由县总帮扶中心审核认定。</p>
    </FormSection>
  );
}
