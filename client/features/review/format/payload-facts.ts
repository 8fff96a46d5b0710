// The facts of a step's payload are written by the shared formatter, so the audit export reads the same.
export { ENTRY_MODE_LABELS, payloadFacts, type PayloadFact } from '../../../../shared/format/payload-facts';
