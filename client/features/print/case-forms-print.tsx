import type { CaseDetailReply, CaseEventRecord } from '../../../shared/cases/api';
import { HOUSEHOLD_FIELD_LABELS } from '../../../shared/domain/household';
import { MEMBER_FIELD_LABELS } from '../../../shared/domain/member';
import { COMPARISON_RESULT_LABELS } from '../../../shared/loop/vocabulary';
import { formatFen } from '../../../shared/validation/money';
import { formatDateTime } from '../../shell/format';
import { HOUSEHOLD_FILE_FIELDS, MEMBER_COLUMNS } from '../review/case/household-section';
import { payloadFacts } from '../review/format/payload-facts';
import { chinaDate, EMPTY_VALUE, formatFieldValue } from '../review/format/values';
import {
  CasePrint,
  FieldTable,
  filingUnion,
  printedOn,
  SealLines,
  Sheet,
  SheetMeta,
  unitLine,
  type Cell,
  type PrintOptions,
} from './print-parts';

/** The household's fields the file's own sections show; the rest go under 其他情况. */
const HEAD_FIELDS = [
  'headName',
  'headSex',
  'headIdNumber',
  'headBirthDate',
  'headEthnicity',
  'headPoliticalStatus',
  'headHealth',
  'headWorkStatus',
  'mobile',
  'employerName',
] as const;
const INCOME_FIELDS = [
  'headMonthlyIncomeFen',
  'otherAnnualIncomeFen',
  'medicalExpensesAnnualFen',
  'disabilityExpensesAnnualFen',
  'schoolingExpensesAnnualFen',
  'hardshipSpendingAnnualFen',
  'receivesDibao',
  'zeroEmployment',
] as const;
const CAUSE_FIELDS = ['mainCause', 'secondaryCauses'] as const;
const SHOWN: ReadonlySet<string> = new Set<string>([
  ...HEAD_FIELDS,
  ...INCOME_FIELDS,
  ...CAUSE_FIELDS,
  'address',
]);

function latestEvent(detail: CaseDetailReply, command: string): CaseEventRecord | null {
  const events = detail.timeline.filter((event) => event.data.command === command);
  return events.at(-1) ?? null;
}

function householdCells(detail: CaseDetailReply, fields: readonly string[], options: PrintOptions): Cell[] {
  return fields.map((field) => ({
    label: HOUSEHOLD_FIELD_LABELS[field as keyof typeof HOUSEHOLD_FIELD_LABELS] ?? field,
    value: formatFieldValue(field, detail.household.data[field], options),
    wide: field === 'address',
  }));
}

function MembersTable({ detail, options }: { detail: CaseDetailReply; options: PrintOptions }) {
  const live = detail.members.filter((member) => !member.deleted);
  return (
    <table className="print-table print-table--list" aria-label="家庭成员">
      <thead>
        <tr>
          {MEMBER_COLUMNS.map((field) => (
            <th key={field} scope="col">
              {MEMBER_FIELD_LABELS[field].replace(/^成员/, '')}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {live.length === 0 ? (
          <tr>
            <td colSpan={MEMBER_COLUMNS.length}>未登记家庭成员</td>
          </tr>
        ) : (
          live.map((member) => (
            <tr key={member.id}>
              {MEMBER_COLUMNS.map((field) => (
                <td key={field}>{formatFieldValue(field, member.data[field], options)}</td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function FileSheet({ detail, options }: { detail: CaseDetailReply; options: PrintOptions }) {
  const { state } = detail;
  const others = HOUSEHOLD_FILE_FIELDS.filter(
    (field) =>
      !SHOWN.has(field) &&
      detail.household.data[field] !== undefined &&
      detail.household.data[field] !== null,
  );
  const measures = state.planMeasures
    .map((measure) => formatFieldValue('planMeasures', [measure]))
    .join('、');
  return (
    <Sheet title="困难职工家庭档案表">
      <SheetMeta
        left={`建档单位：${filingUnion(detail)}`}
        right={`档案编号：${state.cityFileNumber ?? EMPTY_VALUE}`}
      />
      <h2 className="print-section-title">一、户主基本情况</h2>
      <FieldTable
        label="户主基本情况"
        cells={[
          ...householdCells(detail, HEAD_FIELDS, options),
          { label: '所属单位', value: unitLine(detail), wide: true },
          ...householdCells(detail, ['address'], options),
        ]}
      />
      <h2 className="print-section-title">二、家庭成员</h2>
      <MembersTable detail={detail} options={options} />
      <h2 className="print-section-title">三、困难类别与致困原因</h2>
      <FieldTable
        label="困难类别与致困原因"
        cells={[
          { label: '困难类别', value: formatFieldValue('category', state.category) },
          { label: '建档日期', value: formatFieldValue('filedAt', detail.household.data.filedAt) },
          ...householdCells(detail, CAUSE_FIELDS, options),
        ]}
      />
      <h2 className="print-section-title">四、家庭收入与刚性支出</h2>
      <FieldTable label="家庭收入与刚性支出" cells={householdCells(detail, INCOME_FIELDS, options)} />
      <h2 className="print-section-title">五、帮扶措施</h2>
      <FieldTable
        label="帮扶措施"
        cells={[
          { label: '帮扶措施', value: measures || EMPTY_VALUE, wide: true },
          {
            label: '方案金额',
            value:
              state.planTotalFen > 0
                ? `${formatFen(state.planTotalFen)}${state.planApproved ? '（已审批）' : '（待审批）'}`
                : EMPTY_VALUE,
          },
          {
            label: '已发放',
            value: state.disbursedTotalFen > 0 ? formatFen(state.disbursedTotalFen) : EMPTY_VALUE,
          },
          {
            label: '公示期',
            value: state.noticeStartDate
              ? `${state.noticeStartDate} 至 ${state.noticeEndDate ?? EMPTY_VALUE}`
              : EMPTY_VALUE,
          },
          { label: '市总备案', value: state.cityFiledOn ?? EMPTY_VALUE },
        ]}
      />
      {others.length > 0 ? (
        <>
          <h2 className="print-section-title">六、其他情况</h2>
          <FieldTable label="其他情况" cells={householdCells(detail, others, options)} />
        </>
      ) : null}
      <SealLines lines={['填表人', '基层工会（盖章）', '县级工会审核（盖章）']} />
      <p className="print-note">打印日期：{printedOn()}</p>
    </Sheet>
  );
}

/** 困难职工档案表: the household's file as filed — head, members, category, causes, income, measures. */
export function FilePrintPage() {
  return (
    <CasePrint form="file" render={(detail, options) => <FileSheet detail={detail} options={options} />} />
  );
}

/** 信息比对报告: the current round's result per data source, with the county's conclusion. */
export function ComparisonPrintPage() {
  return (
    <CasePrint
      form="comparison"
      render={(detail, options) => {
        const done = latestEvent(detail, 'completeComparison');
        const conclusion = done ? payloadFacts('completeComparison', done.data.payload) : [];
        return (
          <Sheet title="困难职工家庭信息比对报告">
            <SheetMeta left={`比对单位：${filingUnion(detail)}`} right={`打印日期：${printedOn()}`} />
            <FieldTable
              label="比对对象"
              cells={[
                { label: '户主姓名', value: formatFieldValue('headName', detail.household.data.headName) },
                {
                  label: '身份证号',
                  value: formatFieldValue('headIdNumber', detail.household.data.headIdNumber, options),
                },
                { label: '所属单位', value: unitLine(detail), wide: true },
              ]}
            />
            <h2 className="print-section-title">比对结果</h2>
            <table className="print-table print-table--list" aria-label="比对结果">
              <colgroup>
                <col style={{ width: '8%' }} />
                <col style={{ width: '24%' }} />
                <col style={{ width: '14%' }} />
                <col style={{ width: '32%' }} />
                <col style={{ width: '22%' }} />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">序号</th>
                  <th scope="col">数据来源</th>
                  <th scope="col">结果</th>
                  <th scope="col">说明</th>
                  <th scope="col">比对时间</th>
                </tr>
              </thead>
              <tbody>
                {detail.comparison.map((row, index) => (
                  <tr key={row.source}>
                    <td>{index + 1}</td>
                    <td>{row.label}</td>
                    <td>{row.result ? COMPARISON_RESULT_LABELS[row.result] : '未比对'}</td>
                    <td>{row.note || EMPTY_VALUE}</td>
                    <td>{row.recordedAt ? chinaDate(row.recordedAt) : EMPTY_VALUE}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <FieldTable
              label="比对结论"
              cells={[
                {
                  label: '比对结论',
                  value: (
                    <div className="print-text">
                      {conclusion.length > 0
                        ? conclusion.map((fact) => `${fact.label}：${fact.lines.join('；')}`).join('\n')
                        : '比对尚未完成'}
                    </div>
                  ),
                  wide: true,
                },
                {
                  label: '完成日期',
                  value: detail.state.comparisonCompletedOn ?? EMPTY_VALUE,
                },
                { label: '经办人', value: done ? done.data.actorName : EMPTY_VALUE },
              ]}
            />
            <SealLines lines={['经办人签名', '县级工会（盖章）']} />
          </Sheet>
        );
      }}
    />
  );
}

/** 脱困登记表: why and when the household leaves assistance, and the phase-out it runs through. */
export function ExitPrintPage() {
  return (
    <CasePrint
      form="exit"
      render={(detail, options) => {
        const { state } = detail;
        const exitEvent = latestEvent(detail, 'exit');
        const facts = exitEvent ? payloadFacts('exit', exitEvent.data.payload) : [];
        const explanation = facts.find((fact) => fact.label === '退出说明')?.lines.join('；');
        return (
          <Sheet title="困难职工脱困登记表">
            <SheetMeta left={`登记单位：${filingUnion(detail)}`} right={`打印日期：${printedOn()}`} />
            <FieldTable
              label="脱困登记"
              cells={[
                ...householdCells(detail, ['headName', 'headIdNumber', 'mobile'], options),
                { label: '所属单位', value: unitLine(detail) },
                ...householdCells(detail, ['address'], options),
                { label: '原困难类别', value: formatFieldValue('category', state.category) },
                { label: '档案编号', value: state.cityFileNumber ?? EMPTY_VALUE },
                { label: '累计发放', value: formatFen(state.disbursedTotalFen) },
                { label: '末次发放', value: state.lastDisbursedOn ?? EMPTY_VALUE },
                { label: '退出原因', value: formatFieldValue('exitReason', state.exitReason) },
                { label: '告知日期', value: state.exitNoticeDate ?? EMPTY_VALUE },
                {
                  label: '退出说明',
                  value: <div className="print-text">{explanation ?? EMPTY_VALUE}</div>,
                  wide: true,
                },
                {
                  label: '渐退期',
                  value: state.phaseOutStartDate
                    ? `${state.phaseOutStartDate} 至 ${state.phaseOutUntil ?? EMPTY_VALUE}`
                    : '不设渐退期',
                },
                { label: '退出日期', value: state.exitedOn ?? '尚未完成退出' },
                {
                  label: '登记人',
                  value: exitEvent
                    ? `${exitEvent.data.actorName}（${formatDateTime(exitEvent.data.at)}）`
                    : EMPTY_VALUE,
                  wide: true,
                },
              ]}
            />
            <SealLines lines={['户主签名', '基层工会（盖章）', '县级工会审核（盖章）']} />
          </Sheet>
        );
      }}
    />
  );
}
