import { ConflictError, NotFoundError, ValidationError, assertNever, type Decider } from '@lesp/core';
import { requiredText } from '../shared/text-rules.js';
import type { RectificationCommand, RectificationDocumentKind, RectificationOutcome } from './rectification-commands.js';
import type { RectificationEvent } from './rectification-events.js';
import {
  accountabilityViolations,
  deadlineViolations,
  issueViolations,
  measureViolations,
  recipientViolations,
  recordedGround,
  trimAccountability,
  trimRecipients,
} from './rectification-rules.js';

/**
 * awaiting_reply: issued, returned or escalated, the agency owes a reply;
 * replied: the supervisor owes a verdict; accepted: verified, to be closed; closed: done.
 */
export type RectificationStatus = 'awaiting_reply' | 'replied' | 'accepted' | 'closed';

export type RectificationState =
  | { readonly status: 'none' }
  | {
      readonly status: RectificationStatus;
      readonly rectificationId: string;
      readonly countyCode: string;
      readonly agencyId: string;
      readonly documentKind: RectificationDocumentKind;
      readonly documentNumber: string;
      readonly issuedAt: Date;
      /** The deadline in force: the first one, or the last one given on return or escalation. */
      readonly deadline: Date;
      readonly lastRepliedAt?: Date;
      readonly returns: number;
      readonly escalationLevel: number;
      /** The deadline the last escalation was for: one deadline escalates once, however often the timer fires. */
      readonly escalatedDeadline?: Date;
      readonly outcome?: RectificationOutcome;
      readonly closedAt?: Date;
    };

type Issued = Exclude<RectificationState, { status: 'none' }>;

function decide(command: RectificationCommand, state: RectificationState): readonly RectificationEvent[] {
  switch (command.type) {
    case 'IssueRectificationNotice': {
      const data = command.data;
      if (state.status !== 'none') throw new ConflictError('RECTIFICATION_ALREADY_ISSUED', `整改 ${data.rectificationId} 已签发`);
      const violations = issueViolations(data);
      if (violations.length > 0) throw new ValidationError(violations);
      return [
        {
          type: 'RectificationNoticeIssued',
          data: {
            rectificationId: data.rectificationId,
            countyCode: data.countyCode,
            documentKind: data.documentKind,
            documentNumber: data.documentNumber.trim(),
            supervisionForm: data.supervisionForm,
            agencyId: data.agencyId,
            grounds: data.grounds.map(recordedGround),
            findings: data.findings.trim(),
            requirements: data.requirements.trim(),
            deadline: data.deadline,
            copiedTo: trimRecipients(data.copiedTo),
            issuedBy: data.issuedBy.trim(),
            issuedAt: data.issuedAt,
          },
        },
      ];
    }
    case 'ReplyToRectification': {
      const { rectificationId, agencyId, measures, explanation, repliedBy, repliedAt } = command.data;
      const current = open(state, rectificationId);
      if (current.agencyId !== agencyId) throw new ConflictError('RECTIFICATION_ADDRESSED_ELSEWHERE', '该整改通知未发给此执法主体');
      if (current.status === 'replied') throw new ConflictError('RECTIFICATION_ALREADY_REPLIED', '已答复，待监督机关审核');
      if (current.status === 'accepted') throw new ConflictError('RECTIFICATION_ALREADY_ACCEPTED', '整改已验收，不能再答复');
      const violations = [
        ...measureViolations(measures, explanation),
        ...requiredText('repliedBy', repliedBy, '答复人', 'REPLIED_BY', 200),
        ...notBefore('repliedAt', repliedAt, current.issuedAt, '答复时间不能早于签发时间'),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      return [
        {
          type: 'RectificationReplied',
          data: {
            rectificationId,
            agencyId,
            measures: measures.map((m) => m.trim()),
            explanation: explanation.trim(),
            repliedBy: repliedBy.trim(),
            repliedAt,
            late: repliedAt.getTime() > current.deadline.getTime(),
          },
        },
      ];
    }
    case 'AcceptRectification': {
      const { rectificationId, opinion, acceptedBy, acceptedAt } = command.data;
      const current = awaitingVerdict(state, rectificationId);
      const violations = [
        ...requiredText('opinion', opinion, '验收意见', 'OPINION'),
        ...requiredText('acceptedBy', acceptedBy, '验收人', 'ACCEPTED_BY', 200),
        ...notBefore('acceptedAt', acceptedAt, current.lastRepliedAt ?? current.issuedAt, '验收时间不能早于答复时间'),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      return [
        { type: 'RectificationAccepted', data: { rectificationId, opinion: opinion.trim(), acceptedBy: acceptedBy.trim(), acceptedAt } },
      ];
    }
    case 'ReturnRectification': {
      const { rectificationId, reason, newDeadline, returnedBy, returnedAt } = command.data;
      const current = awaitingVerdict(state, rectificationId);
      const violations = [
        ...requiredText('reason', reason, '退回理由', 'RETURN_REASON'),
        ...deadlineViolations('newDeadline', newDeadline, returnedAt),
        ...requiredText('returnedBy', returnedBy, '退回人', 'RETURNED_BY', 200),
        ...notBefore('returnedAt', returnedAt, current.lastRepliedAt ?? current.issuedAt, '退回时间不能早于答复时间'),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      return [
        {
          type: 'RectificationReturned',
          data: {
            rectificationId,
            reason: reason.trim(),
            newDeadline,
            round: current.returns + 1,
            returnedBy: returnedBy.trim(),
            returnedAt,
          },
        },
      ];
    }
    case 'EscalateOverdueRectification': {
      const { rectificationId, reportedTo, newDeadline, escalatedAt } = command.data;
      const current = open(state, rectificationId);
      if (current.status !== 'awaiting_reply') throw new ConflictError('RECTIFICATION_NOT_OVERDUE', '执法主体已答复，不属于逾期未整改');
      if (escalatedAt.getTime() <= current.deadline.getTime()) {
        throw new ConflictError('RECTIFICATION_NOT_OVERDUE', '整改期限尚未届满，不能督办升级');
      }
      if (current.escalatedDeadline?.getTime() === current.deadline.getTime()) {
        throw new ConflictError('RECTIFICATION_ALREADY_ESCALATED', '本次逾期已督办升级');
      }
      const violations = [
        ...recipientViolations('reportedTo', reportedTo, 1),
        ...(newDeadline ? deadlineViolations('newDeadline', newDeadline, escalatedAt) : []),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      return [
        {
          type: 'RectificationEscalated',
          data: {
            rectificationId,
            agencyId: current.agencyId,
            level: current.escalationLevel + 1,
            overdueSince: current.deadline,
            reportedTo: trimRecipients(reportedTo),
            ...(newDeadline ? { newDeadline } : {}),
            escalatedAt,
          },
        },
      ];
    }
    case 'CloseRectification': {
      const { rectificationId, outcome, publicSummary, accountability, closedBy, closedAt } = command.data;
      const current = open(state, rectificationId);
      if (outcome === 'rectified' && current.status !== 'accepted') {
        throw new ConflictError('RECTIFICATION_NOT_ACCEPTED', '整改经验收合格后方可以“已整改”办结');
      }
      if (outcome === 'not_rectified') {
        if (current.status === 'accepted') throw new ConflictError('RECTIFICATION_ALREADY_ACCEPTED', '整改已验收合格，不能以“未整改”办结');
        // A reply waiting for a verdict is judged first (accepted or returned), not closed over.
        if (current.status === 'replied') throw new ConflictError('RECTIFICATION_REPLY_PENDING', '执法主体已答复，请先验收或退回');
        if (current.escalationLevel === 0)
          throw new ConflictError('RECTIFICATION_NOT_ESCALATED', '仅逾期并已督办升级的整改可以“未整改”办结');
      }
      const violations = [
        ...(outcome === 'rectified' || outcome === 'not_rectified'
          ? []
          : [{ field: 'outcome', code: 'OUTCOME_UNKNOWN', message: '办结结果应为：已整改、未整改' }]),
        ...requiredText('publicSummary', publicSummary, '公开的整改情况', 'PUBLIC_SUMMARY'),
        ...requiredText('closedBy', closedBy, '办结人', 'CLOSED_BY', 200),
        ...notBefore('closedAt', closedAt, current.issuedAt, '办结时间不能早于签发时间'),
        ...(accountability ? accountabilityViolations('accountability', accountability, closedAt) : []),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      const events: RectificationEvent[] = [
        {
          type: 'RectificationClosed',
          data: { rectificationId, outcome, publicSummary: publicSummary.trim(), closedBy: closedBy.trim(), closedAt },
        },
      ];
      if (accountability)
        events.push({ type: 'AccountabilityRecorded', data: { rectificationId, accountability: trimAccountability(accountability) } });
      events.push({
        type: 'RectificationMarkedForPublication',
        data: {
          rectificationId,
          countyCode: current.countyCode,
          agencyId: current.agencyId,
          documentKind: current.documentKind,
          documentNumber: current.documentNumber,
          outcome,
          publicSummary: publicSummary.trim(),
          accountabilityRecorded: accountability !== undefined,
          closedAt,
        },
      });
      return events;
    }
    case 'RecordAccountability': {
      const { rectificationId, accountability } = command.data;
      if (state.status === 'none') throw notFound(rectificationId);
      if (state.status !== 'closed')
        throw new ConflictError('RECTIFICATION_NOT_CLOSED', '整改办结后方可记录责任追究（或在办结时一并记录）');
      const violations = accountabilityViolations('accountability', accountability);
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'AccountabilityRecorded', data: { rectificationId, accountability: trimAccountability(accountability) } }];
    }
    default:
      return assertNever(command, 'rectification command');
  }
}

function notFound(rectificationId: string): NotFoundError {
  return new NotFoundError('RECTIFICATION_NOT_FOUND', `整改 ${rectificationId} 不存在`);
}

/** Issued and not closed: every step but issuing and recording accountability needs that. */
function open(state: RectificationState, rectificationId: string): Issued {
  if (state.status === 'none') throw notFound(rectificationId);
  if (state.status === 'closed') throw new ConflictError('RECTIFICATION_CLOSED', '整改已办结');
  return state;
}

/** Accepting and returning judge a reply: there must be one not yet judged. */
function awaitingVerdict(state: RectificationState, rectificationId: string): Issued {
  const current = open(state, rectificationId);
  if (current.status === 'awaiting_reply') throw new ConflictError('RECTIFICATION_NOT_REPLIED', '执法主体尚未答复整改情况');
  if (current.status === 'accepted') throw new ConflictError('RECTIFICATION_ALREADY_ACCEPTED', '整改已验收');
  return current;
}

function notBefore(field: string, at: Date, earliest: Date, message: string) {
  if (Number.isNaN(at.getTime())) return [{ field, code: 'TIME_INVALID', message: '时间无效' }];
  return at.getTime() < earliest.getTime() ? [{ field, code: 'TIME_BEFORE_PREVIOUS_STEP', message }] : [];
}

function evolve(state: RectificationState, event: RectificationEvent): RectificationState {
  if (event.type === 'RectificationNoticeIssued') {
    const d = event.data;
    return {
      status: 'awaiting_reply',
      rectificationId: d.rectificationId,
      countyCode: d.countyCode,
      agencyId: d.agencyId,
      documentKind: d.documentKind,
      documentNumber: d.documentNumber,
      issuedAt: d.issuedAt,
      deadline: d.deadline,
      returns: 0,
      escalationLevel: 0,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'RectificationReplied':
      return { ...state, status: 'replied', lastRepliedAt: event.data.repliedAt };
    case 'RectificationAccepted':
      return { ...state, status: 'accepted' };
    case 'RectificationReturned':
      return { ...state, status: 'awaiting_reply', deadline: event.data.newDeadline, returns: event.data.round };
    case 'RectificationEscalated':
      return {
        ...state,
        escalationLevel: event.data.level,
        escalatedDeadline: event.data.overdueSince,
        // A new deadline given with the reminder can itself pass and escalate again.
        deadline: event.data.newDeadline ?? state.deadline,
      };
    case 'RectificationClosed':
      return { ...state, status: 'closed', outcome: event.data.outcome, closedAt: event.data.closedAt };
    case 'AccountabilityRecorded':
    case 'RectificationMarkedForPublication':
      return state;
    default:
      return assertNever(event, 'rectification event');
  }
}

/** Aggregate type in the stream id `${countyCode}/Rectification/${rectificationId}`. */
export const RECTIFICATION_AGGREGATE = 'Rectification';

export const rectificationDecider: Decider<RectificationCommand, RectificationEvent, RectificationState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
