import { VISIT_FIELD_LABELS as L } from '../../../shared/domain/visit';
import { FOLLOW_UP_TREND_LABELS } from '../../../shared/loop/vocabulary';
import { choicesOf, DateField, SelectField, TextAreaField, TextField } from './fields';
import type { FormRecord } from './form-context';
import { FormSection } from './sections-person';

/** The follow-up's own part (动态管理回访): when, who, how the household's situation moved, what was found. */
export function FollowUpSection({ visit }: { visit: FormRecord }) {
  return (
    <FormSection id="section-follow-up" title="回访情况">
      <div className="vf-grid">
        <DateField record={visit} field="visitDate" label="回访日期" />
        <TextField record={visit} field="visitorName" label={L.visitorName} maxLength={30} />
        <SelectField
          record={visit}
          field="trend"
          label={L.trend}
          choices={choicesOf(FOLLOW_UP_TREND_LABELS)}
          hint="与上次走访相比，家庭困难状况的变化"
        />
        <TextAreaField
          record={visit}
          field="findings"
          label="回访记录"
          hint="家庭现状、收入与就业变化、帮扶措施落实情况；有变化的档案信息请在上方各部分直接更新"
          rows={5}
        />
      </div>
    </FormSection>
  );
}
