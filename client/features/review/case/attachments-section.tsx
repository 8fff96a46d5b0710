import { useState } from 'react';
import type { SyncedRecord } from '../../../../shared/sync/protocol';
import { ATTACHMENT_KIND_LABELS, attachmentKindSchema } from '../../../../shared/domain/attachment';
import { checklistItemLabel } from '../../../../shared/domain/checklist';
import { formatDateTime } from '../../../shell/format';
import { AttachmentThumb } from './attachment-image';

interface AttachmentRow {
  id: string;
  sha256: string;
  mimeType: string;
  bytes: number | null;
  kindLabel: string;
  capturedAt: string | null;
}

interface AttachmentGroup {
  key: string;
  title: string;
  rows: AttachmentRow[];
}

function text(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Attachments grouped by the checklist item they document (signatures and loose photos apart). */
export function groupAttachments(records: readonly SyncedRecord[]): AttachmentGroup[] {
  const groups = new Map<string, AttachmentGroup>();
  for (const record of records) {
    if (record.deleted) continue;
    const sha256 = text(record.data, 'sha256');
    if (!sha256) continue;
    const kind = attachmentKindSchema.safeParse(record.data.kind);
    const itemId = text(record.data, 'checklistItemId');
    const key = itemId ?? (kind.success ? `kind:${kind.data}` : 'other');
    const title = itemId
      ? (checklistItemLabel(itemId) ?? itemId)
      : kind.success && kind.data === 'signature'
        ? '授权书签名'
        : '其他材料';
    const group = groups.get(key) ?? { key, title, rows: [] };
    group.rows.push({
      id: record.id,
      sha256,
      mimeType: text(record.data, 'mimeType') ?? 'application/octet-stream',
      bytes: typeof record.data.bytes === 'number' ? record.data.bytes : null,
      kindLabel: kind.success ? ATTACHMENT_KIND_LABELS[kind.data] : '附件',
      capturedAt: text(record.data, 'capturedAt'),
    });
    groups.set(key, group);
  }
  return [...groups.values()];
}

function sizeText(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function Group({ group }: { group: AttachmentGroup }) {
  const [shown, setShown] = useState(false);
  return (
    <li className="review-attachments__group">
      <div className="review-attachments__head">
        <strong>{group.title}</strong>
        <span className="muted">{group.rows.length} 个附件</span>
        <button type="button" className="button" aria-expanded={shown} onClick={() => setShown(!shown)}>
          {shown ? `收起${group.title}` : `查看${group.title}（${group.rows.length}）`}
        </button>
      </div>
      <ul className="review-attachments__meta">
        {group.rows.map((row, index) => (
          <li key={row.id}>
            {row.kindLabel}
            {index + 1} · {sizeText(row.bytes)}
            {row.capturedAt ? ` · 拍摄于 ${formatDateTime(row.capturedAt)}` : ''}
          </li>
        ))}
      </ul>
      {shown ? (
        <div className="review-thumbs">
          {group.rows.map((row, index) => (
            <AttachmentThumb
              key={row.id}
              sha256={row.sha256}
              mimeType={row.mimeType}
              alt={`${group.title}${row.kindLabel}${index + 1}`}
            />
          ))}
        </div>
      ) : null}
    </li>
  );
}

/** 材料: attachment metadata at once, pictures only when asked for (they can be large on a slow line). */
export function AttachmentsSection({ attachments }: { attachments: readonly SyncedRecord[] }) {
  const groups = groupAttachments(attachments);
  return (
    <section className="card" aria-labelledby="review-attachments-title">
      <h2 className="card__title" id="review-attachments-title">
        材料与照片
      </h2>
      {groups.length === 0 ? (
        <p className="muted">尚无上传的材料。</p>
      ) : (
        <ul className="review-attachments">
          {groups.map((group) => (
            <Group key={group.key} group={group} />
          ))}
        </ul>
      )}
    </section>
  );
}
