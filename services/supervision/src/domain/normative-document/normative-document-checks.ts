import { FILING_BODIES, type FilingBody } from './normative-document-commands.js';
import type { NormativeDocumentState } from './normative-document-decider.js';
import { calendarDaysBetween, filingDueAt } from './filing-deadline.js';

export const NOT_FILED_RULE = 'NORMATIVE_DOCUMENT_NOT_FILED_WITHIN_30_DAYS';

/** What the rule engine raises an alert from. */
export interface FilingFinding {
  readonly rule: typeof NOT_FILED_RULE;
  readonly documentId: string;
  readonly countyCode: string;
  readonly documentNumber: string;
  readonly title: string;
  /** Issue (or amendment) the 30 days ran from, and the first instant after them. */
  readonly filingFrom: Date;
  readonly dueAt: Date;
  /** Bodies not filed with by `at`. */
  readonly missing: readonly FilingBody[];
  /** Bodies filed with, but after the 30 days. */
  readonly late: readonly FilingBody[];
  /** Calendar days from the end of the period to `at` (0 on the first day late). */
  readonly daysOverdue: number;
  readonly message: string;
}

/**
 * "Not filed within 30 days of issue", as a pure check for the rule engine: the document as
 * it stands and an instant give a finding, or nothing. Filings recorded with a date after
 * `at` are ignored, so the check can be asked about any past instant. A document repealed
 * before its filing was due needs no filing.
 */
export function notFiledWithin30Days(state: NormativeDocumentState, at: Date): FilingFinding | undefined {
  if (state.status === 'none') return undefined;
  const dueAt = filingDueAt(state.filingFrom);
  if (at.getTime() < dueAt.getTime()) return undefined;
  if (state.repealedAt && state.repealedAt.getTime() < dueAt.getTime()) return undefined;
  const bodies = Object.keys(FILING_BODIES) as FilingBody[];
  const filedBy = (body: FilingBody) => {
    const filing = state.filings[body];
    return filing && filing.filedAt.getTime() <= at.getTime() ? filing : undefined;
  };
  const missing = bodies.filter((body) => !filedBy(body));
  const late = bodies.filter((body) => filedBy(body)?.late);
  if (missing.length === 0 && late.length === 0) return undefined;
  const names = (list: readonly FilingBody[]) => list.map((b) => FILING_BODIES[b]).join('、');
  const parts = [missing.length > 0 ? `未向${names(missing)}备案` : '', late.length > 0 ? `向${names(late)}备案超过30日` : ''].filter(
    Boolean,
  );
  return {
    rule: NOT_FILED_RULE,
    documentId: state.documentId,
    countyCode: state.countyCode,
    documentNumber: state.documentNumber,
    title: state.title,
    filingFrom: state.filingFrom,
    dueAt,
    missing,
    late,
    daysOverdue: calendarDaysBetween(dueAt, at),
    message: `《${state.title}》（${state.documentNumber}）自印发之日起30日内${parts.join('，')}`,
  };
}

export type Validity = 'not_yet_in_force' | 'in_force' | 'expired' | 'repealed';

/** Whether the document is in force at an instant (有效期). */
export function validityAt(state: NormativeDocumentState, at: Date): Validity | undefined {
  if (state.status === 'none') return undefined;
  if (state.repealedAt && state.repealedAt.getTime() <= at.getTime()) return 'repealed';
  if (at.getTime() < state.effectiveFrom.getTime()) return 'not_yet_in_force';
  return at.getTime() < state.validUntil.getTime() ? 'in_force' : 'expired';
}

/**
 * Due for clean-up at `at`: in force and ending within `withinDays` calendar days, or already
 * expired without a clean-up decision after its expiry. Periodic clean-up lists these.
 */
export function dueForCleanUp(state: NormativeDocumentState, at: Date, withinDays = 90): boolean {
  const validity = validityAt(state, at);
  if (state.status === 'none' || validity === 'repealed' || validity === undefined) return false;
  return calendarDaysBetween(at, state.validUntil) <= withinDays;
}
