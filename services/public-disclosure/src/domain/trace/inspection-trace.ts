import { ConflictError, NotFoundError, ValidationError, assertNever, type Decider } from '@lesp/core';
import type { InspectionTraceEvent } from '@lesp/contracts';

export type { InspectionTraceEvent };

/**
 * Inspection trace (扫码留痕): every enterprise inspection gets a code when it is opened; the
 * enterprise scans it on the portal, sees who came, when and why, confirms the visit and rates
 * it once, anonymously (the event keeps the rating and the time, nobody's identity). Pure:
 * the code and the time come with the command.
 */
export type TraceCommand =
  | {
      readonly type: 'IssueTrace';
      readonly actId: string;
      readonly agencyId: string;
      readonly code: string;
      readonly title: string;
      readonly officerIds: readonly string[];
      readonly inspectedAt: Date;
      readonly enterpriseName: string;
      readonly enterpriseCreditCode: string;
    }
  | { readonly type: 'ConfirmVisit'; readonly code: string; readonly rating: number; readonly at: Date };

export type TraceState =
  { readonly status: 'none' } | { readonly status: 'issued' | 'confirmed'; readonly actId: string; readonly code: string };

export const TRACE_CODE = /^[A-Z2-7]{26}$/;

function decide(command: TraceCommand, state: TraceState): readonly InspectionTraceEvent[] {
  switch (command.type) {
    case 'IssueTrace': {
      // One code per inspection: a redelivered opening issues nothing.
      if (state.status !== 'none') return [];
      if (!TRACE_CODE.test(command.code)) throw ValidationError.of('code', 'TRACE_CODE_INVALID', '留痕码格式不正确');
      return [
        {
          type: 'InspectionTraceIssued',
          data: {
            actId: command.actId,
            agencyId: command.agencyId,
            code: command.code,
            title: command.title,
            officerIds: [...command.officerIds],
            inspectedAt: command.inspectedAt,
            enterpriseName: command.enterpriseName,
            enterpriseCreditCode: command.enterpriseCreditCode,
          },
        },
      ];
    }
    case 'ConfirmVisit': {
      if (state.status === 'none' || state.code !== command.code) throw new NotFoundError('TRACE_NOT_FOUND', '没有该留痕码对应的检查');
      if (state.status === 'confirmed') throw new ConflictError('TRACE_ALREADY_CONFIRMED', '该次检查已确认并评价，不能重复评价');
      if (!Number.isInteger(command.rating) || command.rating < 1 || command.rating > 5) {
        throw ValidationError.of('rating', 'RATING_RANGE', '评价应为 1 到 5 的整数');
      }
      return [{ type: 'InspectionVisitConfirmed', data: { actId: state.actId, rating: command.rating, confirmedAt: command.at } }];
    }
    default:
      return assertNever(command, 'trace command');
  }
}

function evolve(state: TraceState, event: InspectionTraceEvent): TraceState {
  switch (event.type) {
    case 'InspectionTraceIssued':
      return { status: 'issued', actId: event.data.actId, code: event.data.code };
    case 'InspectionVisitConfirmed':
      return state.status === 'none' ? state : { ...state, status: 'confirmed' };
    default:
      return assertNever(event, 'trace event');
  }
}

export const inspectionTraceDecider: Decider<TraceCommand, InspectionTraceEvent, TraceState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
