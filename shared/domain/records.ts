import { z } from 'zod';
import { attachmentDefinition } from './attachment';
import { comparisonBatchDefinition } from './comparison-batch';
import { householdDefinition } from './household';
import { memberDefinition } from './member';
import type { ValidateOptions, ValidationResult } from './record-kit';
import { SCHEMA_VERSION } from './schema-version';
import { selfAssessmentDefinition } from './self-assessment';
import { trainingDefinition } from './training';
import { visitDefinition } from './visit';
import { visitRoundDefinition } from './visit-round';

export { SCHEMA_VERSION };
export type { ValidateOptions, ValidationIssue, ValidationResult } from './record-kit';

export const RECORD_TYPES = [
  'household',
  'member',
  'visit',
  'attachment',
  'training',
  'selfAssessment',
  'visitRound',
  'comparisonBatch',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
export const recordTypeSchema = z.enum(RECORD_TYPES);

/**
 * Record types a tablet may create and edit through sync. Visit rounds are planned by township and county
 * staff only (the server's five-ones guard holds that line); grid workers read them.
 */
export const CLIENT_RECORD_TYPES: readonly RecordType[] = [
  'household',
  'member',
  'visit',
  'attachment',
  'training',
  'selfAssessment',
  'visitRound',
];

/** Every record type's definition: fields, zh-CN labels, required fields, draft schema, validator. */
export const RECORD_DEFINITIONS = {
  household: householdDefinition,
  member: memberDefinition,
  visit: visitDefinition,
  attachment: attachmentDefinition,
  training: trainingDefinition,
  selfAssessment: selfAssessmentDefinition,
  visitRound: visitRoundDefinition,
  comparisonBatch: comparisonBatchDefinition,
} as const satisfies Record<RecordType, unknown>;

export const RECORD_TYPE_LABELS: Record<RecordType, string> = {
  household: householdDefinition.term,
  member: memberDefinition.term,
  visit: visitDefinition.term,
  attachment: attachmentDefinition.term,
  training: trainingDefinition.term,
  selfAssessment: selfAssessmentDefinition.term,
  visitRound: visitRoundDefinition.term,
  comparisonBatch: comparisonBatchDefinition.term,
};

/** zh-CN label of a field of a record type, or null for an unknown field. */
export function fieldLabel(type: RecordType, field: string): string | null {
  const labels: Record<string, string> = RECORD_DEFINITIONS[type].labels;
  return Object.hasOwn(labels, field) ? (labels[field] ?? null) : null;
}

/**
 * Validates a record's data as a draft (every field optional, but each present field well-formed).
 * Blank text ("" or spaces) is returned as null; unknown keys are refused.
 */
export function validateDraft(type: RecordType, data: unknown, options?: ValidateOptions): ValidationResult {
  return RECORD_DEFINITIONS[type].validate(data, 'draft', options);
}

/** Validates a record's data as final (all required fields present; cross-field rules). */
export function validateFinal(type: RecordType, data: unknown, options?: ValidateOptions): ValidationResult {
  return RECORD_DEFINITIONS[type].validate(data, 'final', options);
}

/** For members/visits/attachments: the household they belong to (data.householdId). */
export function householdIdOf(type: RecordType, data: Record<string, unknown>): string | null {
  if (type !== 'member' && type !== 'visit' && type !== 'attachment') return null;
  const id = data.householdId;
  return typeof id === 'string' && id.length > 0 ? id : null;
}
