import { FILING_BODIES, type CleanUpOutcome, type FilingBody } from './normative-document-commands.js';
import type { NormativeDocumentState, RegisteredDocument } from './normative-document-decider.js';

/**
 * A county's filing figures for documents issued in a period, as the work reports give them
 * (seed 001: "报备15件，报备率、报备及时率和报备规范率均达到100%"): filed with both bodies, on time,
 * and how review went. Counted as of `at` (filings dated later are not yet there).
 */
export interface FilingFigures {
  readonly issued: number;
  /** Filed with both the government and the standing committee. */
  readonly filed: number;
  /** Filed with both within 30 days. */
  readonly filedOnTime: number;
  /** Passed review by both bodies. */
  readonly passed: number;
  /** Returned for correction by at least one body. */
  readonly returned: number;
}

const BODIES = Object.keys(FILING_BODIES) as FilingBody[];
const registered = (states: Iterable<NormativeDocumentState>, countyCode: string) =>
  [...states].filter((s): s is RegisteredDocument => s.status !== 'none' && s.countyCode === countyCode);

export function filingFigures(
  states: Iterable<NormativeDocumentState>,
  countyCode: string,
  period: { readonly from: Date; readonly to: Date },
  at: Date,
): FilingFigures {
  const issued = registered(states, countyCode).filter(
    (d) => d.issuedAt.getTime() >= period.from.getTime() && d.issuedAt.getTime() < period.to.getTime(),
  );
  const filings = (d: RegisteredDocument) =>
    BODIES.map((b) => d.filings[b]).filter((f) => f !== undefined && f.filedAt.getTime() <= at.getTime());
  const filedWithBoth = issued.filter((d) => filings(d).length === BODIES.length);
  return {
    issued: issued.length,
    filed: filedWithBoth.length,
    filedOnTime: filedWithBoth.filter((d) => filings(d).every((f) => !f!.late)).length,
    passed: filedWithBoth.filter((d) => filings(d).every((f) => f!.review === 'passed')).length,
    returned: issued.filter((d) => BODIES.some((b) => d.filings[b]?.review === 'returned' || d.filings[b]?.review === 'corrected')).length,
  };
}

/** The outcome of one clean-up campaign (seed 004: "废止16件、继续执行93件"; seed 001: "废止18件，修订18件"). */
export function cleanUpFigures(
  states: Iterable<NormativeDocumentState>,
  countyCode: string,
  cleanUp: string,
): Readonly<Record<CleanUpOutcome, number>> {
  const figures: Record<CleanUpOutcome, number> = { kept: 0, amended: 0, repealed: 0 };
  for (const document of registered(states, countyCode)) {
    const decision = document.cleanUps.find((c) => c.cleanUp === cleanUp);
    if (decision) figures[decision.outcome] += 1;
  }
  return figures;
}
