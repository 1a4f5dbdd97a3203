/** Normative documents (规范性文件): the public API of the module. */
export * from './normative-document-commands.js';
export type { NormativeDocumentEvent } from './normative-document-events.js';
export {
  MAX_VALIDITY_YEARS,
  normativeDocumentDecider,
  type FilingState,
  type NormativeDocumentState,
  type RegisteredDocument,
} from './normative-document-decider.js';
export {
  NOT_FILED_RULE,
  dueForCleanUp,
  notFiledWithin30Days,
  validityAt,
  type FilingFinding,
  type Validity,
} from './normative-document-checks.js';
export { FILING_PERIOD_DAYS, filingDueAt } from './filing-deadline.js';
export { cleanUpFigures, filingFigures, type FilingFigures } from './normative-document-figures.js';
