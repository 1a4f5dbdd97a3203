import type { JointMeetingEventV1 } from '@lesp/contracts';
import { ConflictError, ForbiddenError, NotFoundError, assertNever, type Decider, type Violation } from '@lesp/core';
import { currentMembers, leadAndHostOn, requireInForceMember, type AgreementState } from '../agreement/agreement-decider.js';
import { check, dateViolations, notAMember, notBefore, requiredText, textListViolations } from '../shared/rules.js';

export type MeetingEvent = JointMeetingEventV1;

/** Commands on one joint meeting (联席会议) of an agreement. */
export type MeetingCommand =
  | {
      readonly type: 'ScheduleMeeting';
      readonly data: {
        readonly meetingId: string;
        readonly agreement: AgreementState;
        /** The host, which the meeting's stream belongs to. */
        readonly countyCode: string;
        readonly scheduledFor: Date;
        readonly agenda: readonly string[];
        readonly scheduledBy: string;
      };
    }
  | {
      readonly type: 'HoldMeeting';
      readonly data: {
        readonly agreement: AgreementState;
        readonly countyCode: string;
        readonly heldAt: Date;
        readonly attendees: readonly { readonly countyCode: string; readonly names: readonly string[] }[];
        readonly minutes: string;
        /** The agreement's advice unanswered past its due date at `heldAt` (found by the application). */
        readonly escalatedAdvice: readonly { readonly adviceId: string; readonly countyCode: string }[];
        /** When it is recorded: a meeting is recorded once held, never ahead. */
        readonly recordedAt: Date;
      };
    }
  | {
      readonly type: 'RecordDecision';
      readonly data: {
        readonly agreement: AgreementState;
        readonly countyCode: string;
        readonly decisionId: string;
        readonly decision: string;
        /** A member county the decision assigns a task to, or "". */
        readonly assigneeCounty: string;
        readonly dueAt?: Date;
        readonly recordedAt: Date;
      };
    }
  | {
      readonly type: 'CompleteTask';
      readonly data: { readonly countyCode: string; readonly decisionId: string; readonly report: string; readonly completedAt: Date };
    };

export interface MeetingTask {
  readonly decisionId: string;
  readonly assigneeCounty: string;
  readonly dueAt?: Date;
  readonly completedAt?: Date;
}

export type MeetingState =
  | { readonly status: 'none' }
  | {
      readonly status: 'scheduled' | 'held';
      readonly meetingId: string;
      readonly agreementId: string;
      readonly countyCode: string;
      readonly scheduledFor: Date;
      readonly heldAt?: Date;
      readonly decisions: readonly MeetingTask[];
    };

function existing(state: MeetingState): Exclude<MeetingState, { status: 'none' }> {
  if (state.status === 'none') throw new NotFoundError('MEETING_NOT_FOUND', '联席会议不存在');
  return state;
}

function byHost(state: Exclude<MeetingState, { status: 'none' }>, countyCode: string): void {
  if (countyCode !== state.countyCode)
    throw new ForbiddenError('NOT_MEETING_HOST', `只有承办区县 ${state.countyCode} 可以记录本次联席会议`);
}

function decide(command: MeetingCommand, state: MeetingState): readonly MeetingEvent[] {
  switch (command.type) {
    case 'ScheduleMeeting': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('MEETING_EXISTS', '联席会议已安排');
      const agreement = requireInForceMember(d.agreement, d.countyCode);
      check([
        ...dateViolations('scheduledFor', d.scheduledFor, '会议时间'),
        ...textListViolations('agenda', d.agenda, '议程'),
        ...(d.agenda.length === 0 ? [{ field: 'agenda', code: 'AGENDA_REQUIRED', message: '至少列出一项议程' }] : []),
      ]);
      const turn = leadAndHostOn(agreement, d.scheduledFor);
      return [
        {
          type: 'JointMeetingScheduled',
          data: {
            meetingId: d.meetingId,
            agreementId: agreement.agreementId,
            agreementCounty: agreement.countyCode,
            countyCode: d.countyCode,
            inTurn: turn?.hostCounty === d.countyCode,
            scheduledFor: d.scheduledFor,
            agenda: [...d.agenda],
            scheduledBy: d.scheduledBy,
          },
        },
      ];
    }
    case 'HoldMeeting': {
      const d = command.data;
      const meeting = existing(state);
      byHost(meeting, d.countyCode);
      if (meeting.status === 'held') throw new ConflictError('MEETING_ALREADY_HELD', '联席会议已召开');
      const members = currentMembers(d.agreement);
      const violations: Violation[] = [
        ...dateViolations('heldAt', d.heldAt, '召开时间'),
        ...(d.heldAt.getTime() > d.recordedAt.getTime()
          ? [{ field: 'heldAt', code: 'TIME_IN_FUTURE', message: '召开时间不能晚于登记时间' }]
          : []),
        ...requiredText('minutes', d.minutes, '会议纪要'),
      ];
      if (d.attendees.length === 0) violations.push({ field: 'attendees', code: 'ATTENDEES_REQUIRED', message: '须列出参会区县' });
      d.attendees.forEach((a, i) => {
        if (!members.includes(a.countyCode))
          violations.push({
            field: `attendees[${i}].countyCode`,
            code: 'NOT_AGREEMENT_MEMBER',
            message: `参会区县须是协议成员`,
          });
        violations.push(...textListViolations(`attendees[${i}].names`, a.names, '参会人员'));
      });
      check(violations);
      return [
        {
          type: 'JointMeetingHeld',
          data: {
            meetingId: meeting.meetingId,
            heldAt: d.heldAt,
            attendees: d.attendees.map((a) => ({ countyCode: a.countyCode, names: [...a.names] })),
            minutes: d.minutes,
            escalatedAdvice: d.escalatedAdvice.map((a) => ({ ...a })),
          },
        },
      ];
    }
    case 'RecordDecision': {
      const d = command.data;
      const meeting = existing(state);
      byHost(meeting, d.countyCode);
      if (meeting.status !== 'held') throw new ConflictError('MEETING_NOT_HELD', '会议召开后才能记录决定事项');
      const violations: Violation[] = [
        ...requiredText('decision', d.decision, '决定事项'),
        ...dateViolations('recordedAt', d.recordedAt, '记录时间'),
      ];
      if (d.assigneeCounty !== '') {
        if (!currentMembers(d.agreement).includes(d.assigneeCounty)) throw notAMember(d.assigneeCounty);
        violations.push(
          ...dateViolations('dueAt', d.dueAt, '任务完成期限'),
          ...notBefore('dueAt', d.dueAt, meeting.heldAt, '会议召开时间'),
        );
      } else if (d.dueAt) {
        violations.push({ field: 'assigneeCounty', code: 'ASSIGNEE_REQUIRED', message: '有完成期限的任务须指定承办区县' });
      }
      check(violations);
      if (meeting.decisions.some((t) => t.decisionId === d.decisionId)) return [];
      return [
        {
          type: 'MeetingDecisionRecorded',
          data: {
            meetingId: meeting.meetingId,
            decisionId: d.decisionId,
            decision: d.decision,
            assigneeCounty: d.assigneeCounty,
            dueAt: d.assigneeCounty !== '' ? d.dueAt : undefined,
            recordedAt: d.recordedAt,
          },
        },
      ];
    }
    case 'CompleteTask': {
      const d = command.data;
      const meeting = existing(state);
      const task = meeting.decisions.find((t) => t.decisionId === d.decisionId);
      if (!task || task.assigneeCounty === '') throw new NotFoundError('TASK_NOT_FOUND', '会议决定中没有该任务');
      if (task.assigneeCounty !== d.countyCode) throw new ForbiddenError('NOT_TASK_ASSIGNEE', `该任务由区县 ${task.assigneeCounty} 承办`);
      if (task.completedAt) throw new ConflictError('TASK_ALREADY_COMPLETED', '该任务已完成');
      check([...requiredText('report', d.report, '完成情况'), ...dateViolations('completedAt', d.completedAt, '完成时间')]);
      return [{ type: 'MeetingTaskCompleted', data: { meetingId: meeting.meetingId, ...d } }];
    }
    default:
      return assertNever(command, 'meeting command');
  }
}

function evolve(state: MeetingState, event: MeetingEvent): MeetingState {
  if (event.type === 'JointMeetingScheduled') {
    const d = event.data;
    return {
      status: 'scheduled',
      meetingId: d.meetingId,
      agreementId: d.agreementId,
      countyCode: d.countyCode,
      scheduledFor: d.scheduledFor ?? new Date(0),
      decisions: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'JointMeetingHeld':
      return { ...state, status: 'held', heldAt: event.data.heldAt! };
    case 'MeetingDecisionRecorded': {
      const d = event.data;
      return {
        ...state,
        decisions: [
          ...state.decisions,
          { decisionId: d.decisionId, assigneeCounty: d.assigneeCounty, ...(d.dueAt ? { dueAt: d.dueAt } : {}) },
        ],
      };
    }
    case 'MeetingTaskCompleted':
      return {
        ...state,
        decisions: state.decisions.map((t) =>
          t.decisionId === event.data.decisionId ? { ...t, completedAt: event.data.completedAt! } : t,
        ),
      };
    default:
      return assertNever(event, 'meeting event');
  }
}

export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
