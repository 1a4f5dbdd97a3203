/** Competence disputes between agencies (执法争议协调): the public API of the module. */
export * from './dispute-commands.js';
export type { DisputeEvent } from './dispute-events.js';
export {
  DISPUTE_OVERDUE_RULE,
  DISPUTE_WORKING_DAYS,
  createDisputeDecider,
  disputeFigures,
  disputeOverdue,
  type DisputeFigures,
  type DisputeState,
  type DisputeStatus,
  type DueAfterWorkingDays,
} from './dispute-decider.js';
