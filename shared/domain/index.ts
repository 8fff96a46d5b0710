// The shared domain model: record types, their fields and validators, code lists with zh-CN labels,
// the materials checklist, the self-assessment questionnaire and the income classifier.
export * from './records';
export {
  defineRecord,
  fragmentErrorMap,
  type DraftOf,
  type DraftShape,
  type FieldShape,
  type FinalOf,
  type RecordDefinition,
  type RecordSpec,
  type RuleContext,
  type ValidationMode,
} from './record-kit';
export * from './common-fields';
export * from './ethnicity';
export * from './person-codes';
export * from './household-codes';
export * from './household';
export * from './member';
export * from './checklist';
export * from './visit';
export * from './authorization';
export * from './attachment';
export * from './training';
export * from './self-assessment-questions';
export * from './self-assessment';
export * from './visit-round';
export * from './comparison-batch';
export * from './classification';
