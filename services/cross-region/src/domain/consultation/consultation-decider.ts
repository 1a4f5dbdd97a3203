import type { ConsultationEventV1 } from '@lesp/contracts';
import { ConflictError, ForbiddenError, NotFoundError, assertNever, type Decider, type Violation } from '@lesp/core';
import { currentMembers, requireInForceMember, type AgreementState } from '../agreement/agreement-decider.js';
import {
  MAX_SHORT_TEXT,
  check,
  countyListViolations,
  dateViolations,
  notBefore,
  requiredText,
  textListViolations,
} from '../shared/rules.js';

export type ConsultationEvent = ConsultationEventV1;

export const CONSULTATION_KINDS = { consultation: '协商', hearing: '听证会' } as const;
export type ConsultationKind = keyof typeof CONSULTATION_KINDS;
/** Outcomes each kind can have: a consultation ends agreed or not; a hearing is heard. */
export const OUTCOMES: Readonly<Record<ConsultationKind, readonly string[]>> = {
  consultation: ['agreed', 'not_agreed'],
  hearing: ['heard'],
};

/** Commands on one consultation (协商) between members or hearing (听证会) of affected parties. */
export type ConsultationCommand =
  | {
      readonly type: 'RequestConsultation';
      readonly data: {
        readonly consultationId: string;
        readonly agreement: AgreementState;
        /** The requesting county, which the stream belongs to. */
        readonly countyCode: string;
        readonly kind: ConsultationKind;
        readonly subject: string;
        /** The incident it is about, or "". */
        readonly incidentId: string;
        /** Member counties taking part (a consultation: at least two, the requester among them). */
        readonly parties: readonly string[];
        /** Affected parties heard (a hearing), described without personal data (e.g. 下游村民代表). */
        readonly affectedParties: readonly string[];
        readonly scheduledFor: Date;
        readonly requestedBy: string;
        readonly requestedAt: Date;
      };
    }
  | {
      readonly type: 'RecordOutcome';
      readonly data: {
        readonly countyCode: string;
        readonly heldAt: Date;
        readonly participants: readonly string[];
        readonly outcome: string;
        readonly summary: string;
        readonly recordedAt: Date;
      };
    };

export type ConsultationState =
  | { readonly status: 'none' }
  | {
      readonly status: 'requested' | 'concluded';
      readonly consultationId: string;
      readonly countyCode: string;
      readonly kind: ConsultationKind;
      readonly subject: string;
      readonly parties: readonly string[];
      readonly requestedAt: Date;
    };

function decide(command: ConsultationCommand, state: ConsultationState): readonly ConsultationEvent[] {
  switch (command.type) {
    case 'RequestConsultation': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('CONSULTATION_EXISTS', '协商或听证已提出');
      const agreement = requireInForceMember(d.agreement, d.countyCode);
      const members = currentMembers(agreement);
      const violations: Violation[] = [
        ...(Object.hasOwn(CONSULTATION_KINDS, d.kind)
          ? []
          : [{ field: 'kind', code: 'KIND_UNKNOWN', message: '应为 consultation（协商）或 hearing（听证会）' }]),
        ...requiredText('subject', d.subject, '事项', MAX_SHORT_TEXT),
        ...countyListViolations('parties', d.parties, '参加区县', d.kind === 'consultation' ? 2 : 1),
        ...textListViolations('affectedParties', d.affectedParties, '利害关系人'),
        ...dateViolations('scheduledFor', d.scheduledFor, '时间'),
        ...dateViolations('requestedAt', d.requestedAt, '提出时间'),
      ];
      if (violations.length === 0) {
        if (!d.parties.includes(d.countyCode))
          violations.push({ field: 'parties', code: 'REQUESTER_NOT_PARTY', message: '提出的区县须参加' });
        d.parties.forEach((p, i) => {
          if (!members.includes(p))
            violations.push({ field: `parties[${i}]`, code: 'NOT_AGREEMENT_MEMBER', message: `区县 ${p} 不是协议成员` });
        });
        if (d.kind === 'hearing' && d.affectedParties.length === 0) {
          violations.push({ field: 'affectedParties', code: 'AFFECTED_PARTIES_REQUIRED', message: '听证会须列出利害关系人' });
        }
      }
      check(violations);
      return [
        {
          type: 'ConsultationRequested',
          data: {
            consultationId: d.consultationId,
            agreementId: agreement.agreementId,
            countyCode: d.countyCode,
            kind: d.kind,
            subject: d.subject.trim(),
            incidentId: d.incidentId,
            parties: [...d.parties],
            affectedParties: [...d.affectedParties],
            scheduledFor: d.scheduledFor,
            requestedBy: d.requestedBy,
            requestedAt: d.requestedAt,
          },
        },
      ];
    }
    case 'RecordOutcome': {
      const d = command.data;
      if (state.status === 'none') throw new NotFoundError('CONSULTATION_NOT_FOUND', '协商或听证不存在');
      if (!state.parties.includes(d.countyCode))
        throw new ForbiddenError('NOT_A_PARTY', `区县 ${d.countyCode} 未参加该${CONSULTATION_KINDS[state.kind]}`);
      if (state.status === 'concluded') throw new ConflictError('CONSULTATION_CONCLUDED', `该${CONSULTATION_KINDS[state.kind]}已记录结果`);
      check([
        ...dateViolations('heldAt', d.heldAt, '召开时间'),
        ...notBefore('heldAt', d.heldAt, state.requestedAt, '提出时间'),
        ...(d.heldAt.getTime() > d.recordedAt.getTime()
          ? [{ field: 'heldAt', code: 'TIME_IN_FUTURE', message: '召开时间不能晚于登记时间' }]
          : []),
        ...textListViolations('participants', d.participants, '参加人员'),
        ...(OUTCOMES[state.kind].includes(d.outcome)
          ? []
          : [
              {
                field: 'outcome',
                code: 'OUTCOME_UNKNOWN',
                message: `${CONSULTATION_KINDS[state.kind]}的结果应为 ${OUTCOMES[state.kind].join('、')}`,
              },
            ]),
        ...requiredText('summary', d.summary, '结果说明'),
      ]);
      return [{ type: 'ConsultationConcluded', data: { consultationId: state.consultationId, ...d, participants: [...d.participants] } }];
    }
    default:
      return assertNever(command, 'consultation command');
  }
}

function evolve(state: ConsultationState, event: ConsultationEvent): ConsultationState {
  switch (event.type) {
    case 'ConsultationRequested': {
      const d = event.data;
      return {
        status: 'requested',
        consultationId: d.consultationId,
        countyCode: d.countyCode,
        kind: d.kind as ConsultationKind,
        subject: d.subject,
        parties: d.parties,
        requestedAt: d.requestedAt ?? new Date(0),
      };
    }
    case 'ConsultationConcluded':
      return state.status === 'none' ? state : { ...state, status: 'concluded' };
    default:
      return assertNever(event, 'consultation event');
  }
}

export const consultationDecider: Decider<ConsultationCommand, ConsultationEvent, ConsultationState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
