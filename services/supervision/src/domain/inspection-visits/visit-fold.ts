import { monthOf } from '../corrections/correction-month.js';

/**
 * Inspection visits (扫码留痕) as supervision counts them: public disclosure issues a trace per
 * enterprise inspection (`InspectionTraceIssued`: agency, inspection time) and the enterprise
 * confirms the visit with a rating of 1–5 (`InspectionVisitConfirmed`: the act, the rating,
 * no identity). Supervision keeps per agency and month (China time, of the inspection) what
 * was traced and the ratings given, never which visit a rating belongs to. Pure.
 */

/** A trace issued: one visit of the agency in the month. */
export interface TracedEntry {
  readonly actId: string;
  readonly recordedAt: Date;
}

/**
 * A confirmation's rating, without the act: `token` (the confirming event's id) only makes a
 * redelivery add nothing twice.
 */
export interface RatingEntry {
  readonly token: string;
  readonly rating: number;
  readonly recordedAt: Date;
}

/** What supervision holds of one trace while it folds its events. */
export interface TraceFoldState {
  /** Known once the trace's issue arrived: the agency and the month its visit counts in. */
  readonly issued?: { readonly agencyId: string; readonly month: string };
  /** The confirmation's rating was counted in its month. */
  readonly ratingCounted: boolean;
  /** A confirmation that came before the issue (e.g. the issue dead-lettered and replayed later): counted once the issue is known. */
  readonly pending?: RatingEntry;
}

export type TraceFoldInput =
  | {
      readonly type: 'issued';
      readonly actId: string;
      readonly agencyId: string;
      readonly inspectedAt: Date;
      readonly recordedAt: Date;
    }
  | { readonly type: 'confirmed'; readonly token: string; readonly rating: number; readonly recordedAt: Date };

/** What one event adds to an agency's month (each element at most once, whatever is redelivered). */
export interface MonthContribution {
  readonly agencyId: string;
  readonly month: string;
  readonly traced?: TracedEntry;
  readonly rating?: RatingEntry;
}

export const initialTraceFold = (): TraceFoldState => ({ ratingCounted: false });

export const isRating = (rating: number): boolean => Number.isInteger(rating) && rating >= 1 && rating <= 5;

/**
 * Folds one trace event: the next state and what to add to the agency's month. A repeated
 * issue or a second confirmation adds nothing; a confirmation before the issue waits in the
 * state; a rating outside 1–5 (never decided by public disclosure) is not counted.
 */
export function foldTrace(state: TraceFoldState, input: TraceFoldInput): { state: TraceFoldState; add?: MonthContribution } {
  switch (input.type) {
    case 'issued': {
      if (state.issued) return { state };
      const issued = { agencyId: input.agencyId, month: monthOf(input.inspectedAt) };
      const traced: TracedEntry = { actId: input.actId, recordedAt: input.recordedAt };
      const rating = state.ratingCounted ? undefined : state.pending;
      return {
        state: { issued, ratingCounted: state.ratingCounted || rating !== undefined },
        add: { ...issued, traced, ...(rating ? { rating } : {}) },
      };
    }
    case 'confirmed': {
      if (state.ratingCounted || state.pending || !isRating(input.rating)) return { state };
      const rating: RatingEntry = { token: input.token, rating: input.rating, recordedAt: input.recordedAt };
      if (!state.issued) return { state: { ...state, pending: rating } };
      return { state: { issued: state.issued, ratingCounted: true }, add: { ...state.issued, rating } };
    }
    default: {
      const unknown: never = input;
      throw new Error(`unknown trace input ${JSON.stringify(unknown)}`);
    }
  }
}

/** An agency's month as the read model keeps it. */
export interface VisitMonth {
  readonly countyCode: string;
  readonly agencyId: string;
  readonly month: string;
  readonly traced: readonly TracedEntry[];
  readonly ratings: readonly RatingEntry[];
}
