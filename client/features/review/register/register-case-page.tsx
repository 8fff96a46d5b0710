import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { validateDraft } from '../../../../shared/domain/records';
import { ENTRY_CHANNEL_ROLES } from '../../../../shared/loop/commands-intake';
import { ENTRY_CHANNELS, ENTRY_CHANNEL_LABELS, type EntryChannel } from '../../../../shared/loop/stages';
import { SEXES, SEX_LABELS, type Sex } from '../../../../shared/domain/person-codes';
import { todayInChina } from '../../../../shared/validation/clock';
import { useCurrentUser } from '../../../auth/use-session';
import { duplicateIdentityOf } from '../api/identity-api';
import { failureMessage, getUnit, registerCase } from '../api/review-api';
import { useResource } from '../api/use-resource';
import { RadioGroup, SelectInput, TextArea, TextInput } from '../steps/form-kit';
import { guardRefusal, issuesAt, parsePayload, type PayloadIssue } from '../steps/payload-check';
import { indentedName, loadUnitTree } from './unit-tree';
import '../review.css';

/** Household file fields known at the office when a case is registered (the visit fills in the rest). */
interface HouseholdBasics {
  headName: string;
  headIdNumber: string;
  headSex: Sex | '';
  mobile: string;
  address: string;
}

/** Only the fields typed in travel; the server checks them like a tablet's draft. */
export function householdFields(basics: HouseholdBasics): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(basics)) {
    if (typeof value === 'string' && value.trim() !== '') fields[key] = value.trim();
  }
  return fields;
}

/** 登记案件 at the office: county-identified, worker-applied or sudden-hardship entries. */
export function RegisterCasePage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const channels = ENTRY_CHANNELS.filter((channel) => ENTRY_CHANNEL_ROLES[channel].includes(user.role));
  const [units] = useResource(`units:${user.unitId}`, () => loadUnitTree(user.unitId, getUnit));
  const [requestId] = useState(() => crypto.randomUUID());
  const [entryChannel, setEntryChannel] = useState<EntryChannel | ''>(channels[0] ?? '');
  const [unitId, setUnitId] = useState('');
  const [reportedOn, setReportedOn] = useState(() => todayInChina());
  const [description, setDescription] = useState('');
  const [basics, setBasics] = useState<HouseholdBasics>({
    headName: '',
    headIdNumber: '',
    headSex: '',
    mobile: '',
    address: '',
  });
  const [issues, setIssues] = useState<PayloadIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  /** The head is already filed elsewhere (the server refused with `duplicate_identity`). */
  const [filedCaseId, setFiledCaseId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const unitChoices = units.status === 'ready' ? units.data : [];
  const setBasic = (patch: Partial<HouseholdBasics>) => setBasics((current) => ({ ...current, ...patch }));

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const found: PayloadIssue[] = [];
    if (unitId === '') found.push({ path: 'unitId', message: '请选择所属单位' });
    const payload = { entryChannel: entryChannel || undefined, reportedOn, description };
    const check = parsePayload('register', payload);
    if (!check.ok) found.push(...check.issues);
    const fields = householdFields(basics);
    if (!fields.headName) found.push({ path: 'headName', message: '必须填写' });
    const draft = validateDraft('household', fields);
    if (!draft.ok) found.push(...draft.issues);
    setIssues(found);
    if (found.length > 0 || !check.ok) {
      setFormError('请更正标出的内容后再提交');
      return;
    }
    const unit = unitChoices.find((u) => u.id === unitId);
    const refusal = guardRefusal(
      null,
      'register',
      { ...check.payload, unitPath: unit?.path },
      { role: user.role, unitPath: user.unitPath },
      new Date().toISOString(),
    );
    if (refusal) {
      setFormError(refusal);
      return;
    }
    setBusy(true);
    setFormError(null);
    setFiledCaseId(null);
    try {
      const reply = await registerCase({
        id: requestId,
        unitId,
        entryChannel: check.payload.entryChannel,
        reportedOn: check.payload.reportedOn,
        description: check.payload.description,
        household: fields,
      });
      await navigate(`/review/cases/${reply.household.id}`);
    } catch (failure) {
      const duplicate = duplicateIdentityOf(failure);
      setFormError(duplicate ? duplicate.message : failureMessage(failure));
      setFiledCaseId(duplicate?.caseId ?? null);
      setBusy(false);
    }
  }

  return (
    <div className="review-page">
      <nav className="review-breadcrumb" aria-label="位置">
        <Link to="/review">工作台</Link> / <span>登记案件</span>
      </nav>
      <form
        className="card form review-register"
        noValidate
        aria-label="登记案件"
        onSubmit={(e) => void submit(e)}
      >
        <h1 className="card__title">登记案件</h1>
        <p className="review-hint">
          职工到乡镇或县总帮扶中心申请、县级工会主动识别、或意外致困（快速通道）时在此登记；登记后由网格员入户走访。
        </p>
        <SelectInput
          label="申报渠道"
          value={entryChannel}
          choices={channels.map((value) => ({ value, label: ENTRY_CHANNEL_LABELS[value] }))}
          onChange={setEntryChannel}
          errors={issuesAt(issues, 'entryChannel')}
        />
        <SelectInput
          label="所属单位（网格）"
          value={unitId}
          emptyLabel={units.status === 'loading' ? '正在读取单位…' : '请选择'}
          choices={unitChoices.map((unit) => ({ value: unit.id, label: indentedName(unit) }))}
          onChange={setUnitId}
          errors={[...issuesAt(issues, 'unitId'), ...(units.status === 'failed' ? [units.message] : [])]}
        />
        <TextInput
          label="申报日期"
          type="date"
          value={reportedOn}
          onChange={setReportedOn}
          errors={issuesAt(issues, 'reportedOn')}
        />
        <TextArea
          label="情况说明"
          hint={
            entryChannel === 'sudden_hardship' ? '意外致困必须说明致困事件（时间、经过、损失）' : undefined
          }
          value={description}
          onChange={setDescription}
          errors={issuesAt(issues, 'description')}
        />
        <fieldset className="review-fieldset">
          <legend className="field__label">户主基本信息</legend>
          <TextInput
            label="户主姓名"
            value={basics.headName}
            onChange={(headName) => setBasic({ headName })}
            errors={issuesAt(issues, 'headName')}
          />
          <TextInput
            label="户主身份证号"
            value={basics.headIdNumber}
            maxLength={18}
            onChange={(headIdNumber) => setBasic({ headIdNumber })}
            errors={issuesAt(issues, 'headIdNumber')}
          />
          <RadioGroup
            label="户主性别"
            value={basics.headSex}
            choices={SEXES.map((value) => ({ value, label: SEX_LABELS[value] }))}
            onChange={(headSex) => setBasic({ headSex })}
            errors={issuesAt(issues, 'headSex')}
          />
          <TextInput
            label="联系电话"
            inputMode="numeric"
            value={basics.mobile}
            maxLength={11}
            onChange={(mobile) => setBasic({ mobile })}
            errors={issuesAt(issues, 'mobile')}
          />
          <TextInput
            label="家庭住址"
            value={basics.address}
            onChange={(address) => setBasic({ address })}
            errors={issuesAt(issues, 'address')}
          />
        </fieldset>
        {formError ? (
          <p className="form-error" role="alert">
            {formError}
            {filedCaseId ? (
              <>
                {' '}
                <Link to={`/review/cases/${encodeURIComponent(filedCaseId)}`}>查看已建档的案件</Link>
              </>
            ) : null}
          </p>
        ) : null}
        <div className="review-step-form__actions">
          <Link className="button" to="/review">
            取消
          </Link>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? '正在登记…' : '登记'}
          </button>
        </div>
      </form>
    </div>
  );
}
