import type { ActEvent } from '@lesp/contracts';
import { PlatformError, ValidationError } from '@lesp/core';
import { actDecider } from '../../domain/act/act-decider.js';
import { HEADER_OF } from './act-columns.js';
import type { ParsedActRow, RowViolation } from './act-row.js';

/** An event of the row's history with the time it happened in the world. */
export interface RowEvent {
  readonly event: ActEvent;
  readonly occurredAt: Date;
}

export type ActRowHistory =
  { readonly ok: true; readonly events: readonly RowEvent[] } | { readonly ok: false; readonly violations: readonly RowViolation[] };

/** The decider's field names → the template's columns (the opening's, and the steps' own). */
const FIELD_COLUMNS: Record<string, string> = {
  agencyId: HEADER_OF.agencyId,
  caseNumber: HEADER_OF.caseNumber,
  title: HEADER_OF.title,
  itemCode: HEADER_OF.itemCode,
  category: HEADER_OF.category,
  openedBy: HEADER_OF.openedBy,
  officerIds: HEADER_OF.officerIds,
  target: HEADER_OF.targetName,
  'target.kind': HEADER_OF.targetKind,
  'target.name': HEADER_OF.targetName,
  'target.idNumber': HEADER_OF.idNumber,
  'target.creditCode': HEADER_OF.creditCode,
  'target.phone': HEADER_OF.phone,
  decisionNumber: HEADER_OF.decisionNumber,
  outcome: HEADER_OF.outcome,
  legalBasis: HEADER_OF.legalBasis,
  discretionBenchmark: HEADER_OF.discretionBenchmark,
  fineFen: HEADER_OF.fineYuan,
  confiscationFen: HEADER_OF.confiscationYuan,
  lighterPenalty: HEADER_OF.lighterPenalty,
  amountPaidFen: HEADER_OF.fineYuan,
  archiveNumber: HEADER_OF.archiveNumber,
  reason: HEADER_OF.accepted,
};

/**
 * The row's commands folded through the act decider in memory, from an empty act: exactly
 * the judgement the API gives the same commands one by one. The first refusal stops the row
 * and names the column of the command (or of the field) it was about.
 */
export function actRowHistory(act: ParsedActRow): ActRowHistory {
  let state = actDecider.initialState();
  const events: RowEvent[] = [];
  for (const { command, column } of act.commands) {
    let decided: readonly ActEvent[];
    try {
      decided = actDecider.decide(command, state);
    } catch (error) {
      if (error instanceof ValidationError) {
        return {
          ok: false,
          violations: error.violations.map((v) => ({
            column: v.field === 'occurredAt' ? column : (FIELD_COLUMNS[v.field.replace(/\[\d+\]$/, '')] ?? column),
            code: v.code,
            message: v.message,
          })),
        };
      }
      if (error instanceof PlatformError) return { ok: false, violations: [{ column, code: error.code, message: error.message }] };
      throw error;
    }
    const occurredAt = command.type === 'OpenAct' ? command.data.opening.occurredAt : command.data.step.data.occurredAt;
    for (const event of decided) {
      events.push({ event, occurredAt: occurredAt ?? new Date(0) });
      state = actDecider.evolve(state, event);
    }
  }
  return { ok: true, events };
}
