import { z } from 'zod';
import { typeError } from '../validation/messages';
import { unitIdSchema } from '../org';
import { dateSchema, isoDateTimeSchema } from '../validation/dates';
import { idNumberSchema } from '../validation/id-number';
import { personNameSchema, sha256Schema, shortTextSchema } from './common-fields';
import { defineRecord, type DraftOf, type FinalOf } from './record-kit';

/** One attendee signed in on the tablet. */
export const attendeeSchema = z.strictObject({
  name: personNameSchema,
  unit: shortTextSchema,
  idNumber: idNumberSchema.nullable().optional(),
  signedAt: isoDateTimeSchema,
  signatureSha: sha256Schema.nullable().optional(),
});
export type Attendee = z.infer<typeof attendeeSchema>;

/** A policy training (政策培训), one of the "five ones". */
export const trainingFields = {
  unitId: unitIdSchema,
  date: dateSchema,
  place: shortTextSchema,
  topic: shortTextSchema,
  trainer: personNameSchema,
  attendees: z.array(attendeeSchema, { error: typeError('必须是列表') }).max(1000),
  photoShas: z.array(sha256Schema, { error: typeError('必须是列表') }).max(50),
};

export const TRAINING_FIELD_LABELS: Record<keyof typeof trainingFields, string> = {
  unitId: '组织单位',
  date: '培训日期',
  place: '培训地点',
  topic: '培训主题',
  trainer: '授课人',
  attendees: '参训人员',
  photoShas: '培训照片',
};

const TRAINING_ITEM_LABELS: Record<string, string> = {
  name: '姓名',
  unit: '单位',
  idNumber: '身份证号',
  signedAt: '签到时间',
  signatureSha: '签名图片',
};

const TRAINING_REQUIRED = [
  'unitId',
  'date',
  'place',
  'topic',
  'trainer',
  'attendees',
] as const satisfies readonly (keyof typeof trainingFields)[];

export const trainingDefinition = defineRecord({
  term: '政策培训',
  fields: trainingFields,
  labels: TRAINING_FIELD_LABELS,
  itemLabels: TRAINING_ITEM_LABELS,
  required: TRAINING_REQUIRED,
  notAfterToday: ['date'],
  rules(data, ctx) {
    const attendees = data.attendees ?? [];
    const seen = new Set<string>();
    attendees.forEach((attendee, index) => {
      if (!attendee.idNumber) return;
      if (seen.has(attendee.idNumber)) ctx.report(['attendees', index, 'idNumber'], '与前面的参训人员重复');
      seen.add(attendee.idNumber);
    });
    if (ctx.mode === 'final' && data.attendees && attendees.length === 0) {
      ctx.report('attendees', '至少需要一人签到');
    }
  },
});

export type TrainingDraft = DraftOf<typeof trainingFields>;
export type Training = FinalOf<typeof trainingFields, (typeof TRAINING_REQUIRED)[number]>;
