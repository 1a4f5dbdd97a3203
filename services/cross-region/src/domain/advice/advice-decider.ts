import type { AdministrativeAdviceEventV1 } from '@lesp/contracts';
import { ConflictError, ForbiddenError, NotFoundError, assertNever, type Decider } from '@lesp/core';
import { currentMembers, requireInForceMember, type AgreementState } from '../agreement/agreement-decider.js';
import { MAX_SHORT_TEXT, check, countyViolations, dateViolations, notAMember, notBefore, requiredText } from '../shared/rules.js';

export type AdviceEvent = AdministrativeAdviceEventV1;

/** Commands on one administrative advice (行政建议) from a member without jurisdiction to the competent member. */
export type AdviceCommand =
  | {
      readonly type: 'SendAdvice';
      readonly data: {
        readonly adviceId: string;
        readonly agreement: AgreementState;
        /** The sending county, which the advice's stream belongs to. */
        readonly countyCode: string;
        readonly toCounty: string;
        /** The incident it concerns, if any ("" for none). */
        readonly incidentId: string;
        readonly subject: string;
        readonly content: string;
        readonly dueAt: Date;
        readonly sentBy: string;
        /** When it was sent (advice on paper is recorded later), not after `recordedAt`. */
        readonly sentAt: Date;
        readonly recordedAt: Date;
      };
    }
  | {
      readonly type: 'AnswerAdvice';
      readonly data: { readonly countyCode: string; readonly answer: string; readonly answeredBy: string; readonly answeredAt: Date };
    }
  | {
      /** Issued by the process manager when a joint meeting is held: unanswered advice past its due date goes before it. */
      readonly type: 'EscalateAdvice';
      readonly data: { readonly meetingId: string; readonly meetingCounty: string; readonly escalatedAt: Date };
    }
  | {
      /**
       * Issued by the escalation timer with the time it fired and the agreement's next scheduled
       * joint meeting, if there is one: advice unanswered past its due date goes on that meeting's
       * agenda, or is flagged as awaiting a meeting (once) until one is scheduled.
       */
      readonly type: 'EscalateOverdueAdvice';
      readonly data: { readonly now: Date; readonly nextMeeting?: { readonly meetingId: string; readonly meetingCounty: string } };
    };

export type AdviceState =
  | { readonly status: 'none' }
  | {
      readonly status: 'sent' | 'answered';
      readonly adviceId: string;
      readonly agreementId: string;
      readonly countyCode: string;
      readonly toCounty: string;
      readonly subject: string;
      readonly dueAt: Date;
      readonly sentAt: Date;
      readonly answeredAt?: Date;
      readonly escalatedTo?: string;
      /** Overdue with no meeting to go before yet. */
      readonly awaitingSince?: Date;
    };

/** Unanswered after its due date at `at`. */
export function adviceOverdue(state: AdviceState, at: Date): boolean {
  return state.status === 'sent' && at.getTime() >= state.dueAt.getTime();
}

function decide(command: AdviceCommand, state: AdviceState): readonly AdviceEvent[] {
  switch (command.type) {
    case 'SendAdvice': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('ADVICE_EXISTS', '行政建议已发出');
      const agreement = requireInForceMember(d.agreement, d.countyCode);
      check([
        ...countyViolations('toCounty', d.toCounty),
        ...(d.toCounty === d.countyCode ? [{ field: 'toCounty', code: 'ADVICE_TO_SELF', message: '行政建议应发给其他成员区县' }] : []),
        ...requiredText('subject', d.subject, '建议事项', MAX_SHORT_TEXT),
        ...requiredText('content', d.content, '建议内容'),
        ...dateViolations('dueAt', d.dueAt, '答复期限'),
        ...dateViolations('sentAt', d.sentAt, '发出时间'),
        ...(d.sentAt.getTime() > d.recordedAt.getTime()
          ? [{ field: 'sentAt', code: 'TIME_IN_FUTURE', message: '发出时间不能晚于登记时间' }]
          : []),
        ...(d.dueAt.getTime() <= d.sentAt.getTime()
          ? [{ field: 'dueAt', code: 'DUE_NOT_AFTER_SENT', message: '答复期限应晚于发出时间' }]
          : []),
      ]);
      if (!currentMembers(agreement).includes(d.toCounty)) throw notAMember(d.toCounty, `合作协议“${agreement.name}”`);
      return [
        {
          type: 'AdviceSent',
          data: {
            adviceId: d.adviceId,
            agreementId: agreement.agreementId,
            agreementCounty: agreement.countyCode,
            countyCode: d.countyCode,
            toCounty: d.toCounty,
            incidentId: d.incidentId,
            subject: d.subject.trim(),
            content: d.content,
            dueAt: d.dueAt,
            sentBy: d.sentBy,
            sentAt: d.sentAt,
          },
        },
      ];
    }
    case 'AnswerAdvice': {
      const d = command.data;
      if (state.status === 'none') throw new NotFoundError('ADVICE_NOT_FOUND', '行政建议不存在');
      if (d.countyCode !== state.toCounty)
        throw new ForbiddenError('NOT_ADVICE_RECIPIENT', `只有收到建议的区县 ${state.toCounty} 可以答复`);
      if (state.status === 'answered') throw new ConflictError('ADVICE_ALREADY_ANSWERED', `行政建议“${state.subject}”已答复`);
      check([
        ...requiredText('answer', d.answer, '答复内容'),
        ...dateViolations('answeredAt', d.answeredAt, '答复时间'),
        ...notBefore('answeredAt', d.answeredAt, state.sentAt, '发出时间'),
      ]);
      return [
        {
          type: 'AdviceAnswered',
          data: { adviceId: state.adviceId, answer: d.answer, answeredBy: d.answeredBy, answeredAt: d.answeredAt },
        },
      ];
    }
    case 'EscalateAdvice': {
      const d = command.data;
      if (state.status === 'none') throw new NotFoundError('ADVICE_NOT_FOUND', '行政建议不存在');
      // Answered meanwhile, or already before a meeting: nothing more to do (a redelivered firing records nothing).
      if (state.status === 'answered' || state.escalatedTo !== undefined) return [];
      if (!adviceOverdue(state, d.escalatedAt)) throw new ConflictError('ADVICE_NOT_DUE', `行政建议“${state.subject}”尚未到答复期限`);
      return [{ type: 'AdviceEscalated', data: { adviceId: state.adviceId, ...d } }];
    }
    case 'EscalateOverdueAdvice': {
      const d = command.data;
      if (state.status === 'none') throw new NotFoundError('ADVICE_NOT_FOUND', '行政建议不存在');
      // A timer fires again and again: answered, not due yet, already escalated or already flagged records nothing.
      if (state.escalatedTo !== undefined || !adviceOverdue(state, d.now)) return [];
      if (d.nextMeeting) {
        return [{ type: 'AdviceEscalated', data: { adviceId: state.adviceId, ...d.nextMeeting, escalatedAt: d.now } }];
      }
      if (state.awaitingSince !== undefined) return [];
      return [{ type: 'AdviceAwaitingMeeting', data: { adviceId: state.adviceId, flaggedAt: d.now } }];
    }
    default:
      return assertNever(command, 'advice command');
  }
}

function evolve(state: AdviceState, event: AdviceEvent): AdviceState {
  if (event.type === 'AdviceSent') {
    const d = event.data;
    return {
      status: 'sent',
      adviceId: d.adviceId,
      agreementId: d.agreementId,
      countyCode: d.countyCode,
      toCounty: d.toCounty,
      subject: d.subject,
      dueAt: d.dueAt ?? new Date(0),
      sentAt: d.sentAt ?? new Date(0),
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AdviceAnswered':
      return { ...state, status: 'answered', answeredAt: event.data.answeredAt! };
    case 'AdviceEscalated':
      return { ...state, escalatedTo: event.data.meetingId };
    case 'AdviceAwaitingMeeting':
      return { ...state, awaitingSince: event.data.flaggedAt ?? new Date(0) };
    default:
      return assertNever(event, 'advice event');
  }
}

export const adviceDecider: Decider<AdviceCommand, AdviceEvent, AdviceState> = { decide, evolve, initialState: () => ({ status: 'none' }) };
