import { useState } from 'react';
import type { SyncedRecord } from '../../../../shared/sync/protocol';
import {
  applicantKindSchema,
  checklistItemLabel,
  missingChecklistItems,
} from '../../../../shared/domain/checklist';
import {
  SIGNER_ROLE_LABELS,
  VISIT_FIELD_LABELS,
  checklistEntrySchema,
  gpsSchema,
  signatureSchema,
  type Signature,
} from '../../../../shared/domain/visit';
import { formatDateTime } from '../../../shell/format';
import { formatFieldValue } from '../format/values';
import { AttachmentThumb } from './attachment-image';
import { dibaoStandardText } from '../../../../shared/domain/classification';
import { storedStandard } from '../../visit-form/figures';

export const SUMMARY_FIELDS = [
  'visitDate',
  'visitorName',
  'status',
  'applicantKind',
  'preliminaryResult',
  'preliminaryOpinion',
  'findings',
  'householdSize',
  'annualIncomeFen',
  'rigidExpensesFen',
  'perCapitaMonthlyIncomeFen',
  'suggestedCategory',
] as const;

export function Gps({ value }: { value: unknown }) {
  const gps = gpsSchema.safeParse(value);
  if (!gps.success) return <span className="muted">未获取定位</span>;
  const { lat, lng, accuracyM, at } = gps.data;
  return (
    <span>
      {lat.toFixed(6)}, {lng.toFixed(6)}（精度约 {Math.round(accuracyM)} 米，{formatDateTime(at)}）
    </span>
  );
}

/** A visit's checklist: the items ticked and, when the applicant kind is known, the items still missing. */
export function checklistSummary(data: Record<string, unknown>) {
  const entries = Array.isArray(data.checklist)
    ? data.checklist.flatMap((entry) => {
        const parsed = checklistEntrySchema.safeParse(entry);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  const kind = applicantKindSchema.safeParse(data.applicantKind);
  return {
    ticked: entries.filter((entry) => entry.ticked),
    missing: kind.success ? missingChecklistItems(kind.data, entries) : [],
    kindKnown: kind.success,
  };
}

/** The well-formed signatures of a visit's authorization. */
export function visitSignatures(value: unknown): Signature[] {
  return Array.isArray(value)
    ? value.flatMap((entry) => {
        const parsed = signatureSchema.safeParse(entry);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
}

function Checklist({ data }: { data: Record<string, unknown> }) {
  const { ticked, missing, kindKnown } = checklistSummary(data);
  return (
    <div className="review-checklist">
      <div>
        <strong>已提供材料（{ticked.length} 项）</strong>
        <ul className="review-plain-list">
          {ticked.map((entry) => (
            <li key={entry.itemId}>
              ✓ {checklistItemLabel(entry.itemId) ?? entry.itemId}
              {entry.attachmentShas.length > 0
                ? `（照片 ${entry.attachmentShas.length} 张）`
                : '（纸质材料）'}
            </li>
          ))}
        </ul>
      </div>
      {kindKnown ? (
        <div>
          <strong className={missing.length > 0 ? 'review-warn' : 'review-ok'}>
            {missing.length > 0 ? `缺少材料（${missing.length} 项）` : '材料齐全'}
          </strong>
          <ul className="review-plain-list">
            {missing.map((item) => (
              <li key={`${item.groupId}-${item.label}`}>✗ {item.label}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function Signatures({ value }: { value: unknown }) {
  const [shown, setShown] = useState(false);
  const signatures = visitSignatures(value);
  if (signatures.length === 0) return <p className="review-warn">授权书尚无签名</p>;
  return (
    <div>
      <ul className="review-plain-list" aria-label="授权书签名">
        {signatures.map((s) => (
          <li key={`${s.attachmentSha}-${s.signedAt}`}>
            {s.signerName}（{SIGNER_ROLE_LABELS[s.role]}
            {s.minorName ? `，代 ${s.minorName} 签名` : ''}）· {formatDateTime(s.signedAt)}
          </li>
        ))}
      </ul>
      <button type="button" className="button" aria-expanded={shown} onClick={() => setShown(!shown)}>
        {shown ? '收起签名图片' : '查看签名图片'}
      </button>
      {shown ? (
        <div className="review-thumbs">
          {signatures.map((s) => (
            <AttachmentThumb
              key={s.attachmentSha}
              sha256={s.attachmentSha}
              mimeType="image/png"
              alt={`${s.signerName}的签名`}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** 走访记录: every visit of the household, newest first, with position, materials and signatures. */
export function VisitsSection({ visits }: { visits: readonly SyncedRecord[] }) {
  const live = visits
    .filter((visit) => !visit.deleted)
    .sort((a, b) => String(b.data.visitDate ?? '').localeCompare(String(a.data.visitDate ?? '')));
  return (
    <section className="card" aria-labelledby="review-visits-title">
      <h2 className="card__title" id="review-visits-title">
        走访记录（{live.length} 次）
      </h2>
      {live.length === 0 ? <p className="muted">尚无走访记录。</p> : null}
      {live.map((visit) => (
        <article
          key={visit.id}
          className="review-visit"
          aria-label={`走访 ${String(visit.data.visitDate ?? '')}`}
        >
          <dl className="review-file">
            {SUMMARY_FIELDS.map((field) => (
              <div key={field} className="review-file__row">
                <dt>{VISIT_FIELD_LABELS[field]}</dt>
                <dd>{formatFieldValue(field, visit.data[field])}</dd>
              </div>
            ))}
            <div className="review-file__row">
              <dt>{VISIT_FIELD_LABELS.dibaoStandardFen}</dt>
              <dd data-testid="visit-dibao-standard">
                {storedStandard(visit.data) ? dibaoStandardText(storedStandard(visit.data)) : '未记录'}
              </dd>
            </div>
            <div className="review-file__row">
              <dt>{VISIT_FIELD_LABELS.gps}</dt>
              <dd>
                <Gps value={visit.data.gps} />
              </dd>
            </div>
          </dl>
          <Checklist data={visit.data} />
          <Signatures value={visit.data.signatures} />
        </article>
      ))}
    </section>
  );
}
