import type { ActEvent } from '@lesp/contracts';
import {
  ConflictError,
  ENFORCEMENT_CATEGORIES,
  NotFoundError,
  ValidationError,
  assertNever,
  isEnforcementCategory,
  type Decider,
  type EnforcementCategory,
} from '@lesp/core';
import type { ActCommand, ActStep, OpenedBy } from './act-commands.js';
import { AFTER_ARCHIVING, AFTER_CLOSING, NEED_DECISION, PROCEDURES, STEP_NAMES } from './act-procedure.js';
import { openingViolations, stepViolations } from './act-rules.js';

export type ActStatus = 'open' | 'rejected' | 'decided' | 'closed' | 'archived';

export type ActState =
  | { readonly status: 'none' }
  | {
      readonly status: ActStatus;
      readonly actId: string;
      readonly agencyId: string;
      readonly category: EnforcementCategory;
      readonly openedBy: OpenedBy;
      readonly openedAt: Date;
      readonly acceptance?: 'accepted' | 'rejected';
      readonly decided: boolean;
      readonly closed: boolean;
      readonly archived: boolean;
      readonly evidenceIds: readonly string[];
    };

type Opened = Exclude<ActState, { status: 'none' }>;

const reject = (code: string, message: string) => new ConflictError(code, message);

function decide(command: ActCommand, state: ActState): readonly ActEvent[] {
  switch (command.type) {
    case 'OpenAct': {
      const { opening, openedBy } = command.data;
      if (state.status !== 'none') throw reject('ACT_ALREADY_OPENED', `执法行为 ${opening.actId} 已登记`);
      const violations = openingViolations(opening, openedBy);
      if (!opening.occurredAt) violations.push({ field: 'occurredAt', code: 'FIELD_REQUIRED', message: '须写明发生时间' });
      if (violations.length > 0) throw new ValidationError(violations);
      return [openedBy === 'application' ? { type: 'ApplicationReceived', data: { opening } } : { type: 'CaseFiled', data: { opening } }];
    }
    case 'RecordActStep': {
      if (state.status === 'none') throw new NotFoundError('ACT_NOT_FOUND', '执法行为不存在，请先登记申请或立案');
      const { step } = command.data;
      checkOrder(step, state);
      const violations = stepViolations(step, state.category);
      if (violations.length > 0) throw new ValidationError(violations);
      return [step];
    }
    default:
      return assertNever(command, 'act command');
  }
}

/** What cannot be true of the procedure: the step's place in it, and its time. */
function checkOrder(step: ActStep, state: Opened): void {
  const name = STEP_NAMES[step.type];
  const procedure = PROCEDURES[state.category];
  if (!procedure.steps.includes(step.type)) {
    throw reject('STEP_NOT_IN_CATEGORY', `${ENFORCEMENT_CATEGORIES[state.category]}没有“${name}”环节`);
  }
  if (state.archived && !AFTER_ARCHIVING.includes(step.type)) throw reject('ACT_ARCHIVED', `案件已归档，不能再记录“${name}”`);
  if (state.closed && !AFTER_CLOSING.includes(step.type)) throw reject('ACT_ALREADY_CLOSED', `案件已结案，不能再记录“${name}”`);
  const occurredAt = 'occurredAt' in step.data ? step.data.occurredAt : undefined;
  if (!occurredAt) throw ValidationError.of('occurredAt', 'FIELD_REQUIRED', '须写明发生时间');
  if (occurredAt.getTime() < state.openedAt.getTime()) {
    throw reject('STEP_BEFORE_OPENING', `“${name}”的时间早于${state.openedBy === 'application' ? '申请' : '立案'}时间`);
  }
  if (NEED_DECISION.includes(step.type) && !state.decided) throw reject('DECISION_NOT_MADE', `尚未作出决定，不能记录“${name}”`);
  switch (step.type) {
    case 'ApplicationDecidedOnAcceptance':
      if (state.openedBy !== 'application') throw reject('STEP_NOT_IN_CATEGORY', '依职权立案的案件没有受理审查环节');
      if (state.acceptance) throw reject('ACCEPTANCE_ALREADY_DECIDED', '已作出受理或不予受理的决定');
      return;
    case 'DecisionMade':
      if (state.decided) throw reject('DECISION_ALREADY_MADE', '已作出决定；变更决定请通过复议或诉讼结果记录');
      if (state.acceptance === 'rejected') throw reject('APPLICATION_NOT_ACCEPTED', '申请未予受理，不能作出决定');
      return;
    case 'EvidenceCollected':
      if (state.evidenceIds.includes(step.data.evidenceId))
        throw reject('EVIDENCE_ALREADY_RECORDED', `证据 ${step.data.evidenceId} 已记录`);
      return;
    case 'ActArchived':
      if (!state.closed) throw reject('ACT_NOT_CLOSED', '结案后才能归档');
      return;
    default:
      return;
  }
}

function evolve(state: ActState, event: ActEvent): ActState {
  switch (event.type) {
    case 'ApplicationReceived':
    case 'CaseFiled': {
      const { opening } = event.data;
      if (!opening || !isEnforcementCategory(opening.category)) return state;
      return {
        status: 'open',
        actId: opening.actId,
        agencyId: opening.agencyId,
        category: opening.category,
        openedBy: event.type === 'ApplicationReceived' ? 'application' : 'filing',
        openedAt: opening.occurredAt ?? new Date(0),
        decided: false,
        closed: false,
        archived: false,
        evidenceIds: [],
      };
    }
    default:
      return state.status === 'none' ? state : evolveStep(state, event);
  }
}

function evolveStep(state: Opened, event: ActStep): Opened {
  switch (event.type) {
    case 'ApplicationDecidedOnAcceptance':
      return event.data.accepted ? { ...state, acceptance: 'accepted' } : { ...state, acceptance: 'rejected', status: 'rejected' };
    case 'EvidenceCollected':
      return { ...state, evidenceIds: [...state.evidenceIds, event.data.evidenceId] };
    case 'DecisionMade':
      return { ...state, decided: true, status: 'decided' };
    case 'ActClosed':
      return { ...state, closed: true, status: 'closed' };
    case 'ActArchived':
      return { ...state, archived: true, status: 'archived' };
    case 'HearingNoticed':
    case 'HearingHeld':
    case 'LegalReviewCompleted':
    case 'DecisionServed':
    case 'ExecutionRecorded':
    case 'CourtEnforcementApplied':
    case 'MajorPenaltyFiled':
    case 'CriminalReferralMade':
    case 'ReconsiderationDecided':
    case 'LitigationJudged':
      return state;
    default:
      return assertNever(event, 'act event');
  }
}

export const actDecider: Decider<ActCommand, ActEvent, ActState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
