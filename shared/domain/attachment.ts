import { z } from 'zod';
import { typeError } from '../validation/messages';
import { isoDateTimeSchema } from '../validation/dates';
import { recordIdSchema, sha256Schema } from './common-fields';
import { CHECKLIST_ITEM_IDS } from './checklist';
import { defineRecord, type DraftOf, type FinalOf } from './record-kit';

/** Largest attachment accepted: tablets compress photos to about 1600 px, far below this. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const ATTACHMENT_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const attachmentMimeTypeSchema = z.enum(ATTACHMENT_MIME_TYPES, {
  error: '只能是 JPEG、PNG、WebP 图片或 PDF',
});

export const ATTACHMENT_KINDS = ['photo', 'signature', 'document'] as const;
export const attachmentKindSchema = z.enum(ATTACHMENT_KINDS);
export type AttachmentKind = z.infer<typeof attachmentKindSchema>;
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  photo: '照片',
  signature: '签名',
  document: '文件',
};

/** Metadata of a photo, signature or document; the bytes travel separately, addressed by sha256. */
export const attachmentFields = {
  sha256: sha256Schema,
  mimeType: attachmentMimeTypeSchema,
  bytes: z
    .number({ error: typeError('必须是数字') })
    .int()
    .min(1, '不能为空文件')
    .max(MAX_ATTACHMENT_BYTES, '不能超过 10 MB'),
  householdId: recordIdSchema,
  visitId: recordIdSchema,
  checklistItemId: z
    .string({ error: typeError('必须是文字') })
    .refine((id) => CHECKLIST_ITEM_IDS.includes(id), '不是材料清单中的项目'),
  kind: attachmentKindSchema,
  capturedAt: isoDateTimeSchema,
};

export const ATTACHMENT_FIELD_LABELS: Record<keyof typeof attachmentFields, string> = {
  sha256: '附件摘要',
  mimeType: '附件类型',
  bytes: '附件大小',
  householdId: '所属家庭',
  visitId: '所属走访',
  checklistItemId: '对应材料',
  kind: '附件种类',
  capturedAt: '拍摄时间',
};

const ATTACHMENT_REQUIRED = [
  'sha256',
  'mimeType',
  'bytes',
  'kind',
  'capturedAt',
] as const satisfies readonly (keyof typeof attachmentFields)[];

export const attachmentDefinition = defineRecord({
  term: '附件',
  fields: attachmentFields,
  labels: ATTACHMENT_FIELD_LABELS,
  required: ATTACHMENT_REQUIRED,
  rules(data, ctx) {
    if (data.kind === 'signature' && data.mimeType && !data.mimeType.startsWith('image/')) {
      ctx.report('mimeType', '必须是图片：签名附件');
    }
  },
});

export type AttachmentDraft = DraftOf<typeof attachmentFields>;
export type Attachment = FinalOf<typeof attachmentFields, (typeof ATTACHMENT_REQUIRED)[number]>;
