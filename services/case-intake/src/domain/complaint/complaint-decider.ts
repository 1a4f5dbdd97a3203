import { ConflictError, NotFoundError, ValidationError, assertNever, normalizeMainlandPhone, type Decider } from '@lesp/core';
import type { ComplaintEvent } from '@lesp/contracts';
import type { ComplaintCommand } from './complaint-commands.js';
import {
  MAX_TEXT,
  agencyViolations,
  handlingViolations,
  receiptViolations,
  textViolations,
  type ComplaintStatus,
} from './complaint-rules.js';

export type { ComplaintEvent };

export type ComplaintState =
  { readonly status: 'none' } | { readonly status: ComplaintStatus; readonly complaintId: string; readonly agencyId?: string };

type Existing = Exclude<ComplaintState, { status: 'none' }>;

const DAY_MS = 24 * 60 * 60 * 1000;

function decide(command: ComplaintCommand, state: ComplaintState): readonly ComplaintEvent[] {
  switch (command.type) {
    case 'ReceiveComplaint': {
      const data = command.data;
      if (state.status !== 'none') throw new ConflictError('COMPLAINT_ALREADY_RECEIVED', `投诉举报 ${data.complaintId} 已登记`);
      const violations = receiptViolations(data);
      if (data.concernedAgency) violations.push(...agencyViolations('concernedAgencyId', data.concernedAgency));
      if (violations.length > 0) throw new ValidationError(violations);
      const name = data.complainant?.name.trim() ?? '';
      const phone = data.complainant ? (normalizeMainlandPhone(data.complainant.phone) ?? '') : '';
      return [
        {
          type: 'ComplaintReceived',
          data: {
            complaintId: data.complaintId,
            source: data.source,
            subject: data.subject.trim(),
            summary: data.summary.trim(),
            complainant: name === '' && phone === '' ? undefined : { name, phone },
            concernedAgencyId: data.concernedAgency?.agencyId ?? '',
            trackingNumber: data.trackingNumber,
            receivedAt: data.receivedAt,
            handlingDays: data.handlingDays,
            dueAt: new Date(data.receivedAt.getTime() + data.handlingDays * DAY_MS),
          },
        },
      ];
    }
    case 'AssignComplaint': {
      const current = open(state, command.data.complaintId);
      if (current.status === 'answered') throw alreadyAnswered();
      const violations = [...agencyViolations('agencyId', command.data.agency)];
      if ([...command.data.note.trim()].length > MAX_TEXT) {
        violations.push({ field: 'note', code: 'ASSIGNMENT_NOTE_TOO_LONG', message: `转办意见不能超过 ${MAX_TEXT} 个字` });
      }
      if (violations.length > 0) throw new ValidationError(violations);
      if (current.agencyId === command.data.agency.agencyId) {
        throw new ConflictError('COMPLAINT_ALREADY_ASSIGNED', `该投诉举报已转办给 ${current.agencyId}`);
      }
      return [
        {
          type: 'ComplaintAssigned',
          data: { complaintId: command.data.complaintId, agencyId: command.data.agency.agencyId, note: command.data.note.trim() },
        },
      ];
    }
    case 'RecordComplaintHandling': {
      const { complaintId, agencyId, notes, officerIds } = command.data;
      assignedTo(open(state, complaintId), agencyId);
      const violations = handlingViolations(command.data);
      if (violations.length > 0) throw new ValidationError(violations);
      return [
        {
          type: 'ComplaintHandlingRecorded',
          data: { complaintId, agencyId, notes: notes.trim(), officerIds: officerIds.map((id) => id.trim()) },
        },
      ];
    }
    case 'AnswerComplaint': {
      const { complaintId, agencyId, answer, answeredAt } = command.data;
      assignedTo(open(state, complaintId), agencyId);
      const violations = textViolations('answer', answer, MAX_TEXT, '答复内容', 'ANSWER');
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'ComplaintAnswered', data: { complaintId, agencyId, answer: answer.trim(), answeredAt } }];
    }
    case 'CloseComplaint': {
      const current = open(state, command.data.complaintId);
      if (current.status !== 'answered') throw new ConflictError('COMPLAINT_NOT_ANSWERED', '投诉举报答复后方可办结');
      return [{ type: 'ComplaintClosed', data: { complaintId: command.data.complaintId } }];
    }
    case 'RejectComplaint': {
      const current = open(state, command.data.complaintId);
      if (current.status === 'answered') throw alreadyAnswered();
      if (current.status === 'in_handling') throw new ConflictError('COMPLAINT_IN_HANDLING', '投诉举报已在办理中，不能再不予受理');
      const violations = textViolations('reason', command.data.reason, MAX_TEXT, '不予受理理由', 'REJECTION_REASON');
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'ComplaintRejected', data: { complaintId: command.data.complaintId, reason: command.data.reason.trim() } }];
    }
    default:
      return assertNever(command, 'complaint command');
  }
}

/** The complaint exists and is neither closed nor rejected: every step but receiving needs that. */
function open(state: ComplaintState, complaintId: string): Existing {
  if (state.status === 'none') throw new NotFoundError('COMPLAINT_NOT_FOUND', `投诉举报 ${complaintId} 不存在`);
  if (state.status === 'closed') throw new ConflictError('COMPLAINT_CLOSED', '投诉举报已办结，不能再办理');
  if (state.status === 'rejected') throw new ConflictError('COMPLAINT_REJECTED', '投诉举报已不予受理，不能再办理');
  return state;
}

/** Handling and answering belong to the agency the complaint is assigned to, before it is answered. */
function assignedTo(state: Existing, agencyId: string): void {
  if (state.status === 'received' || state.agencyId === undefined) {
    throw new ConflictError('COMPLAINT_NOT_ASSIGNED', '投诉举报尚未转办，不能办理或答复');
  }
  if (state.status === 'answered') throw alreadyAnswered();
  if (state.agencyId !== agencyId) throw new ConflictError('COMPLAINT_ASSIGNED_ELSEWHERE', '该投诉举报未转办给此执法主体');
}

function alreadyAnswered(): ConflictError {
  return new ConflictError('COMPLAINT_ALREADY_ANSWERED', '投诉举报已答复');
}

function evolve(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  if (event.type === 'ComplaintReceived') return { status: 'received', complaintId: event.data.complaintId };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ComplaintAssigned':
      return { ...state, status: 'assigned', agencyId: event.data.agencyId };
    case 'ComplaintHandlingRecorded':
      return { ...state, status: 'in_handling' };
    case 'ComplaintAnswered':
      return { ...state, status: 'answered' };
    case 'ComplaintClosed':
      return { ...state, status: 'closed' };
    case 'ComplaintRejected':
      return { ...state, status: 'rejected' };
    default:
      return assertNever(event, 'complaint event');
  }
}

export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
