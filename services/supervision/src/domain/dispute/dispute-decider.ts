import { ConflictError, NotFoundError, ValidationError, assertNever, isCountyCode, type Decider, type Violation } from '@lesp/core';
import { MAX_SHORT_TEXT, idListViolations, idViolations, requiredText } from '../shared/text-rules.js';
import { DISPUTE_KINDS, type DisputeCommand, type DisputeKind } from './dispute-commands.js';
import type { DisputeEvent } from './dispute-events.js';

/** 执法机关之间对具体案件权限争议进行协调、明确责任主体的时间在7个工作日以内 (seed 004). */
export const DISPUTE_WORKING_DAYS = 7;

/**
 * The working-day calendar, owned by the calendar module: the first instant after `workingDays`
 * working days counted from the day of `from` in the county (e.g. `calendar.dueAt(from,
 * { amount: n, unit: 'working_days' })`). Passed in, so the decider stays pure.
 */
export type DueAfterWorkingDays = (from: Date, workingDays: number, countyCode: string) => Date;

export type DisputeStatus = 'filed' | 'referred' | 'decided' | 'implemented' | 'withdrawn';

export type DisputeState =
  | { readonly status: 'none' }
  | {
      readonly status: DisputeStatus;
      readonly disputeId: string;
      readonly countyCode: string;
      readonly kind: DisputeKind;
      readonly agencyIds: readonly string[];
      readonly matter: string;
      readonly filedAt: Date;
      readonly dueAt: Date;
      readonly referredTo?: string;
      readonly competentAgencyId?: string;
      readonly decidedAt?: Date;
      /** Decided after the 7 working days without a referral. */
      readonly decidedLate?: boolean;
      readonly followUps: number;
      readonly closedAt?: Date;
    };

export type OpenDispute = Exclude<DisputeState, { status: 'none' }>;

const validDate = (date: Date) => date instanceof Date && !Number.isNaN(date.getTime());
const dateViolation = (field: string, date: Date): Violation[] =>
  validDate(date) ? [] : [{ field, code: 'DATE_INVALID', message: '日期无效' }];
const notBefore = (field: string, date: Date, earliest: Date, what: string): Violation[] =>
  validDate(date) && date.getTime() < earliest.getTime()
    ? [{ field, code: 'TIME_BEFORE_PREVIOUS_STEP', message: `时间不能早于${what}` }]
    : [];

function existing(state: DisputeState, disputeId: string): OpenDispute {
  if (state.status === 'none') throw new NotFoundError('DISPUTE_NOT_FOUND', `执法争议 ${disputeId} 不存在`);
  return state;
}

function settled(state: OpenDispute): void {
  if (state.status === 'implemented' || state.status === 'withdrawn') {
    throw new ConflictError('DISPUTE_CLOSED', `执法争议“${state.matter}”已${state.status === 'implemented' ? '落实办结' : '撤回'}`);
  }
}

function check(violations: Violation[]): void {
  if (violations.length > 0) throw new ValidationError(violations);
}

/** The competence-dispute decider, over the county's working-day calendar. */
export function createDisputeDecider(dueAfterWorkingDays: DueAfterWorkingDays): Decider<DisputeCommand, DisputeEvent, DisputeState> {
  function decide(command: DisputeCommand, state: DisputeState): readonly DisputeEvent[] {
    switch (command.type) {
      case 'FileDispute': {
        const d = command.data;
        if (state.status !== 'none') throw new ConflictError('DISPUTE_ALREADY_FILED', `执法争议 ${d.disputeId} 已受理`);
        check([
          ...idViolations('disputeId', d.disputeId, '执法争议'),
          ...(isCountyCode(d.countyCode)
            ? []
            : [{ field: 'countyCode', code: 'COUNTY_CODE_FORMAT', message: '须为 6 位行政区划代码（GB/T 2260）' }]),
          ...(Object.hasOwn(DISPUTE_KINDS, d.kind)
            ? []
            : [{ field: 'kind', code: 'DISPUTE_KIND_UNKNOWN', message: '争议类型应为 claimed（积极争议）或 declined（消极争议）' }]),
          ...idListViolations('agencyIds', d.agencyIds, '争议各方执法单位', 2, 20),
          ...requiredText('matter', d.matter, '争议事项', 'MATTER', MAX_SHORT_TEXT),
          ...requiredText('description', d.description, '争议情况', 'DESCRIPTION'),
          ...(d.actIds.length > 0 ? idListViolations('actIds', d.actIds, '相关执法行为') : []),
          ...requiredText('filedBy', d.filedBy, '提请人', 'FILED_BY', MAX_SHORT_TEXT),
          ...dateViolation('filedAt', d.filedAt),
        ]);
        const dueAt = dueAfterWorkingDays(d.filedAt, DISPUTE_WORKING_DAYS, d.countyCode);
        return [{ type: 'DisputeFiled', data: { ...d, workingDays: DISPUTE_WORKING_DAYS, dueAt } }];
      }
      case 'ReferDisputeToSuperior': {
        const d = command.data;
        const dispute = existing(state, d.disputeId);
        settled(dispute);
        if (dispute.status !== 'filed') throw new ConflictError('DISPUTE_NOT_PENDING', '只有待协调的争议可以请示上级机关');
        check([
          ...requiredText('superior', d.superior, '上级机关', 'SUPERIOR', MAX_SHORT_TEXT),
          ...requiredText('reason', d.reason, '请示理由', 'REASON'),
          ...dateViolation('referredAt', d.referredAt),
          ...notBefore('referredAt', d.referredAt, dispute.filedAt, '受理时间'),
        ]);
        return [{ type: 'DisputeReferredToSuperior', data: { ...d } }];
      }
      case 'DecideDispute': {
        const d = command.data;
        const dispute = existing(state, d.disputeId);
        settled(dispute);
        if (dispute.status === 'decided') throw new ConflictError('DISPUTE_ALREADY_DECIDED', `执法争议“${dispute.matter}”已作出协调决定`);
        const violations = [
          ...idViolations('competentAgencyId', d.competentAgencyId, '承办执法单位'),
          ...(d.assistingAgencyIds.length > 0 ? idListViolations('assistingAgencyIds', d.assistingAgencyIds, '协办执法单位') : []),
          ...requiredText('reasoning', d.reasoning, '协调意见', 'REASONING'),
          ...requiredText('legalBasis', d.legalBasis, '依据', 'LEGAL_BASIS'),
          ...requiredText('decidedBy', d.decidedBy, '协调机关', 'DECIDED_BY', MAX_SHORT_TEXT),
          ...dateViolation('decidedAt', d.decidedAt),
          ...notBefore('decidedAt', d.decidedAt, dispute.filedAt, '受理时间'),
        ];
        if (d.assistingAgencyIds.includes(d.competentAgencyId)) {
          violations.push({ field: 'assistingAgencyIds', code: 'COMPETENT_ALSO_ASSISTING', message: '承办单位不能同时是协办单位' });
        }
        check(violations);
        // A referral to a superior lifts the 7 working days (除需请示上级机关的外).
        const late = dispute.status === 'filed' && d.decidedAt.getTime() >= dispute.dueAt.getTime();
        return [{ type: 'DisputeDecided', data: { ...d, late } }];
      }
      case 'RecordDisputeFollowUp': {
        const d = command.data;
        const dispute = existing(state, d.disputeId);
        settled(dispute);
        if (dispute.status !== 'decided') throw new ConflictError('DISPUTE_NOT_DECIDED', '作出协调决定后才能跟踪落实');
        check([
          ...requiredText('note', d.note, '跟踪情况', 'NOTE'),
          ...requiredText('recordedBy', d.recordedBy, '记录人', 'RECORDED_BY', MAX_SHORT_TEXT),
          ...dateViolation('recordedAt', d.recordedAt),
        ]);
        return [{ type: 'DisputeFollowUpRecorded', data: { ...d } }];
      }
      case 'ConfirmDisputeImplemented': {
        const d = command.data;
        const dispute = existing(state, d.disputeId);
        settled(dispute);
        if (dispute.status !== 'decided') throw new ConflictError('DISPUTE_NOT_DECIDED', '作出协调决定后才能确认落实');
        if (d.agencyId !== dispute.competentAgencyId) {
          throw new ConflictError('NOT_THE_COMPETENT_AGENCY', '只能由协调决定确定的承办单位确认落实');
        }
        check([
          ...requiredText('summary', d.summary, '落实情况', 'SUMMARY'),
          ...(d.actIds.length > 0 ? idListViolations('actIds', d.actIds, '相关执法行为') : []),
          ...dateViolation('confirmedAt', d.confirmedAt),
          ...(dispute.decidedAt ? notBefore('confirmedAt', d.confirmedAt, dispute.decidedAt, '协调决定时间') : []),
        ]);
        return [{ type: 'DisputeImplemented', data: { ...d } }];
      }
      case 'WithdrawDispute': {
        const d = command.data;
        const dispute = existing(state, d.disputeId);
        settled(dispute);
        if (dispute.status === 'decided') throw new ConflictError('DISPUTE_ALREADY_DECIDED', '已作出协调决定的争议不能撤回，应跟踪落实');
        check([...requiredText('reason', d.reason, '撤回理由', 'REASON'), ...dateViolation('withdrawnAt', d.withdrawnAt)]);
        return [{ type: 'DisputeWithdrawn', data: { ...d } }];
      }
      default:
        return assertNever(command, 'dispute command');
    }
  }

  function evolve(state: DisputeState, event: DisputeEvent): DisputeState {
    if (event.type === 'DisputeFiled') {
      const { disputeId, countyCode, kind, agencyIds, matter, filedAt, dueAt } = event.data;
      return { status: 'filed', disputeId, countyCode, kind, agencyIds, matter, filedAt, dueAt, followUps: 0 };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'DisputeReferredToSuperior':
        return { ...state, status: 'referred', referredTo: event.data.superior };
      case 'DisputeDecided':
        return {
          ...state,
          status: 'decided',
          competentAgencyId: event.data.competentAgencyId,
          decidedAt: event.data.decidedAt,
          decidedLate: event.data.late,
        };
      case 'DisputeFollowUpRecorded':
        return { ...state, followUps: state.followUps + 1 };
      case 'DisputeImplemented':
        return { ...state, status: 'implemented', closedAt: event.data.confirmedAt };
      case 'DisputeWithdrawn':
        return { ...state, status: 'withdrawn', closedAt: event.data.withdrawnAt };
      default:
        return assertNever(event, 'dispute event');
    }
  }

  return { decide, evolve, initialState: () => ({ status: 'none' }) };
}

export const DISPUTE_OVERDUE_RULE = 'DISPUTE_NOT_DECIDED_WITHIN_7_WORKING_DAYS';

/** For the rule engine: a dispute still undecided, not referred, past its time limit at `at`. */
export function disputeOverdue(
  state: DisputeState,
  at: Date,
):
  | {
      readonly rule: typeof DISPUTE_OVERDUE_RULE;
      readonly disputeId: string;
      readonly countyCode: string;
      readonly dueAt: Date;
      readonly message: string;
    }
  | undefined {
  if (state.status !== 'filed' || at.getTime() < state.dueAt.getTime()) return undefined;
  return {
    rule: DISPUTE_OVERDUE_RULE,
    disputeId: state.disputeId,
    countyCode: state.countyCode,
    dueAt: state.dueAt,
    message: `执法争议“${state.matter}”受理后${DISPUTE_WORKING_DAYS}个工作日内未作出协调决定`,
  };
}

/** A county's disputes filed in a period: how many were decided, on time, referred up, carried out. */
export interface DisputeFigures {
  readonly filed: number;
  readonly decided: number;
  /** Decided within the 7 working days (or after a referral, which lifts them). */
  readonly decidedOnTime: number;
  readonly referred: number;
  readonly implemented: number;
  readonly withdrawn: number;
  /** Still undecided past the time limit at `at`. */
  readonly overdue: number;
}

export function disputeFigures(
  states: Iterable<DisputeState>,
  countyCode: string,
  period: { readonly from: Date; readonly to: Date },
  at: Date,
): DisputeFigures {
  const filed = [...states].filter(
    (s): s is OpenDispute =>
      s.status !== 'none' &&
      s.countyCode === countyCode &&
      s.filedAt.getTime() >= period.from.getTime() &&
      s.filedAt.getTime() < period.to.getTime(),
  );
  const decided = filed.filter((s) => s.decidedAt !== undefined);
  return {
    filed: filed.length,
    decided: decided.length,
    decidedOnTime: decided.filter((s) => !s.decidedLate).length,
    referred: filed.filter((s) => s.referredTo !== undefined).length,
    implemented: filed.filter((s) => s.status === 'implemented').length,
    withdrawn: filed.filter((s) => s.status === 'withdrawn').length,
    overdue: filed.filter((s) => disputeOverdue(s, at) !== undefined).length,
  };
}
