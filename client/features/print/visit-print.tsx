import { useParams } from 'react-router';
import type { CaseDetailReply } from '../../../shared/cases/api';
import { checklistItemLabel } from '../../../shared/domain/checklist';
import { SIGNER_ROLE_LABELS, VISIT_FIELD_LABELS } from '../../../shared/domain/visit';
import type { SyncedRecord } from '../../../shared/sync/protocol';
import { formatDateTime } from '../../shell/format';
import { AuthorizationText } from '../capture/authorization-text';
import { checklistSummary, Gps, visitSignatures } from '../review/case/visits-section';
import { formatFieldValue } from '../review/format/values';
import {
  CasePrint,
  FieldTable,
  filingUnion,
  printedOn,
  SealLines,
  Sheet,
  SheetMeta,
  SignatureImage,
  unitLine,
  type Cell,
  type PrintOptions,
} from './print-parts';

function visitOf(detail: CaseDetailReply, visitId: string): SyncedRecord | null {
  return detail.visits.find((visit) => visit.id === visitId && !visit.deleted) ?? null;
}

function Missing() {
  return (
    <p className="form-error print-empty" role="alert">
      找不到这次走访记录（可能已删除）。
    </p>
  );
}

function Signatures({ visit }: { visit: SyncedRecord }) {
  const signatures = visitSignatures(visit.data.signatures);
  if (signatures.length === 0) return <span>授权书尚无签名</span>;
  return (
    <div className="print-signatures" aria-label="授权书签名">
      {signatures.map((s) => (
        <figure key={`${s.attachmentSha}-${s.signedAt}`} className="print-signature">
          <SignatureImage sha256={s.attachmentSha} alt={`${s.signerName}的签名`} />
          <figcaption>
            {s.signerName}（{SIGNER_ROLE_LABELS[s.role]}
            {s.minorName ? `，代 ${s.minorName} 签名` : ''}）
            <br />
            {formatDateTime(s.signedAt)}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

function VisitSheet({
  detail,
  visit,
  options,
}: {
  detail: CaseDetailReply;
  visit: SyncedRecord;
  options: PrintOptions;
}) {
  const { household } = detail;
  const v = (field: string) => formatFieldValue(field, visit.data[field]);
  const h = (field: string) => formatFieldValue(field, household.data[field], options);
  const { ticked, missing, kindKnown } = checklistSummary(visit.data);
  const cells: Cell[] = [
    { label: '户主姓名', value: h('headName') },
    { label: '身份证号', value: h('headIdNumber') },
    { label: '联系电话', value: h('mobile') },
    { label: '所属单位', value: unitLine(detail) },
    { label: '家庭住址', value: h('address'), wide: true },
    { label: VISIT_FIELD_LABELS.visitDate, value: v('visitDate') },
    { label: VISIT_FIELD_LABELS.visitorName, value: v('visitorName') },
    { label: VISIT_FIELD_LABELS.applicantKind, value: v('applicantKind') },
    { label: VISIT_FIELD_LABELS.householdSize, value: v('householdSize') },
    { label: VISIT_FIELD_LABELS.annualIncomeFen, value: v('annualIncomeFen') },
    { label: VISIT_FIELD_LABELS.rigidExpensesFen, value: v('rigidExpensesFen') },
    { label: VISIT_FIELD_LABELS.perCapitaMonthlyIncomeFen, value: v('perCapitaMonthlyIncomeFen') },
    { label: VISIT_FIELD_LABELS.suggestedCategory, value: v('suggestedCategory') },
    { label: VISIT_FIELD_LABELS.gps, value: <Gps value={visit.data.gps} />, wide: true },
    {
      label: VISIT_FIELD_LABELS.findings,
      value: <div className="print-text">{v('findings')}</div>,
      wide: true,
    },
    {
      label: '已提供材料',
      value:
        ticked.length === 0
          ? '—'
          : ticked
              .map(
                (entry) =>
                  `${checklistItemLabel(entry.itemId) ?? entry.itemId}${
                    entry.attachmentShas.length > 0
                      ? `（照片 ${entry.attachmentShas.length} 张）`
                      : '（纸质）'
                  }`,
              )
              .join('；'),
      wide: true,
    },
    {
      label: '缺少材料',
      value: kindKnown
        ? missing.length === 0
          ? '材料齐全'
          : missing.map((item) => item.label).join('；')
        : '—',
      wide: true,
    },
    { label: VISIT_FIELD_LABELS.preliminaryResult, value: v('preliminaryResult') },
    { label: VISIT_FIELD_LABELS.status, value: v('status') },
    {
      label: VISIT_FIELD_LABELS.preliminaryOpinion,
      value: <div className="print-text">{v('preliminaryOpinion')}</div>,
      wide: true,
    },
    { label: '授权书签名', value: <Signatures visit={visit} />, wide: true },
  ];
  return (
    <Sheet title="困难职工家庭走访调查表">
      <SheetMeta left={`填报单位：${filingUnion(detail)}`} right={`打印日期：${printedOn()}`} />
      <FieldTable cells={cells} label="走访调查" />
      <SealLines lines={['走访人签名', '户主签名', '基层工会（盖章）', '乡镇（街道）工会审核']} />
    </Sheet>
  );
}

/** 走访调查表: one visit as the paper form, with the authorization's signatures and the position taken. */
export function VisitPrintPage() {
  const { visitId = '' } = useParams();
  return (
    <CasePrint
      form="visit"
      render={(detail, options) => {
        const visit = visitOf(detail, visitId);
        return visit ? <VisitSheet detail={detail} visit={visit} options={options} /> : <Missing />;
      }}
    />
  );
}

/** 家庭经济状况核对承诺授权书: the text the household heard, and the signatures the tablet took. */
export function AuthorizationPrintPage() {
  const { visitId = '' } = useParams();
  return (
    <CasePrint
      form="authorization"
      render={(detail, options) => {
        const visit = visitOf(detail, visitId);
        if (!visit) return <Missing />;
        const h = (field: string) => formatFieldValue(field, detail.household.data[field], options);
        return (
          <Sheet title="家庭经济状况核对承诺授权书">
            <SheetMeta left={`填报单位：${filingUnion(detail)}`} right={`打印日期：${printedOn()}`} />
            <FieldTable
              label="申请人"
              cells={[
                { label: '户主姓名', value: h('headName') },
                { label: '身份证号', value: h('headIdNumber') },
                { label: '家庭住址', value: h('address'), wide: true },
              ]}
            />
            <div className="print-text print-authorization">
              <AuthorizationText />
            </div>
            <h2 className="print-section-title">
              签名（{formatFieldValue('visitDate', visit.data.visitDate)} 走访时签署）
            </h2>
            <Signatures visit={visit} />
            <SealLines lines={['见证人（走访人）签名', '基层工会（盖章）']} />
          </Sheet>
        );
      }}
    />
  );
}
